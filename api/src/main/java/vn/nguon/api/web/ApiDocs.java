package vn.nguon.api.web;

import java.util.Locale;
import java.util.Optional;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's frame: title and version from the build, the two ways to authenticate
 * (a bearer access token, or the browser's {@code SESSION} cookie) so Swagger UI's "Authorize"
 * works, and on every operation the problem answers a caller can cause (RFC 9457
 * {@code application/problem+json}) and a summary (the one written on the handler, else one made
 * from its name).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

	static final String BEARER = "bearerToken";

	static final String COOKIE = "sessionCookie";

	@Bean
	OpenAPI nguonOpenApi(ObjectProvider<BuildProperties> build) {
		String version = Optional.ofNullable(build.getIfAvailable()).map(BuildProperties::getVersion)
			.orElseGet(() -> Optional.ofNullable(ApiDocs.class.getPackage().getImplementationVersion()).orElse("dev"));
		return new OpenAPI()
			.info(new Info().title("Nguồn API")
				.version(version)
				.description("Traceability of farm produce (EPCIS 2.0, GS1 Digital Link), quality grades from photos, "
						+ "and a transparency log. Errors are RFC 9457 application/problem+json in Vietnamese or English "
						+ "(Accept-Language).")
				.license(new License().name("Apache-2.0")))
			.components(new Components()
				.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
					.description("An access token from POST /api/tokens (or NGUON_ADMIN_TOKEN)"))
				.addSecuritySchemes(COOKIE, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.COOKIE).name("SESSION")
					.description("The browser session from POST /api/session (state-changing requests also need the "
							+ "X-XSRF-TOKEN header echoing the XSRF-TOKEN cookie)")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER))
			.addSecurityItem(new SecurityRequirement().addList(COOKIE));
	}

	@Bean
	OperationCustomizer problemAnswersAndSummaries() {
		return (operation, handler) -> {
			if (operation.getSummary() == null || operation.getSummary().isBlank()) {
				operation.setSummary(sentence(handler.getMethod().getName()) + " ("
						+ handler.getBeanType().getSimpleName().replace("Controller", "").toLowerCase(Locale.ROOT) + ")");
			}
			ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
			problem(responses, "400", "Invalid input; nothing was stored");
			problem(responses, "401", "Not signed in, or the token is unknown, expired or revoked");
			problem(responses, "403", "The role, the token's scopes or the farm assignment do not allow this");
			problem(responses, "404", "No such resource in the caller's organisation");
			problem(responses, "429", "Too many requests from this address; retry after the Retry-After seconds");
			operation.setResponses(responses);
			return operation;
		};
	}

	private static void problem(ApiResponses responses, String status, String description) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status, new ApiResponse().description(description)
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail")))));
		}
	}

	/** {@code listDeadLetters} → "List dead letters". */
	static String sentence(String methodName) {
		String words = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
