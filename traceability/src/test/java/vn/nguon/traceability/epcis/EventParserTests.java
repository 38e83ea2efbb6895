package vn.nguon.traceability.epcis;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventParserTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String EVENT = """
			{"type": "TransformationEvent", "eventTime": "2026-06-01T14:00:00+07:00", "eventTimeZoneOffset": "+07:00",
			 "bizStep": "commissioning",
			 "inputQuantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.000010.A", "quantity": 100, "uom": "KGM"}],
			 "outputQuantityList": [{"epcClass": "https://id.gs1.org/01/08938504000207/10/A1", "quantity": 70, "uom": "KGM"}],
			 "bizLocation": {"id": "urn:epc:id:sgln:8938504.00002.0"}}""";

	static ParsedEvent parse(String json) {
		return EventParser.parse(JSON.readTree(json), "event", Map.of());
	}

	@Test
	void whenTransformationParsedThenKeysEdgesAndHashIdDerived() {
		ParsedEvent p = parse(EVENT);
		assertThat(p.eventId()).startsWith("ni:///sha-256;");
		assertThat(p.doc().get("eventID").asString()).isEqualTo(p.eventId());
		assertThat(p.edges()).containsExactly(new ParsedEvent.Edge("01/08938504000108/10/A", "01/08938504000207/10/A1"));
		assertThat(p.bizLocation()).isEqualTo("414/8938504000023");
		assertThat(p.action()).isNull();
	}

	@Test
	void whenOffsetWithinFourteenHoursThenAcceptedOtherwiseRejected() {
		for (String ok : new String[] { "+14:00", "-14:00", "+05:45", "-00:00" }) {
			assertThat(parse(EVENT.replace("\"+07:00\"", "\"" + ok + "\"")).eventTimeZoneOffset()).isEqualTo(ok);
		}
		for (String bad : new String[] { "+14:01", "-15:00", "+7:00", "+07:60", "Z" }) {
			assertThatThrownBy(() -> parse(EVENT.replace("\"+07:00\"", "\"" + bad + "\""))).as(bad)
				.isInstanceOf(EpcisException.class);
		}
	}

	@Test
	void whenReadPointOrBizLocationIsNotAUriThenRejected() {
		String event = EVENT.replace("\"bizLocation\": {\"id\": \"urn:epc:id:sgln:8938504.00002.0\"}",
				"\"bizLocation\": {\"id\": \"kho lanh so 2\"}");
		assertThat(event).isNotEqualTo(EVENT);
		assertThatThrownBy(() -> parse(event)).isInstanceOf(EpcisException.class)
			.hasMessageContaining("bizLocation.id");
	}

	@Test
	void whenEventTypeUnknownThenRejected() {
		assertThatThrownBy(() -> parse(EVENT.replace("TransformationEvent", "MagicEvent")))
			.isInstanceOf(EpcisException.class).hasMessageContaining("unknown eventType");
	}

	@Test
	void whenRequiredFieldMissingOrWrongTypeThenRejected() {
		assertThatThrownBy(() -> parse(EVENT.replace("\"eventTime\": \"2026-06-01T14:00:00+07:00\",", "")))
			.isInstanceOf(EpcisException.class).hasMessageContaining("eventTime");
		assertThatThrownBy(() -> parse(EVENT.replace("2026-06-01T14:00:00+07:00", "2026-06-01 14:00")))
			.isInstanceOf(EpcisException.class);
		assertThatThrownBy(() -> parse(EVENT.replace("\"bizStep\": \"commissioning\",", "\"action\": \"ADD\",")))
			.isInstanceOf(EpcisException.class).hasMessageContaining("action");
		assertThatThrownBy(() -> parse(EVENT.replace("\"quantity\": 100", "\"quantity\": \"lots\"")))
			.isInstanceOf(EpcisException.class);
		assertThatThrownBy(() -> parse(EVENT.replace("TransformationEvent", "ObjectEvent")))
			.as("inputQuantityList is not an ObjectEvent field").isInstanceOf(EpcisException.class);
	}

	@Test
	void whenVocabularyValueUnknownThenRejected() {
		assertThatThrownBy(() -> parse(EVENT.replace("commissioning", "sorting")))
			.isInstanceOf(EpcisException.class).hasMessageContaining("bizStep");
		assertThat(parse(EVENT.replace("commissioning", "https://ns.nguon.vn/voc/grading")).bizStep())
			.isEqualTo("https://ns.nguon.vn/voc/grading");
	}

	@Test
	void whenDocumentNotEpcisDocumentThenRejected() {
		JsonNode doc = JSON.readTree("{\"type\": \"EPCISQueryDocument\"}");
		assertThatThrownBy(() -> EventParser.eventList(doc)).isInstanceOf(EpcisException.class);
	}

}
