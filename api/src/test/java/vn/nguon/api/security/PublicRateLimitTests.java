package vn.nguon.api.security;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilter;

import vn.nguon.api.web.ProblemHandler;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address limit on the public resolver paths. */
class PublicRateLimitTests {

	final WebFilter filter = SecurityConfig.publicRateLimit(
			new ClientRateLimits(new SecurityProperties(true, null, null, null, 3), null),
			new SecurityProblems(new ProblemHandler(new StaticMessageSource()), JsonMapper.builder().build()));

	MockServerWebExchange get(String path, String address) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(address, 40000)));
	}

	@Test
	void whenResolverLimitSpentThen429ProblemWithRetryAfter() {
		for (int i = 0; i < 3; i++) {
			MockServerWebExchange ok = get("/01/09506000134352/10/LOT" + i, "198.51.100.4");
			this.filter.filter(ok, e -> Mono.empty()).block();
			assertThat(ok.getResponse().getStatusCode()).isNull();
		}
		MockServerWebExchange limited = get("/qr/09506000134352/10/LOT", "198.51.100.4");
		this.filter.filter(limited, e -> Mono.empty()).block();
		assertThat(limited.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(limited.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).matches("[1-9][0-9]*");
		assertThat(limited.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(limited.getResponse().getBodyAsString().block()).contains("\"status\":429")
			.contains("too-many-requests");

		MockServerWebExchange otherClient = get("/01/09506000134352/10/LOT", "198.51.100.5");
		this.filter.filter(otherClient, e -> Mono.empty()).block();
		assertThat(otherClient.getResponse().getStatusCode()).isNull();
	}

	@Test
	void otherPathsAreNotLimitedHere() {
		for (int i = 0; i < 10; i++) {
			MockServerWebExchange exchange = get("/transparency/head", "198.51.100.6");
			this.filter.filter(exchange, e -> Mono.empty()).block();
			assertThat(exchange.getResponse().getStatusCode()).isNull();
		}
	}

}
