package vn.nguon.api.resolver;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.consumer.LotChangeFeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Over HTTP: a cached consumer page answered by {@link ConsumerPageShortcut} carries the same status,
 * headers (every one, security headers included) and body as the controller's answer behind the
 * security chain. The spied page cache tells which path answered.
 */
@NguonIntegrationTest
@TestPropertySource(properties = "nguon.resolver.change-poll=1h")
class ConsumerPageShortcutHttpTests extends ResolverFixture {

	@MockitoSpyBean
	ConsumerPages spied;

	@Autowired
	LotChangeFeed changes;

	static Map<String, java.util.List<String>> headers(EntityExchangeResult<byte[]> r) {
		Map<String, java.util.List<String>> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		r.getResponseHeaders().forEach((name, values) -> {
			if (!name.equalsIgnoreCase(HttpHeaders.DATE)) {
				m.put(name, values);
			}
		});
		return m;
	}

	void assertSameAnswer(EntityExchangeResult<byte[]> controller, EntityExchangeResult<byte[]> shortcut) {
		assertThat(shortcut.getStatus()).isEqualTo(controller.getStatus());
		assertThat(headers(shortcut)).isEqualTo(headers(controller));
		assertThat(shortcut.getResponseBody()).isEqualTo(controller.getResponseBody());
	}

	@Test
	void theShortcutAnswersWhatTheControllerAnswers() {
		harvestAndGrade(this.lot);
		this.changes.poll().block();
		for (var variant : new Object[][] { { MediaType.TEXT_HTML, null }, { MediaType.TEXT_HTML, "en-US,en;q=0.8" },
				{ MediaType.APPLICATION_JSON, null } }) {
			MediaType accept = (MediaType) variant[0];
			String language = (String) variant[1];
			this.pages.invalidate(this.lot.key());
			clearInvocations(this.spied);
			EntityExchangeResult<byte[]> controller = get(accept, language, null);
			if (accept.equals(MediaType.TEXT_HTML)) { // nothing in memory: the controller loads it
				verify(this.spied, atLeastOnce()).html(any(), any());
			}
			else {
				verify(this.spied, atLeastOnce()).json(any());
			}
			assertThat(controller.getStatus().value()).isEqualTo(200);
			assertThat(controller.getResponseHeaders().getFirst("Content-Security-Policy")).isNotBlank();

			clearInvocations(this.spied);
			EntityExchangeResult<byte[]> shortcut = get(accept, language, null);
			verify(this.spied, never()).html(any(), any());
			verify(this.spied, never()).json(any());
			assertSameAnswer(controller, shortcut);
			assertSameAnswer(controller, get(accept, language, null)); // with the headers it kept

			String tag = controller.getResponseHeaders().getETag();
			EntityExchangeResult<byte[]> shortcut304 = get(accept, language, tag);
			this.pages.invalidate(this.lot.key()); // the tag is forgotten too: the controller loads and compares
			EntityExchangeResult<byte[]> controller304 = get(accept, language, tag);
			assertThat(controller304.getStatus().value()).isEqualTo(304);
			assertSameAnswer(controller304, shortcut304);
			assertSameAnswer(controller304, get(accept, language, tag));
		}
	}

	@Test
	void aSignedInOrCrossOriginRequestIsTheControllers() {
		harvestAndGrade(this.lot);
		this.changes.poll().block();
		assertThat(get(MediaType.TEXT_HTML, null, null).getStatus().value()).isEqualTo(200);
		clearInvocations(this.spied);
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).header(HttpHeaders.ORIGIN, "https://shop.example")
			.exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
		verify(this.spied, atLeastOnce()).html(any(), any());
		// an unknown bearer token is refused on a public page too, as the chain always did
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).header(HttpHeaders.AUTHORIZATION, "Bearer nope")
			.exchange().expectStatus().isUnauthorized();
	}

}
