package vn.nguon.api.resolver;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import vn.nguon.api.security.ClientRateLimits;
import vn.nguon.api.security.SecurityProperties;
import vn.nguon.traceability.consumer.ScanCounter;
import vn.nguon.traceability.gs1.LotRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Which requests the shortcut answers and which it leaves to the chain, against a page cache that
 * holds one lot (a mock) and a public limit of three requests a minute. That its answers equal the
 * controller's is {@link ConsumerPageShortcutHttpTests}.
 */
class ConsumerPageShortcutTests {

	static final String PATH = "/01/09506000134352/10/ABC-1";

	final ConsumerPages pages = mock(ConsumerPages.class);

	final ScanCounter scans = mock(ScanCounter.class);

	final ConsumerPageShortcut shortcut = new ConsumerPageShortcut(this.pages, this.scans,
			new ClientRateLimits(new SecurityProperties(true, null, null, null, 3), null));

	final AtomicInteger passedOn = new AtomicInteger();

	final WebFilterChain chain = exchange -> {
		this.passedOn.incrementAndGet();
		return Mono.empty();
	};

	ConsumerPageShortcutTests() {
		when(this.pages.base()).thenReturn("https://nguon.test");
		ConsumerPages.Rendered html = ConsumerPages.Rendered.of("html-vi", "<p>trang</p>".getBytes(StandardCharsets.UTF_8));
		when(this.pages.inMemory(any(LotRef.class), eq(false), eq(Languages.VI))).thenReturn(html);
	}

	MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(request.remoteAddress(new InetSocketAddress("198.51.100.7", 40000)).build());
		this.shortcut.filter(exchange, this.chain).block();
		return exchange;
	}

	@Test
	void aCachedPageIsAnsweredWithItsHeadersAndCountedUntilTheLimitThenTheChainAnswers() {
		for (int i = 0; i < 3; i++) {
			MockServerWebExchange ok = run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML));
			assertThat(ok.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(ok.getResponse().getBodyAsString().block()).isEqualTo("<p>trang</p>");
			HttpHeaders h = ok.getResponse().getHeaders();
			assertThat(h.getContentType()).isEqualTo(ResolverController.HTML);
			assertThat(h.getETag()).startsWith("\"html-vi-");
			assertThat(h.get(HttpHeaders.LINK)).hasSize(3);
			assertThat(h.getFirst("Content-Security-Policy")).contains("script-src 'self'");
			assertThat(h.getFirst("X-Frame-Options")).isEqualTo("DENY");
			assertThat(h.getCacheControl()).contains("max-age=30");
		}
		assertThat(this.passedOn).hasValue(0);
		verify(this.scans, times(3)).count(any());
		MockServerWebExchange limited = run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML));
		assertThat(limited.getResponse().getStatusCode()).as("the chain answers the 429").isNull();
		assertThat(this.passedOn).hasValue(1);
		verify(this.scans, times(3)).count(any());
	}

	@Test
	void aCurrentTagIsAnswered304() {
		String tag = run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML)).getResponse().getHeaders().getETag();
		MockServerWebExchange again = run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML).ifNoneMatch(tag));
		assertThat(again.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
		assertThat(again.getResponse().getBodyAsString().block()).isEmpty();
		assertThat(again.getResponse().getHeaders().getETag()).isEqualTo(tag);
	}

	@Test
	void everythingElseIsLeftToTheChain() {
		run(MockServerHttpRequest.get(PATH + "?lang=en").accept(MediaType.TEXT_HTML));
		run(MockServerHttpRequest.head(PATH).accept(MediaType.TEXT_HTML));
		run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML).header(HttpHeaders.AUTHORIZATION, "Bearer x"));
		run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML).cookie(new org.springframework.http.HttpCookie("SESSION", "s")));
		run(MockServerHttpRequest.get(PATH).accept(MediaType.TEXT_HTML).header(HttpHeaders.ORIGIN, "https://shop.example"));
		run(MockServerHttpRequest.get(PATH).accept(MediaType.APPLICATION_JSON)); // not in memory (the mock knows HTML only)
		run(MockServerHttpRequest.get(PATH).header(HttpHeaders.ACCEPT, "application/linkset+json"));
		run(MockServerHttpRequest.get(PATH).header(HttpHeaders.ACCEPT, "not a media type"));
		run(MockServerHttpRequest.get("/01/09506000134352/10/AB%2F1").accept(MediaType.TEXT_HTML));
		run(MockServerHttpRequest.get("/01/09506000134352").accept(MediaType.TEXT_HTML));
		run(MockServerHttpRequest.get("/01/09506000134353/10/ABC-1").accept(MediaType.TEXT_HTML)); // wrong check digit
		run(MockServerHttpRequest.get(PATH + "/").accept(MediaType.TEXT_HTML));
		run(MockServerHttpRequest.get("/qr" + PATH).accept(MediaType.TEXT_HTML));
		assertThat(this.passedOn).hasValue(13);
		verify(this.scans, times(0)).count(any());
	}

	@Test
	void onlyPlainPathsAreTakenAsTheyAre() {
		assertThat(ConsumerPageShortcut.plain(PATH)).isTrue();
		assertThat(ConsumerPageShortcut.plain("/01/09506000134352/10/A.B_C")).isTrue();
		for (String path : new String[] { "/01/x/10/a%2Fb", "/01/x/10/a;b", "/01//10/a", "/01/x/10/./a", "/01/x/10/../a",
				"/01/x/10/a/", "/01/x/10/a..b", "/01/x/10/\u00e0", "/01/x/10/a\\b" }) {
			assertThat(ConsumerPageShortcut.plain(path)).as(path).isFalse();
		}
	}

}
