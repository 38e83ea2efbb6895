package vn.nguon.api.batch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;

import org.springframework.http.ProblemDetail;

/**
 * The problem answers every operation of these controllers may give, for the OpenAPI document:
 * RFC 9457 {@code application/problem+json} with a stable {@code type} ({@code /problems/<code>})
 * and a {@code detail} in the caller's language (Vietnamese by default, English by
 * {@code Accept-Language}).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@ApiResponses({
		@ApiResponse(responseCode = "400", description = "Invalid input (e.g. invalid-gtin, invalid-lot, invalid-quantity, "
				+ "invalid-unit, harvest-date-in-future, missing-field); nothing was stored",
				content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
		@ApiResponse(responseCode = "401", description = "Not signed in",
				content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
		@ApiResponse(responseCode = "403", description = "Role, token scope or farm assignment does not allow this",
				content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
		@ApiResponse(responseCode = "404", description = "No such farm, product or batch in the caller's organisation",
				content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
		@ApiResponse(responseCode = "409", description = "Conflict: lot-taken, gtin-taken, batch-recalled, batch-consumed, "
				+ "batch-invalid-stage, idempotency-key-reused (same key, different request)",
				content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
@interface ProblemResponses {

}
