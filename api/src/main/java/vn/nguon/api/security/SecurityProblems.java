package vn.nguon.api.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.api.web.ProblemHandler;
import vn.nguon.api.web.Problems;

/**
 * Problem details (RFC 9457) answered by the security layer itself (401, 403, 429), built by
 * {@link ProblemHandler#respond} so type, status and localized detail come from the same place
 * as every other problem.
 */
@Component
public class SecurityProblems {

	private final ProblemHandler problems;

	private final JsonMapper json;

	public SecurityProblems(ProblemHandler problems, JsonMapper json) {
		this.problems = problems;
		this.json = json;
	}

	/** @return a 401 answer with {@code WWW-Authenticate: Bearer} */
	public ResponseEntity<ProblemDetail> unauthorized(ServerWebExchange exchange, String code, String fallback) {
		ResponseEntity<ProblemDetail> r = this.problems.respond(HttpStatus.UNAUTHORIZED, code, fallback, new Object[0],
				exchange);
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED).headers(r.getHeaders())
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.body(r.getBody());
	}

	/** @return a 429 answer with {@code Retry-After} in whole seconds */
	public ResponseEntity<ProblemDetail> tooManyRequests(ServerWebExchange exchange, Duration retryAfter) {
		ResponseEntity<ProblemDetail> r = this.problems.respond(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
				"Too many requests; try again in {0} seconds.", new Object[] { retryAfter.toSeconds() }, exchange);
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).headers(r.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()))
			.body(r.getBody());
	}

	/** @return a 403 answer */
	public ResponseEntity<ProblemDetail> forbidden(ServerWebExchange exchange, String code, String fallback) {
		return this.problems.respond(HttpStatus.FORBIDDEN, code, fallback, new Object[0], exchange);
	}

	/** Writes an answer directly to the response (for web filters). */
	public Mono<Void> write(ServerWebExchange exchange, ResponseEntity<ProblemDetail> answer) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(answer.getStatusCode());
		response.getHeaders().putAll(answer.getHeaders());
		byte[] bytes = this.json.writeValueAsString(Problems.body(answer.getBody())).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}
