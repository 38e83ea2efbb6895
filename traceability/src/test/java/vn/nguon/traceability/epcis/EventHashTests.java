package vn.nguon.traceability.epcis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class EventHashTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String EVENT = """
			{"type": "ObjectEvent", "eventTime": "2026-06-01T07:30:00.000+07:00", "eventTimeZoneOffset": "+07:00",
			 "epcList": ["urn:epc:id:sgtin:8938504.000010.A1", "urn:epc:id:sgtin:8938504.000010.A2",
			             "urn:epc:id:sgtin:8938504.000010.A3"],
			 "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
			 "readPoint": {"id": "urn:epc:id:sgln:8938504.00002.0"},
			 "quantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.000010.LOT1", "quantity": 10.50, "uom": "KGM"},
			                  {"epcClass": "urn:epc:class:lgtin:8938504.000010.LOT2", "quantity": 3}],
			 "nguon:note": {"nguon:b": "2", "nguon:a": "1"}}""";

	static final Map<String, String> PREFIXES = Map.of("nguon", "https://ns.nguon.vn/epcis/");

	@Test
	void whenFieldsAndListItemsShuffledThenHashUnchanged() {
		JsonNode event = JSON.readTree(EVENT);
		String expected = EventHash.of(event, PREFIXES);
		Random random = new Random(20261125);
		for (int round = 0; round < 50; round++) {
			assertThat(EventHash.of(shuffled(event, random), PREFIXES)).isEqualTo(expected);
		}
	}

	@Test
	void whenAnyValueChangesThenHashChanges() {
		String expected = EventHash.of(JSON.readTree(EVENT), PREFIXES);
		for (String[] change : new String[][] { { "A3", "A4" }, { "\"quantity\": 3", "\"quantity\": 4" },
				{ "in_transit", "in_progress" }, { "07:30:00.000", "07:30:01.000" }, { "\"nguon:a\": \"1\"", "\"nguon:a\": \"9\"" } }) {
			assertThat(EventHash.of(JSON.readTree(EVENT.replace(change[0], change[1])), PREFIXES)).as(change[0])
				.isNotEqualTo(expected);
		}
	}

	@Test
	void whenSameThingWrittenDifferentlyThenSameHash() {
		String expected = EventHash.of(JSON.readTree(EVENT), PREFIXES);
		String other = EVENT.replace("urn:epc:class:lgtin:8938504.000010.LOT1", "https://example.vn/01/08938504000108/10/LOT1")
			.replace("\"bizStep\": \"shipping\"", "\"bizStep\": \"https://ref.gs1.org/cbv/BizStep-shipping\"")
			.replace("2026-06-01T07:30:00.000+07:00", "2026-06-01T00:30:00Z")
			.replace("10.50", "10.5")
			.replace("\"nguon:note\"", "\"n:note\"").replace("\"nguon:b\"", "\"n:b\"").replace("\"nguon:a\"", "\"n:a\"");
		assertThat(EventHash.of(JSON.readTree(other), Map.of("n", "https://ns.nguon.vn/epcis/"))).isEqualTo(expected);
	}

	@Test
	void whenHashedThenNamedInformationUriOfCbv2() {
		assertThat(EventHash.of(JSON.readTree(EVENT), PREFIXES)).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
		assertThat(EventHash.prehash(JSON.readTree(EVENT), PREFIXES)).startsWith(
				"eventType=ObjectEventeventTime=2026-06-01T00:30:00.000ZeventTimeZoneOffset=+07:00epcListepc=https://id.gs1.org/01/08938504000108/21/A1");
	}

	@Test
	void whenEventIdOrRecordTimePresentThenHashUnchanged() {
		String expected = EventHash.of(JSON.readTree(EVENT), PREFIXES);
		ObjectNode withIds = (ObjectNode) JSON.readTree(EVENT);
		withIds.put("eventID", "urn:uuid:1");
		withIds.put("recordTime", "2026-06-09T00:00:00Z");
		assertThat(EventHash.of(withIds, PREFIXES)).isEqualTo(expected);
	}

	@Test
	void whenUserExtensionsThenNamedNamespaceInBracesAfterIlmd() {
		String prehash = EventHash.prehash(JSON.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-01T00:30:00Z", "eventTimeZoneOffset": "+07:00",
				 "nguon:zone": "B", "ilmd": {"nguon:variety": "Cat Hoa Loc", "cbvmda:countryOfOrigin": "VN"},
				 "action": "ADD", "nguon:note": {"nguon:b": "2", "nguon:a": "10.50"}}"""), PREFIXES);
		assertThat(prehash).endsWith("action=ADDilmd{https://ns.nguon.vn/epcis/}variety=Cat Hoa Loc"
				+ "{urn:epcglobal:cbv:mda}countryOfOrigin=VN"
				+ "{https://ns.nguon.vn/epcis/}note{https://ns.nguon.vn/epcis/}a=10.5{https://ns.nguon.vn/epcis/}b=2"
				+ "{https://ns.nguon.vn/epcis/}zone=B");
	}

	@Test
	void whenCertificationInfoThenHashedAfterTheTimeZoneOffset() {
		String prehash = EventHash.prehash(JSON.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-01T00:30:00Z", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "certificationInfo": "https://cert.example.vn/VG-123"}"""), PREFIXES);
		assertThat(prehash).isEqualTo("eventType=ObjectEventeventTime=2026-06-01T00:30:00.000ZeventTimeZoneOffset=+07:00"
				+ "certificationInfo=https://cert.example.vn/VG-123action=OBSERVE");
	}

	@Test
	void whenEpcUrnOfAnyGs1KeyThenCanonicalDigitalLink() {
		assertThat(EventHash.identifier("urn:epc:id:sscc:8938504.0000000017"))
			.isEqualTo("https://id.gs1.org/00/089385040000000177");
		assertThat(EventHash.identifier("urn:epc:id:giai:4000001.111")).isEqualTo("https://id.gs1.org/8004/4000001111");
		assertThat(EventHash.identifier("urn:epc:id:grai:4012345.55555.987"))
			.isEqualTo("https://id.gs1.org/8003/04012345555554987");
		assertThat(EventHash.identifier("urn:epc:id:gsrn:95252084.000000001"))
			.isEqualTo("https://id.gs1.org/8018/952520840000000010");
		assertThat(EventHash.identifier("urn:epc:id:gdti:95252084.0001.0003555480001000"))
			.isEqualTo("https://id.gs1.org/253/95252084000140003555480001000");
		assertThat(EventHash.identifier("urn:epc:id:pgln:8938504.00000")).isEqualTo("https://id.gs1.org/417/8938504000009");
		assertThat(EventHash.identifier("https://example.vn/8004/4000001111")).isEqualTo("https://id.gs1.org/8004/4000001111");
		assertThat(EventHash.identifier("urn:epc:id:gid:95100000.12345.400")).isEqualTo("urn:epc:id:gid:95100000.12345.400");
	}

	@Test
	void whenSensorDataThenStandardOrderUtcTimesAndExtensionsLast() {
		String prehash = EventHash.prehash(JSON.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-01T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "nguon:z": "1",
				 "sensorElementList": [{"sensorReport": [{"uom": "CEL", "value": 26.50, "type": "Temperature",
				                                          "nguon:probe": "p1"}],
				                        "sensorMetadata": {"deviceID": "urn:epc:id:giai:4000001.111",
				                                           "time": "2026-06-01T07:00:00.000+07:00"}}]}"""), PREFIXES);
		assertThat(prehash).endsWith("action=OBSERVEsensorElementsensorMetadatatime=2026-06-01T00:00:00.000Z"
				+ "deviceID=https://id.gs1.org/8004/4000001111sensorReporttype=https://gs1.org/voc/Temperaturevalue=26.5uom=CEL"
				+ "sensorElementsensorReport{https://ns.nguon.vn/epcis/}probe=p1{https://ns.nguon.vn/epcis/}z=1");
	}

	static JsonNode shuffled(JsonNode node, Random random) {
		if (node.isObject()) {
			List<String> names = new ArrayList<>(node.propertyNames());
			Collections.shuffle(names, random);
			ObjectNode out = JSON.createObjectNode();
			names.forEach(n -> out.set(n, shuffled(node.get(n), random)));
			return out;
		}
		if (node.isArray()) {
			List<JsonNode> items = new ArrayList<>();
			node.forEach(i -> items.add(shuffled(i, random)));
			Collections.shuffle(items, random);
			ArrayNode out = JSON.createArrayNode();
			items.forEach(out::add);
			return out;
		}
		return node;
	}

}
