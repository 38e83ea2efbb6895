package vn.nguon.traceability.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.batch.BatchCommands;
import vn.nguon.traceability.batch.BatchEvents;
import vn.nguon.traceability.batch.BatchStage;
import vn.nguon.traceability.batch.BatchStatus;
import vn.nguon.traceability.batch.Quantity;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.product.Product;

import static org.assertj.core.api.Assertions.assertThat;

class Fsma204RowsTests {

	static final OrgId ORG = OrgId.random();

	static final Gtin GTIN = Gtin.withCheckDigit("0893456000012");

	static final Farm FARM = new Farm(UUID.randomUUID(), ORG, "Vườn ông Năm", null, "Cát Hanh", "Phù Cát", "Bình Định",
			null, null, null);

	static final Product PRODUCT = new Product(UUID.randomUUID(), ORG, GTIN, "Xoài cát", "Mango", "Hòa Lộc", false, null,
			null);

	static final OffsetDateTime T = OffsetDateTime.parse("2026-11-20T23:30:00+07:00");

	static final Fsma204Rows.Lookup LOOKUP = new Fsma204Rows.Lookup(g -> g.equals(GTIN.value()) ? "Xoài cát (Mango)" : null,
			uri -> uri.equals(FARM.locationUri()) ? FARM.description() : null);

	static Batch batch(String lot) {
		return new Batch(UUID.randomUUID(), ORG, PRODUCT.id(), FARM.id(), GTIN, LotCode.of(lot), "Lô 1",
				LocalDate.of(2026, 11, 19), Quantity.of("500", "kg"), BatchStatus.ACTIVE, BatchStage.HARVESTED, null, null,
				null, null);
	}

	@Test
	void whenHarvestEventThenHarvestingRowWithHarvestDateAndFarm() {
		ObjectNode e = BatchEvents.harvest(batch("M/1"), FARM, PRODUCT, T);
		List<Fsma204Row> rows = Fsma204Rows.of(e, null, LOOKUP);
		assertThat(rows).singleElement().satisfies(r -> {
			assertThat(r.cte()).isEqualTo("Harvesting");
			assertThat(r.traceabilityLotCode()).isEqualTo("M/1");
			assertThat(r.gtin()).isEqualTo(GTIN.value());
			assertThat(r.productDescription()).isEqualTo("Xoài cát (Mango)");
			assertThat(r.quantity()).isEqualByComparingTo("500");
			assertThat(r.unitOfMeasure()).isEqualTo("kg");
			assertThat(r.date()).isEqualTo("2026-11-19");
			assertThat(r.locationDescription()).isEqualTo("Vườn ông Năm, Cát Hanh, Gia Lai");
			assertThat(r.tlcSource()).isEqualTo(r.locationDescription());
		});
	}

	@Test
	void whenShipEventThenShippingRowWithRecipientAndDocument() {
		ObjectNode e = BatchEvents.ship(ORG, batch("M2"), Quantity.of("20", "crate"), FARM.locationUri(), FARM.description(),
				new BatchCommands.Party("8934567000017", "Kho lạnh Quy Nhơn"), new BatchCommands.Document("bol", "VĐ-01"), T);
		assertThat(Fsma204Rows.of(e, null, LOOKUP)).singleElement().satisfies(r -> {
			assertThat(r.cte()).isEqualTo("Shipping");
			assertThat(r.otherParty()).isEqualTo("Kho lạnh Quy Nhơn");
			assertThat(r.referenceDocumentType()).isEqualTo("bol");
			assertThat(r.referenceDocumentNumber()).isEqualTo("VĐ-01");
			assertThat(r.unitOfMeasure()).isEqualTo("crate");
			assertThat(r.date()).isEqualTo("2026-11-20");
		});
	}

	@Test
	void whenTransformationThenOneRowPerOutputWithInputs() {
		Batch in = batch("IN1");
		ObjectNode e = BatchEvents.transform("split",
				List.of(new BatchEvents.LotQuantity(in.digitalLinkId(), in.quantity())),
				List.of(new BatchEvents.LotQuantity(Batch.digitalLinkId(GTIN, LotCode.of("OUT1")), Quantity.of("300", "kg")),
						new BatchEvents.LotQuantity(Batch.digitalLinkId(GTIN, LotCode.of("OUT2")), Quantity.of("200", "kg"))),
				null, FARM.locationUri(), FARM.description(), T);
		List<Fsma204Row> rows = Fsma204Rows.of(e, null, LOOKUP);
		assertThat(rows).extracting(Fsma204Row::traceabilityLotCode).containsExactly("OUT1", "OUT2");
		assertThat(rows.get(0).inputLots()).containsExactly(GTIN.value() + "/IN1");
		assertThat(Fsma204Rows.of(e, "01/" + GTIN.value() + "/10/OUT2", LOOKUP)).hasSize(1);
	}

	@Test
	void whenRecallOrInspectionThenNoRow() {
		ObjectNode e = BatchEvents.recall(ORG, batch("R1").digitalLinkId(), List.of(batch("R1").digitalLinkId()), "x", T);
		assertThat(Fsma204Rows.of(e, null, LOOKUP)).isEmpty();
	}

	@Test
	void whenEpcClassIsAnLgtinUrnThenGtinAndLotAreRead() {
		assertThat(Fsma204Rows.gtinAndLot("urn:epc:class:lgtin:4012345.011111.4444"))
			.containsExactly(Gtin.withCheckDigit("0401234511111").value(), "4444");
		assertThat(Fsma204Rows.gtinAndLot("https://example.com/01/" + GTIN.value() + "/10/A%2FB"))
			.containsExactly(GTIN.value(), "A/B");
		assertThat(Fsma204Rows.gtinAndLot("urn:epc:id:sgtin:4012345.011122.25")).isNull();
	}

	@Test
	void whenCellStartsWithFormulaCharacterThenCsvNeutralisesIt() {
		String line = Spreadsheets.csvLine(java.util.Arrays.asList("=HYPERLINK(\"x\")", "+1", "-2", "@SUM", "ok, fine",
				new BigDecimal("-3.5"), null));
		assertThat(line).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM,\"ok, fine\",-3.5,\r\n");
	}

	@Test
	void whenXlsxWrittenThenHeaderAndRowsReadBack() throws Exception {
		ObjectNode e = BatchEvents.harvest(batch("=cmd"), FARM, PRODUCT, T);
		List<Fsma204Row> rows = Fsma204Rows.of(e, null, LOOKUP);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Spreadsheets.writeXlsx("FSMA 204", Fsma204Row.HEADERS, rows.stream().map(Fsma204Row::cells).toList(), out);
		try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
			Sheet s = wb.getSheetAt(0);
			assertThat(s.getRow(0).getCell(1).getStringCellValue()).isEqualTo("Traceability Lot Code");
			assertThat(s.getRow(1).getCell(0).getStringCellValue()).isEqualTo("Harvesting");
			assertThat(s.getRow(1).getCell(1).getStringCellValue()).isEqualTo("'=cmd");
			assertThat(s.getRow(1).getCell(4).getNumericCellValue()).isEqualTo(500.0);
			assertThat(s.getLastRowNum()).isEqualTo(1);
		}
	}

	@Test
	void whenEventTimeIsGivenInUtcThenDateIsTakenInTheEventsOffset() {
		ObjectNode e = BatchEvents.ship(ORG, batch("D1"), null, FARM.locationUri(), null,
				new BatchCommands.Party(null, "X"), null, T);
		e.put("eventTime", "2026-11-20T17:30:00Z");
		assertThat(Fsma204Rows.of(e, null, LOOKUP).get(0).date()).isEqualTo("2026-11-21");
		assertThat(JsonMapper.builder().build().writeValueAsString(e)).contains("\"bizStep\":\"shipping\"");
	}

}
