package vn.nguon.traceability.batch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchValueObjectTests {

	static final UUID P = UUID.randomUUID();

	static final UUID F = UUID.randomUUID();

	static Quantity kg(String amount) {
		return Quantity.of(amount, "kg");
	}

	static void assertCode(Runnable r, String code) {
		assertThatThrownBy(r::run).isInstanceOf(TraceabilityException.class)
			.extracting(e -> ((TraceabilityException) e).code())
			.isEqualTo(code);
	}

	@Test
	void whenQuantityIsZeroOrNegativeThenRejected() {
		assertCode(() -> kg("0"), "invalid-quantity");
		assertCode(() -> kg("-1.5"), "invalid-quantity");
		assertCode(() -> kg("0.0001"), "invalid-quantity");
		assertCode(() -> kg("abc"), "invalid-quantity");
		assertCode(() -> kg("100000000000"), "invalid-quantity");
	}

	@Test
	void whenQuantityIsPositiveThenKeptWithoutTrailingZeros() {
		assertThat(kg("12.500").amount()).isEqualByComparingTo("12.5");
		assertThat(kg("1E+2").amount().toPlainString()).isEqualTo("100");
		assertThat(kg("0.001").amount()).isEqualByComparingTo("0.001");
	}

	@Test
	void whenUnitIsNotOnTheListThenRejected() {
		assertCode(() -> Unit.parse("pound"), "invalid-unit");
		assertCode(() -> Unit.parse(""), "invalid-unit");
		assertCode(() -> Unit.parse(null), "invalid-unit");
	}

	@Test
	void whenUnitIsGivenAsCodeOrUnCefactThenParsed() {
		assertThat(Unit.parse("KG")).isEqualTo(Unit.KG);
		assertThat(Unit.parse("KGM")).isEqualTo(Unit.KG);
		assertThat(Unit.parse("t").uom()).isEqualTo("TNE");
		assertThat(Unit.parse("crate").uom()).isEqualTo("XCR");
		assertThat(Unit.parse("box").uom()).isEqualTo("XBX");
		assertThat(Unit.parse("piece").uom()).isEqualTo("H87");
	}

	@Test
	void whenHarvestDateIsInTheFutureThenRejected() {
		LocalDate future = LocalDate.now(ZoneOffset.ofHours(14)).plusDays(1);
		assertCode(() -> new BatchCommands.Harvest(P, F, null, null, future, kg("1"), null), "harvest-date-in-future");
	}

	@Test
	void whenHarvestDateIsTodayAnywhereThenAccepted() {
		LocalDate today = LocalDate.now(ZoneOffset.ofHours(14));
		assertThat(new BatchCommands.Harvest(P, F, null, " Lô A ", today, kg("1"), null).fieldName()).isEqualTo("Lô A");
	}

	@Test
	void whenHarvestLacksProductFarmOrQuantityThenRejected() {
		LocalDate d = LocalDate.of(2026, 1, 1);
		assertCode(() -> new BatchCommands.Harvest(null, F, null, null, d, kg("1"), null), "missing-field");
		assertCode(() -> new BatchCommands.Harvest(P, null, null, null, d, kg("1"), null), "missing-field");
		assertCode(() -> new BatchCommands.Harvest(P, F, null, null, d, null, null), "missing-field");
		assertCode(() -> new BatchCommands.Harvest(P, F, null, "x".repeat(201), d, kg("1"), null), "text-too-long");
	}

	@Test
	void whenSsccCheckDigitIsWrongThenRejected() {
		String body = "03123456789012345";
		String good = body + Gtin.checkDigit(body);
		String bad = body + ((Gtin.checkDigit(body) + 1) % 10);
		assertThat(new BatchCommands.Pack(good, null, null, null).sscc()).isEqualTo(good);
		assertCode(() -> new BatchCommands.Pack(bad, null, null, null), "invalid-sscc");
		assertCode(() -> new BatchCommands.Pack("123", null, null, null), "invalid-sscc");
	}

	@Test
	void whenPartyHasNeitherIdNorNameOrABadIdThenRejected() {
		assertCode(() -> new BatchCommands.Party(null, " "), "invalid-party");
		assertCode(() -> new BatchCommands.Party("not a uri", null), "invalid-party");
		assertCode(() -> new BatchCommands.Party("1234567890123", null), "invalid-gln");
		assertThat(new BatchCommands.Party(null, "Chợ đầu mối Bình Điền").uri()).startsWith("urn:nguon:place:");
		assertThat(new BatchCommands.Party("https://example.com/place/1", null).uri()).isEqualTo("https://example.com/place/1");
	}

	@Test
	void whenDocumentTypeIsNotCbvThenRejected() {
		assertCode(() -> new BatchCommands.Document("invoice", "HD-1"), "invalid-document-type");
		assertCode(() -> new BatchCommands.Document("inv", " "), "missing-field");
		assertThat(new BatchCommands.Document("bol", "VD 01/2026").number()).isEqualTo("VD 01/2026");
	}

	@Test
	void whenTransformationNamesAnInputTwiceOrHasNoOutputThenRejected() {
		UUID a = UUID.randomUUID();
		var out = List.of(new BatchCommands.TransformOutput(null, null, null, kg("1"), null));
		assertCode(() -> new BatchCommands.Transform("split",
				List.of(new BatchCommands.TransformInput(a, null), new BatchCommands.TransformInput(a, null)), out, null,
				null), "invalid-transformation-inputs");
		assertCode(() -> new BatchCommands.Transform("split", List.of(new BatchCommands.TransformInput(a, null)),
				List.of(), null, null), "invalid-transformation-outputs");
		assertCode(() -> new BatchCommands.Transform("melt", List.of(new BatchCommands.TransformInput(a, null)), out,
				null, null), "invalid-transformation-kind");
		var twice = List.of(new BatchCommands.TransformOutput(null, null, LotCode.of("A1"), kg("1"), null),
				new BatchCommands.TransformOutput(null, null, LotCode.of("A1"), kg("2"), null));
		assertCode(() -> new BatchCommands.Transform("split", List.of(new BatchCommands.TransformInput(a, null)), twice,
				null, null), "invalid-transformation-outputs");
	}

	@Test
	void whenRecallHasNoReasonThenRejected() {
		assertCode(() -> new BatchCommands.Recall("  ", null), "missing-field");
	}

	@Test
	void whenRecalledBatchIsShippedThenConflict() {
		Batch b = batch().recalled(java.time.Instant.now());
		assertCode(b::shipped, "batch-recalled");
		assertCode(b::packed, "batch-recalled");
		assertCode(() -> b.recalled(java.time.Instant.now()), "batch-already-recalled");
	}

	@Test
	void whenConsumedBatchIsPackedThenConflict() {
		Batch b = batch().consumed();
		assertThat(b.stage()).isEqualTo(BatchStage.CONSUMED);
		assertCode(b::packed, "batch-consumed");
		assertCode(b::consumed, "batch-consumed");
	}

	@Test
	void whenShippedBatchIsPackedThenConflictButReceivedMayBePacked() {
		Batch shipped = batch().shipped();
		assertCode(shipped::packed, "batch-invalid-stage");
		assertThat(shipped.received().packed().stage()).isEqualTo(BatchStage.PACKED);
	}

	@Test
	void whenLotHasReservedCharactersThenDigitalLinkPercentEncodesThem() {
		Random random = new Random(20261125L);
		for (int i = 0; i < 500; i++) {
			StringBuilder sb = new StringBuilder();
			int n = 1 + random.nextInt(20);
			for (int j = 0; j < n; j++) {
				sb.append(LotCode.CSET_82.charAt(random.nextInt(LotCode.CSET_82.length())));
			}
			LotCode lot = LotCode.of(sb.toString());
			String encoded = Batch.encodeLot(lot);
			assertThat(encoded).matches("[A-Za-z0-9._~%-]+");
			assertThat(java.net.URLDecoder.decode(encoded.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo(lot.value());
		}
	}

	@Test
	void whenFilterHasUnknownStatusOrReversedDatesThenRejected() {
		assertCode(() -> new BatchFilter(null, null, null, null, "sold", null, 0, 10), "invalid-status");
		assertCode(() -> new BatchFilter(null, null, LocalDate.of(2026, 2, 1), LocalDate.of(2026, 1, 1), null, null, 0,
				10), "invalid-date-range");
		assertCode(() -> new BatchFilter(null, null, null, null, null, null, 0, 201), "invalid-page-size");
	}

	@Test
	void whenDocumentNumberRoundTripsThroughItsUri() {
		OrgId org = OrgId.random();
		String uri = BatchEvents.documentUri(org, "VĐ 01/2026 #7");
		assertThat(uri).startsWith("urn:nguon:bt:" + org.value() + ":");
		assertThat(java.net.URI.create(uri).getScheme()).isEqualTo("urn");
		assertThat(BatchEvents.documentNumber(uri)).isEqualTo("VĐ 01/2026 #7");
	}

	static Batch batch() {
		return new Batch(UUID.randomUUID(), OrgId.random(), P, F, Gtin.withCheckDigit("0893456000001"), LotCode.of("L1"),
				null, LocalDate.of(2026, 11, 20), new Quantity(BigDecimal.TEN, Unit.KG), BatchStatus.ACTIVE,
				BatchStage.HARVESTED, null, null, null, null);
	}

}
