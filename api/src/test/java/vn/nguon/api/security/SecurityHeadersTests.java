package vn.nguon.api.security;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The one writer of the security headers: HSTS only over https, cache control only where none was set. */
class SecurityHeadersTests {

	static HttpHeaders written(String url, boolean withCacheControl) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(url));
		if (withCacheControl) {
			exchange.getResponse().getHeaders().setCacheControl("max-age=30, public");
		}
		SecurityHeaders.writer().writeHttpHeaders(exchange).block();
		return exchange.getResponse().getHeaders();
	}

	@Test
	void httpsGetsStrictTransportSecurityAndPlainHttpDoesNot() {
		assertThat(written("https://nguon.test/01/09506000134352/10/A", true).getFirst("Strict-Transport-Security"))
			.isEqualTo("max-age=31536000 ; includeSubDomains");
		assertThat(written("http://localhost/01/09506000134352/10/A", true).containsHeader("Strict-Transport-Security"))
			.isFalse();
	}

	@Test
	void anAnswersOwnCacheControlIsKeptAndOthersAreNotStored() {
		assertThat(written("http://localhost/x", true).getCacheControl()).isEqualTo("max-age=30, public");
		assertThat(written("http://localhost/x", false).getCacheControl()).contains("no-store");
		HttpHeaders h = written("http://localhost/x", false);
		assertThat(h.getFirst("Content-Security-Policy")).isEqualTo(SecurityConfig.CSP);
		assertThat(h.getFirst("X-XSS-Protection")).isEqualTo("0");
	}

}
