package vn.nguon.api.resolver;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The QR controller draws on its own scheduler, so the Netty event loop never waits for a PNG. */
class QrControllerTests {

	@Test
	void theImageIsDrawnOnTheQrSchedulerAndARevalidationDrawsNothing() {
		ConsumerPages pages = mock(ConsumerPages.class);
		when(pages.base()).thenReturn("https://nguon.test");
		QrController controller = new QrController(pages);
		try {
			String path = "/qr/01/09520123456788/10/ABC";
			var exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
			String thread = controller.qr(exchange, "png", 300, 4, "M")
				.map(r -> Thread.currentThread().getName())
				.block();
			assertThat(thread).startsWith("qr-draw");
			String etag = controller.qr(MockServerWebExchange.from(MockServerHttpRequest.get(path)), "png", 300, 4, "M")
				.block().getHeaders().getETag();
			var revalidation = MockServerWebExchange.from(MockServerHttpRequest.get(path).ifNoneMatch(etag));
			String same = controller.qr(revalidation, "png", 300, 4, "M")
				.map(r -> r.getStatusCode().value() + " " + Thread.currentThread().getName())
				.block();
			assertThat(same).isEqualTo("304 " + Thread.currentThread().getName());
		}
		finally {
			controller.stop();
		}
	}

}
