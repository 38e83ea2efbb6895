package vn.nguon.api.web;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL out of reach while a web filter (bearer token look-up) runs: the failure never reaches
 * a controller, and must still come out as 503 problem+json, not Spring Boot's bare 500.
 */
class DatabaseUnavailableHandlerTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final DatabaseUnavailableHandler handler;

	DatabaseUnavailableHandlerTests() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		this.handler = new DatabaseUnavailableHandler(new ProblemHandler(messages), this.json);
	}

	@Test
	void whenConnectionCannotBeObtainedThen503ProblemWithRetryAfter() {
		MockServerWebExchange exchange = exchange();
		Throwable ex = new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
				new ConnectException("Connection refused"));

		this.handler.handle(exchange, ex).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		JsonNode body = this.json.readTree(exchange.getResponse().getBodyAsString().block());
		assertThat(body.get("status").asInt()).isEqualTo(503);
		assertThat(body.get("code").asString()).isEqualTo("unavailable");
		assertThat(body.get("type").asString()).isEqualTo("/problems/unavailable");
		assertThat(body.get("detail").asString()).contains("temporarily unavailable");
		assertThat(exchange.getResponse().getHeaders().getContentLength())
			.isEqualTo(exchange.getResponse().getBodyAsString().block().getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void whenTransactionCannotBeginDeepInTheCauseChainThen503() {
		MockServerWebExchange exchange = exchange();
		Throwable ex = new IllegalStateException("capture failed",
				new CannotCreateTransactionException("Could not open R2DBC Connection for transaction"));

		this.handler.handle(exchange, ex).block();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void whenAnyOtherFailureThenPassedOnUntouched() {
		MockServerWebExchange exchange = exchange();
		Throwable ex = new DataIntegrityViolationException("duplicate key");

		Throwable passed = this.handler.handle(exchange, ex).then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block();

		assertThat(passed).isSameAs(ex);
		assertThat(exchange.getResponse().getStatusCode()).isNull();
		assertThat(ProblemHandler.isDatabaseUnavailable(new IllegalStateException("no cause"))).isFalse();
	}

	private static MockServerWebExchange exchange() {
		return MockServerWebExchange.from(MockServerHttpRequest.get("/api/batches")
			.header(HttpHeaders.AUTHORIZATION, "Bearer some-token")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "en"));
	}

}
