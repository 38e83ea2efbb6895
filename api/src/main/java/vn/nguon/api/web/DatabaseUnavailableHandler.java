package vn.nguon.api.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers 503 problem+json with {@code Retry-After} when PostgreSQL is out of reach, wherever the
 * failure surfaced. {@link ProblemHandler}'s advice covers controllers; this handler covers the web
 * filters that run before any controller (bearer token and session look-ups), whose failures would
 * otherwise reach Spring Boot's error handler and come out as a bare 500. Ordered before that
 * handler ({@code -1}); every other failure passes through untouched.
 */
@Component
@Order(-2)
class DatabaseUnavailableHandler implements WebExceptionHandler {

	private final ProblemHandler problems;

	private final JsonMapper json;

	DatabaseUnavailableHandler(ProblemHandler problems, JsonMapper json) {
		this.problems = problems;
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (!ProblemHandler.isDatabaseUnavailable(ex) || response.isCommitted()) {
			return Mono.error(ex);
		}
		ResponseEntity<ProblemDetail> answer = this.problems.unavailableAnswer(ex, exchange);
		response.setStatusCode(answer.getStatusCode());
		response.getHeaders().putAll(answer.getHeaders());
		byte[] bytes = this.json.writeValueAsString(Problems.body(answer.getBody())).getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(bytes.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}
