package vn.nguon.traceability.gs1;

import java.util.Random;

import org.junit.jupiter.api.Test;

import vn.nguon.traceability.TraceabilityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DigitalLinkTests {

	static void assertRejected(String uri) {
		assertThatThrownBy(() -> DigitalLink.parse(uri)).isInstanceOf(TraceabilityException.class)
			.extracting(e -> ((TraceabilityException) e).code())
			.isEqualTo("invalid-digital-link");
	}

	@Test
	void whenGtinCheckDigitIsWrongThenRejected() {
		assertRejected("https://nguon.test/01/09520123456787/10/LOT1");
	}

	@Test
	void whenQualifiersAreOutOfOrderThenRejected() {
		assertRejected("https://nguon.test/01/09520123456788/21/S1/10/LOT1");
		assertRejected("https://nguon.test/01/09520123456788/10/LOT1/22/V");
	}

	@Test
	void whenLotIsLongerThanTwentyCharactersThenRejected() {
		assertRejected("https://nguon.test/01/09520123456788/10/" + "A".repeat(21));
		assertThat(DigitalLink.parse("https://nguon.test/01/09520123456788/10/" + "A".repeat(20)).lotRef()).isPresent();
	}

	@Test
	void whenLotHasCharacterOutsideSet82ThenRejected() {
		assertRejected("https://nguon.test/01/09520123456788/10/L%C3%B4");
		assertRejected("https://nguon.test/01/09520123456788/10/A%20B");
		assertRejected("https://nguon.test/01/09520123456788/10/A~B");
	}

	@Test
	void whenLotIsInQueryStringThenRejected() {
		assertRejected("https://nguon.test/01/09520123456788?10=LOT1");
	}

	@Test
	void whenOtherParametersArePresentThenTheyAreKeptAndIgnored() {
		DigitalLink link = DigitalLink.parse("https://nguon.test/01/09520123456788/10/L1?linkType=gs1:pip&17=261231");
		assertThat(link.otherParameters()).containsExactly("linkType=gs1:pip");
		assertThat(link.value("17")).contains("261231");
		assertThat(link.lotRef()).contains(LotRef.of("09520123456788", "L1"));
	}

	@Test
	void whenLotHasReservedCharactersThenItRoundTripsPercentEncoded() {
		LotRef lot = LotRef.of("09520123456788", "A/B+C%D?E&F");
		assertThat(lot.digitalLinkPath()).isEqualTo("/01/09520123456788/10/A%2FB%2BC%25D%3FE%26F");
		assertThat(DigitalLink.parse(lot.digitalLinkUri("https://nguon.test")).lotRef()).contains(lot);
	}

	@Test
	void whenRandomLotsAreBuiltThenTheyParseBack() {
		Random random = new Random(42);
		for (int i = 0; i < 2000; i++) {
			StringBuilder digits = new StringBuilder();
			for (int d = 0; d < 13; d++) {
				digits.append(random.nextInt(10));
			}
			StringBuilder lot = new StringBuilder();
			int length = 1 + random.nextInt(20);
			for (int c = 0; c < length; c++) {
				lot.append(LotCode.CSET_82.charAt(random.nextInt(LotCode.CSET_82.length())));
			}
			LotRef ref = new LotRef(Gtin.withCheckDigit(digits.toString()), new LotCode(lot.toString()));
			String serial = random.nextBoolean() ? "S" + random.nextInt(1000) : null;
			DigitalLink link = DigitalLink.of("https://nguon.test/", ref, serial);
			DigitalLink back = DigitalLink.parse(link.toUri());
			assertThat(back.lotRef()).contains(ref);
			assertThat(back.serial()).isEqualTo(java.util.Optional.ofNullable(serial));
			assertThat(LotRef.fromName(ref.key())).contains(ref);
			assertThat(LotRef.fromName(ref.lgtinUrn(7))).contains(ref);
		}
	}

	@Test
	void whenLotIsNamedOnAnyHostOrAsUrnThenItIsTheSameLot() {
		LotRef lot = LotRef.of("09520123456788", "ABC1");
		assertThat(LotRef.fromName("https://id.gs1.org/01/09520123456788/10/ABC1")).contains(lot);
		assertThat(LotRef.fromName("https://other.example/x/01/09520123456788/10/ABC1/21/7")).contains(lot);
		assertThat(LotRef.fromName("urn:epc:class:lgtin:9520123.045678.ABC1")).contains(lot);
		assertThat(LotRef.fromName("01/09520123456788/10/ABC1")).contains(lot);
		assertThat(LotRef.fromName("https://id.gs1.org/01/09520123456788")).isEmpty();
		assertThat(LotRef.fromName("urn:epc:id:sgtin:9520123.045678.1")).isEmpty();
		assertThat(lot.key()).isEqualTo("01/09520123456788/10/ABC1");
	}

}
