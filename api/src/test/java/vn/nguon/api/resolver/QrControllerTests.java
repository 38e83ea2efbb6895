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
	void recentImagesStayWithinTheirBytesLeastRecentlyUsedFirst() {
		DrawnCodes recent = new DrawnCodes(800);
		recent.put("a", new byte[100]);
		recent.put("b", new byte[100]);
		recent.get("a");
		for (int i = 0; i < 7; i++) {
			recent.put("x" + i, new byte[100]);
		}
		assertThat(recent.get("a")).as("used lately: kept").isNotNull();
		assertThat(recent.get("b")).as("least recently used: dropped").isNull();
		assertThat(recent.size()).isEqualTo(8);
		recent.put("huge", new byte[400]);
		assertThat(recent.get("huge")).as("larger than an eighth of the budget: not kept").isNull();
	}

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
			// drawn once: the same image again comes from the recent images, without the drawing threads
			var again = controller.qr(MockServerWebExchange.from(MockServerHttpRequest.get(path)), "png", 300, 4, "M")
				.map(r -> Thread.currentThread().getName() + " " + r.getBody().length)
				.block();
			assertThat(again).startsWith(Thread.currentThread().getName() + " ");
		}
		finally {
			controller.stop();
		}
	}

}
