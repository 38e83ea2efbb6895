package vn.nguon.api.resolver;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory ETags of lot pages: remembered per variant, dropped on change, never revived by a stale render. */
class LotEtagsTests {

	@Test
	void aRenderedVariantIsKnownUntilTheLotChanges() {
		LotEtags etags = new LotEtags(Duration.ofMinutes(5));
		LotEtags.Slot slot = etags.open("k");
		assertThat(etags.current("k", "html-vi")).isNull();
		slot.remember("html-vi", "\"html-vi-1\"");
		slot.remember("json", "\"json-1\"");
		assertThat(etags.current("k", "html-vi")).isEqualTo("\"html-vi-1\"");
		assertThat(etags.current("k", "json")).isEqualTo("\"json-1\"");
		assertThat(etags.current("k", "html-en")).isNull();
		assertThat(etags.current("other", "html-vi")).isNull();
		etags.forget("k");
		assertThat(etags.current("k", "html-vi")).isNull();
		assertThat(etags.isCurrent("k", slot)).isFalse();
		slot.remember("html-vi", "\"html-vi-stale\""); // a render of a view loaded before the change
		assertThat(etags.current("k", "html-vi")).isNull();
	}

	@Test
	void aNewLoadKeepsTheOtherVariantsAndTagsExpire() throws Exception {
		LotEtags etags = new LotEtags(Duration.ofMinutes(5));
		etags.open("k").remember("json", "\"json-1\"");
		LotEtags.Slot again = etags.open("k");
		again.remember("html-vi", "\"html-vi-1\"");
		assertThat(etags.current("k", "json")).isEqualTo("\"json-1\"");
		assertThat(etags.current("k", "html-vi")).isEqualTo("\"html-vi-1\"");
		LotEtags short_ = new LotEtags(Duration.ofMillis(1));
		short_.open("k").remember("json", "\"json-1\"");
		Thread.sleep(5);
		assertThat(short_.current("k", "json")).isNull();
	}

}
