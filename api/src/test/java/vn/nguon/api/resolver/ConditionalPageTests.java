package vn.nguon.api.resolver;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.consumer.LotChangeFeed;
import vn.nguon.traceability.consumer.PublicLots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Revalidation of the consumer page and its JSON: a current {@code If-None-Match} is answered 304
 * from memory. The view cache lives one millisecond here, so every request that loads the view
 * reads the database through {@link PublicLots#find} (spied): the 304s must not call it. The change
 * feed polls only when a test says so, so what it reports is known.
 */
@NguonIntegrationTest
@TestPropertySource(properties = { "nguon.resolver.cache-ttl=1ms", "nguon.resolver.change-poll=1h" })
class ConditionalPageTests extends ResolverFixture {

	@MockitoSpyBean
	PublicLots lots;

	@Autowired
	LotChangeFeed changes;

	@Test
	void aCurrentEtagIsAnswered304WithoutTheDatabaseAndEachVariantHasItsOwn() {
		harvestAndGrade(this.lot);
		this.changes.poll().block();
		EntityExchangeResult<byte[]> first = get(MediaType.TEXT_HTML, null, null);
		assertThat(first.getStatus().value()).isEqualTo(200);
		String etag = first.getResponseHeaders().getETag();
		assertThat(etag).startsWith("\"html-vi-");
		assertThat(first.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE);

		clearInvocations(this.lots);
		EntityExchangeResult<byte[]> again = get(MediaType.TEXT_HTML, null, etag);
		assertThat(again.getStatus().value()).isEqualTo(304);
		assertThat(again.getResponseBody()).isNullOrEmpty();
		assertThat(again.getResponseHeaders().getETag()).isEqualTo(etag);
		assertThat(again.getResponseHeaders().getCacheControl()).contains("max-age=");
		assertThat(again.getResponseHeaders().getVary()).contains(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE);
		assertThat(get(MediaType.TEXT_HTML, null, "W/" + etag).getStatus().value()).isEqualTo(304);
		verify(this.lots, never()).find(any());

		// the spy does see a request that loads the view
		assertThat(get(MediaType.TEXT_HTML, null, null).getStatus().value()).isEqualTo(200);
		verify(this.lots, atLeastOnce()).find(any());

		EntityExchangeResult<byte[]> english = get(MediaType.TEXT_HTML, "en", etag);
		assertThat(english.getStatus().value()).isEqualTo(200);
		String englishTag = english.getResponseHeaders().getETag();
		assertThat(englishTag).startsWith("\"html-en-");
		EntityExchangeResult<byte[]> json = get(MediaType.APPLICATION_JSON, null, etag);
		assertThat(json.getStatus().value()).isEqualTo(200);
		String jsonTag = json.getResponseHeaders().getETag();
		assertThat(jsonTag).startsWith("\"json-");

		clearInvocations(this.lots);
		assertThat(get(MediaType.TEXT_HTML, "en", englishTag).getStatus().value()).isEqualTo(304);
		assertThat(get(MediaType.APPLICATION_JSON, null, jsonTag).getStatus().value()).isEqualTo(304);
		verify(this.lots, never()).find(any());
	}

	@Test
	void afterANewEventTheOldEtagGetsTheNewPage() {
		harvestAndGrade(this.lot);
		this.changes.poll().block();
		String etag = get(MediaType.TEXT_HTML, null, null).getResponseHeaders().getETag();
		assertThat(get(MediaType.TEXT_HTML, null, etag).getStatus().value()).isEqualTo(304);
		this.capture.captureEvent(this.org, event("""
				{"type": "ObjectEvent", "eventTime": "2026-11-22T10:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "holding", "disposition": "recalled",
				 "quantityList": [{"epcClass": "%s", "quantity": 1, "uom": "KGM"}]}
				""".formatted(this.lot.lgtinUrn(7)))).block();
		assertThat(get(MediaType.TEXT_HTML, null, etag).getStatus().value()).as("before the feed reports").isEqualTo(304);
		this.changes.poll().block(); // what the feed does every half second
		EntityExchangeResult<byte[]> after = get(MediaType.TEXT_HTML, null, etag);
		assertThat(after.getStatus().value()).isEqualTo(200);
		assertThat(after.getResponseHeaders().getETag()).isNotEqualTo(etag).startsWith("\"html-vi-");
		assertThat(new String(after.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8)).contains("id=\"recall\"");
	}

}
