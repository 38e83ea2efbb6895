package vn.nguon.api.epcis;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole SimpleEventQuery of EPCIS 2.0 (section 8.2.7.1) and the top-level resources of the
 * REST binding: each parameter family over a few captured events, asserting exactly which
 * eventIDs answer, and the refusals.
 */
@NguonIntegrationTest
class EpcisQueryInterfaceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	JsonMapper json;

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	WebTestClient client;

	String a, b, c, d;

	@BeforeEach
	void fourEvents() {
		OrgId org = EpcisTestSupport.freshOrganisation(this.organisations);
		this.client = EpcisTestSupport.clientFor(this.context, org);
		String run = UUID.randomUUID().toString();
		this.a = "urn:uuid:" + run.substring(0, 24) + "00000000000a".substring(0, 12);
		this.b = this.a.substring(0, this.a.length() - 1) + "b";
		this.c = this.a.substring(0, this.a.length() - 1) + "c";
		this.d = this.a.substring(0, this.a.length() - 1) + "d";
		String harvest = """
				{"type": "ObjectEvent", "eventID": "%s", "eventTime": "2026-06-01T08:00:00+07:00",
				 "eventTimeZoneOffset": "+07:00", "action": "ADD", "bizStep": "commissioning", "disposition": "active",
				 "readPoint": {"id": "urn:epc:id:sgln:8938504.00002.0"},
				 "bizLocation": {"id": "urn:epc:id:sgln:8938504.00002.7", "ex:shed": "north"},
				 "persistentDisposition": {"set": ["completeness_verified"]},
				 "bizTransactionList": [{"type": "po", "bizTransaction": "urn:epc:id:gdti:0614141.00001.1618034"}],
				 "sourceList": [{"type": "owning_party", "source": "urn:epc:id:pgln:8938504.00002"}],
				 "quantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.012345.LOTA", "quantity": 5, "uom": "KGM"}],
				 "ilmd": {"ex:grade": "A", "ex:brix": 9.5, "ex:harvested": "2026-05-30T06:00:00+07:00",
				          "ex:origin": {"ex:commune": "Dalat"}},
				 "ex:zone": "cold", "ex:rank": 3, "ex:pallet": {"ex:colour": "blue"}}""".formatted(this.a);
		String shipping = """
				{"type": "ObjectEvent", "eventID": "%s", "eventTime": "2026-06-02T08:00:00+07:00",
				 "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
				 "readPoint": {"id": "urn:epc:id:sgln:8938504.00002.0"},
				 "bizLocation": {"id": "urn:epc:id:sgln:8938504.00003.0"},
				 "quantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.012345.LOTA", "quantity": 20, "uom": "KGM"}],
				 "destinationList": [{"type": "location", "destination": "urn:epc:id:sgln:0614141.00777.0"}],
				 "sensorElementList": [{"sensorMetadata": {"deviceID": "urn:epc:id:giai:4000001.111",
				   "startTime": "2026-06-02T07:00:00+07:00", "endTime": "2026-06-02T09:00:00+07:00",
				   "bizRules": "https://example.com/rules/cold"},
				  "sensorReport": [{"type": "Temperature", "value": 4.5, "uom": "CEL", "time": "2026-06-02T01:30:00Z",
				   "stringValue": "ok", "booleanValue": true, "percRank": 50}]}],
				 "ex:zone": "ambient", "ex:rank": 1}""".formatted(this.b);
		String transform = """
				{"type": "TransformationEvent", "eventID": "%s", "eventTime": "2026-06-03T08:00:00+07:00",
				 "eventTimeZoneOffset": "+07:00", "transformationID": "urn:epc:id:gdti:0614141.12345.400",
				 "bizStep": "commissioning",
				 "inputQuantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.012345.LOTA", "quantity": 20, "uom": "KGM"}],
				 "outputQuantityList": [{"epcClass": "urn:epc:class:lgtin:8938504.012345.LOTB", "quantity": 150}],
				 "sensorElementList": [{"sensorReport": [{"type": "RelativeHumidity", "value": 70, "uom": "A93"}]}],
				 "ex:rank": 2}""".formatted(this.c);
		String inspect = """
				{"type": "ObjectEvent", "eventID": "%s", "eventTime": "2026-06-04T08:00:00+07:00",
				 "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "inspecting",
				 "epcList": ["urn:epc:id:sgtin:8938504.012345.77"]%%s}""".formatted(this.d);
		capture(harvest, shipping, transform, inspect.formatted(""));
		capture(inspect.formatted(", \"errorDeclaration\": {\"declarationTime\": \"2026-06-05T10:00:00+07:00\","
				+ " \"reason\": \"incorrect_data\", \"correctiveEventIDs\": [\"" + this.c + "\"]}"));
	}

	void capture(String... events) {
		String doc = """
				{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
				  {"ex": "https://ns.example.com/epcis/"}], "type": "EPCISDocument",
				 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00",
				 "epcisBody": {"eventList": [%s]}}""".formatted(String.join(",", events));
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON).bodyValue(doc).exchange()
			.expectStatus().isAccepted();
	}

	/** The eventIDs answered, in order. */
	List<String> ids(String uri) {
		byte[] body = this.client.get().uri(URI.create(uri)).exchange().expectStatus().isOk().expectBody()
			.returnResult().getResponseBody();
		List<String> ids = new ArrayList<>();
		this.json.readTree(body).path("epcisBody").path("queryResults").path("resultsBody").path("eventList")
			.forEach(e -> ids.add(e.get("eventID").asString()));
		return ids;
	}

	void refused(String uri, int status, String type, String parameter) {
		var body = this.client.get().uri(URI.create(uri)).exchange().expectStatus().isEqualTo(status)
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody();
		body.jsonPath("$.type").isEqualTo("epcisException:" + type);
		if (parameter != null) {
			body.jsonPath("$.detail").value(detail -> assertThat(String.valueOf(detail)).contains(parameter));
		}
	}

	static String enc(String s) {
		return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	@Test
	void whenFilteringByDispositionTransformationAndLocationsThenExactlyTheMatchingEvents() {
		assertThat(ids("/epcis/events?EQ_persistentDisposition_set=completeness_verified")).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_persistentDisposition_set="
				+ enc("https://ref.gs1.org/cbv/Disp-completeness_verified"))).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_persistentDisposition_unset=completeness_verified")).isEmpty();
		assertThat(ids("/epcis/events?EQ_transformationID=" + enc("urn:epc:id:gdti:0614141.12345.400")))
			.containsExactly(this.c);
		assertThat(ids("/epcis/events?EQ_bizLocation=" + enc("urn:epc:id:sgln:8938504.00002.0"))).isEmpty();
		assertThat(ids("/epcis/events?WD_bizLocation=" + enc("urn:epc:id:sgln:8938504.00002.0")))
			.containsExactly(this.a);
		assertThat(ids("/epcis/events?WD_bizLocation=" + enc("https://id.gs1.org/414/8938504000030")))
			.containsExactly(this.b);
		assertThat(ids("/epcis/events?WD_readPoint=" + enc("urn:epc:id:sgln:8938504.00002.0")))
			.containsExactly(this.a, this.b);
		assertThat(ids("/epcis/events?EQ_bizStep=commissioning&eventType=TransformationEvent")).containsExactly(this.c);
	}

	/** Master data sent in a document's header (no events), then a second time to add to it. */
	void captureMasterData(String vocabularies) {
		String doc = """
				{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld",
				  {"ex": "https://ns.example.com/epcis/"}], "type": "EPCISDocument",
				 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00",
				 "epcisHeader": {"epcisMasterData": {"vocabularyList": [%s]}},
				 "epcisBody": {"eventList": []}}""".formatted(vocabularies);
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON).bodyValue(doc).exchange()
			.expectStatus().isAccepted();
	}

	@Test
	void whenMasterDataIsCapturedThenAttributeAndDescendantQueriesUseIt() {
		String q = "/epcis/events?";
		assertThat(ids(q + "HASATTR_bizLocation=" + enc("urn:epcglobal:cbv:mda:sst"))).as("no master data yet").isEmpty();
		captureMasterData("""
				{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
				  {"id": "urn:epc:id:sgln:8938504.00002.7", "attributes": [{"id": "cbvmda:sst", "attribute": "201"},
				    {"id": "urn:epcglobal:cbv:mda#name", "attribute": "Kho lạnh"}]},
				  {"id": "https://id.gs1.org/414/8938504000016", "children": ["urn:epc:id:sgln:8938504.00003.0"]}]},
				{"type": "urn:epcglobal:epcis:vtype:BusinessStep", "vocabularyElementList": [
				  {"id": "urn:epcglobal:cbv:bizstep:shipping", "attributes": [{"id": "ex:risk", "attribute": "low"}]}]}""");
		// the attribute spelt as EPCIS 2.0's context, as CBV 1.x's XML namespace, and with the context's prefix
		assertThat(ids(q + "HASATTR_bizLocation=" + enc("urn:epcglobal:cbv:mda:sst"))).containsExactly(this.a);
		assertThat(ids(q + "HASATTR_bizLocation=" + enc("urn:epcglobal:cbv:mda#sst"))).containsExactly(this.a);
		assertThat(ids(q + "HASATTR_bizLocation=cbvmda:sst%7Ccbvmda:nothing")).containsExactly(this.a);
		assertThat(ids(q + "HASATTR_bizLocation=cbvmda:nothing")).isEmpty();
		assertThat(ids(q + "EQATTR_bizLocation_" + enc("urn:epcglobal:cbv:mda#sst") + "=201")).containsExactly(this.a);
		assertThat(ids(q + "EQATTR_bizLocation_cbvmda:sst=202%7C201")).containsExactly(this.a);
		assertThat(ids(q + "EQATTR_bizLocation_cbvmda:sst=202")).isEmpty();
		assertThat(ids(q + "EQ_ATTR_bizLocation_cbvmda:name=" + enc("Kho lạnh"))).containsExactly(this.a);
		assertThat(ids(q + "EQATTR_bizStep_" + enc("https://ns.example.com/epcis/risk") + "=low")).containsExactly(this.b);
		assertThat(ids(q + "HASATTR_readPoint=cbvmda:sst")).as("the read point has no master data").isEmpty();
		assertThat(ids(q + "HASATTR_epcList=cbvmda:sst")).as("not a vocabulary-valued field").isEmpty();
		// children: a location named by the master data as a child is a descendant for WD_
		assertThat(ids(q + "WD_bizLocation=" + enc("urn:epc:id:sgln:8938504.00001.0"))).containsExactly(this.b);
		assertThat(ids(q + "EQ_bizLocation=" + enc("urn:epc:id:sgln:8938504.00001.0"))).isEmpty();

		// sent again: attributes added to, a value sent again replaces the stored one
		captureMasterData("""
				{"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
				  {"id": "https://id.gs1.org/414/8938504000023/254/7", "attributes": [{"id": "cbvmda:sst", "attribute": "202"},
				    {"id": "cbvmda:city", "attribute": "Quy Nhơn"}]}]}""");
		assertThat(ids(q + "EQATTR_bizLocation_cbvmda:sst=202")).containsExactly(this.a);
		assertThat(ids(q + "EQATTR_bizLocation_cbvmda:sst=201")).isEmpty();
		assertThat(ids(q + "EQATTR_bizLocation_cbvmda:name=" + enc("Kho lạnh"))).as("kept").containsExactly(this.a);

		refused(q + "EQATTR_bizLocation=201", 400, "QueryParameterException", "EQATTR_bizLocation");
		refused(q + "HASATTR_bizLocation=", 400, "QueryParameterException", "HASATTR_bizLocation");
	}

	@Test
	void whenMasterDataNamesABrokenIdentifierThenNothingIsStored() {
		this.client.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON).bodyValue("""
				{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
				 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00",
				 "epcisHeader": {"epcisMasterData": {"vocabularyList": [
				   {"type": "urn:epcglobal:epcis:vtype:BusinessLocation", "vocabularyElementList": [
				     {"id": "urn:epc:id:sgln:8938504.00002.7", "attributes": [{"id": "cbvmda:sst", "attribute": "300"}]},
				     {"id": "https://id.gs1.org/414/8938504000011", "attributes": [{"id": "cbvmda:sst", "attribute": "301"}]}]}]}},
				 "epcisBody": {"eventList": [{"type": "ObjectEvent", "eventTime": "2026-06-09T08:00:00+07:00",
				   "eventTimeZoneOffset": "+07:00", "action": "OBSERVE", "bizStep": "inspecting",
				   "epcList": ["urn:epc:id:sgtin:8938504.012345.78"]}]}}""").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.type").isEqualTo("epcisException:ValidationException");
		assertThat(ids("/epcis/events?HASATTR_bizLocation=cbvmda:sst")).as("no master data stored").isEmpty();
		assertThat(ids("/epcis/events?EQ_bizStep=inspecting")).as("no event stored").containsExactly(this.d);
	}

	@Test
	void whenComparingQuantitiesThenUnitsAndBoundsHold() {
		assertThat(ids("/epcis/events?EQ_quantity=20")).containsExactly(this.b, this.c);
		assertThat(ids("/epcis/events?GT_quantity=20")).containsExactly(this.c);
		assertThat(ids("/epcis/events?GE_quantity=20")).containsExactly(this.b, this.c);
		assertThat(ids("/epcis/events?LT_quantity=20")).containsExactly(this.a);
		assertThat(ids("/epcis/events?LE_quantity=5")).containsExactly(this.a);
		assertThat(ids("/epcis/events?GT_quantity_KGM=10")).containsExactly(this.b, this.c);
		assertThat(ids("/epcis/events?EQ_quantity_KGM=150")).isEmpty();
		refused("/epcis/events?GT_quantity=many", 400, "QueryParameterException", "GT_quantity");
	}

	@Test
	void whenFilteringByErrorDeclarationThenOnlyTheCorrection() {
		assertThat(ids("/epcis/events?EXISTS_errorDeclaration=true")).containsExactly(this.d);
		assertThat(ids("/epcis/events?EXISTS_errorDeclaration=false")).hasSize(4);
		assertThat(ids("/epcis/events?GE_errorDeclarationTime=" + enc("2026-06-05T03:00:00Z"))).containsExactly(this.d);
		assertThat(ids("/epcis/events?LT_errorDeclarationTime=" + enc("2026-06-05T03:00:00Z"))).isEmpty();
		assertThat(ids("/epcis/events?EQ_errorReason=incorrect_data")).containsExactly(this.d);
		assertThat(ids("/epcis/events?EQ_errorReason=did_not_occur")).isEmpty();
		assertThat(ids("/epcis/events?EQ_correctiveEventID=" + enc(this.c))).containsExactly(this.d);
	}

	@Test
	void whenFilteringByTransactionsSourcesAndDestinationsThenTypeAndValueBothCount() {
		assertThat(ids("/epcis/events?EQ_bizTransaction_po=" + enc("urn:epc:id:gdti:0614141.00001.1618034")))
			.containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_bizTransaction_inv=" + enc("urn:epc:id:gdti:0614141.00001.1618034"))).isEmpty();
		assertThat(ids("/epcis/events?EQ_source_owning_party=" + enc("urn:epc:id:pgln:8938504.00002")))
			.containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_destination_location=" + enc("urn:epc:id:sgln:0614141.00777.0")))
			.containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_destination_owning_party=" + enc("urn:epc:id:sgln:0614141.00777.0"))).isEmpty();
	}

	@Test
	void whenFilteringByIlmdAndExtensionFieldsThenPrefixAndFullNameBothWork() {
		assertThat(ids("/epcis/events?EQ_ILMD_ex:grade=A")).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_ILMD_" + enc("https://ns.example.com/epcis#grade") + "=A"))
			.containsExactly(this.a);
		assertThat(ids("/epcis/events?GT_ILMD_ex:brix=9")).containsExactly(this.a);
		assertThat(ids("/epcis/events?LT_ILMD_ex:brix=9")).isEmpty();
		assertThat(ids("/epcis/events?GE_ILMD_ex:harvested=" + enc("2026-05-29T23:00:00Z"))).containsExactly(this.a);
		assertThat(ids("/epcis/events?LT_ILMD_ex:harvested=" + enc("2026-05-29T23:00:00Z"))).isEmpty();
		assertThat(ids("/epcis/events?EXISTS_ILMD_ex:grade")).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_INNER_ILMD_ex:commune=Dalat")).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_ex:zone=" + enc("cold|ambient"))).containsExactly(this.a, this.b);
		assertThat(ids("/epcis/events?EQ_ex:rank=2")).containsExactly(this.c);
		assertThat(ids("/epcis/events?GE_ex:rank=2")).containsExactly(this.a, this.c);
		assertThat(ids("/epcis/events?EXISTS_ex:zone=true")).containsExactly(this.a, this.b);
		assertThat(ids("/epcis/events?EQ_INNER_ex:colour=blue")).containsExactly(this.a);
		assertThat(ids("/epcis/events?EQ_bizLocation_ex:shed=north")).containsExactly(this.a);
		assertThat(ids("/epcis/events?orderBy=ex:rank&orderDirection=ASC&EXISTS_ex:rank"))
			.containsExactly(this.b, this.c, this.a);
		assertThat(ids("/epcis/events?orderBy=ex:rank&EXISTS_ex:rank&eventCountLimit=1")).containsExactly(this.a);
	}

	@Test
	void whenOrderingByAFieldThenPagesFollowThatOrder() {
		List<String> seen = new ArrayList<>();
		String next = "/epcis/events?orderBy=ex:rank&orderDirection=DESC&EXISTS_ex:rank&perPage=2";
		while (next != null) {
			var r = this.client.get().uri(URI.create(next)).exchange().expectStatus().isOk().expectBody().returnResult();
			this.json.readTree(r.getResponseBody()).path("epcisBody").path("queryResults").path("resultsBody")
				.path("eventList").forEach(e -> seen.add(e.get("eventID").asString()));
			String link = r.getResponseHeaders().getFirst("Link");
			URI u = link == null ? null : URI.create(link.substring(1, link.indexOf('>')));
			next = u == null ? null : u.getRawPath() + "?" + u.getRawQuery();
		}
		assertThat(seen).containsExactly(this.a, this.c, this.b);
	}

	@Test
	void whenFilteringBySensorDataThenReportsAndMetadataMatch() {
		assertThat(ids("/epcis/events?EQ_type=Temperature")).containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_type=" + enc("gs1:RelativeHumidity"))).containsExactly(this.c);
		assertThat(ids("/epcis/events?EQ_deviceID=" + enc("urn:epc:id:giai:4000001.111"))).containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_bizRules=" + enc("https://example.com/rules/cold"))).containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_stringValue=ok")).containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_booleanValue=true")).containsExactly(this.b);
		assertThat(ids("/epcis/events?EQ_booleanValue=false")).isEmpty();
		assertThat(ids("/epcis/events?GT_value_CEL=4")).containsExactly(this.b);
		assertThat(ids("/epcis/events?GT_value_CEL=5")).isEmpty();
		assertThat(ids("/epcis/events?LE_value_A93=70")).containsExactly(this.c);
		assertThat(ids("/epcis/events?GE_percRank=50")).containsExactly(this.b);
		assertThat(ids("/epcis/events?GE_startTime=" + enc("2026-06-02T06:30:00+07:00"))).containsExactly(this.b);
		assertThat(ids("/epcis/events?LT_endTime=" + enc("2026-06-02T01:00:00Z"))).isEmpty();
		assertThat(ids("/epcis/events?GE_time=" + enc("2026-06-02T01:00:00Z"))).containsExactly(this.b);
		assertThat(ids("/epcis/events?EXISTS_sensorElementList=true")).containsExactly(this.b, this.c);
		refused("/epcis/events?EQ_booleanValue=maybe", 400, "QueryParameterException", "EQ_booleanValue");
	}

	@Test
	void whenCountsAreLimitedThenMaxEventCountRefusesAndEventCountLimitCuts() {
		assertThat(ids("/epcis/events?maxEventCount=4")).hasSize(4);
		refused("/epcis/events?maxEventCount=3", 413, "QueryTooLargeException", null);
		refused("/epcis/events?maxEventCount=3&eventCountLimit=2&orderBy=eventTime", 400, "QueryParameterException",
				"eventCountLimit");
		refused("/epcis/events?eventCountLimit=2", 400, "QueryParameterException", "eventCountLimit");
		assertThat(ids("/epcis/events?orderBy=eventTime&eventCountLimit=1")).containsExactly(this.d);
		assertThat(ids("/epcis/events?orderBy=recordTime&orderDirection=ASC&eventCountLimit=1")).containsExactly(this.a);
	}

	@Test
	void whenParametersAreUnknownOrMalformedThenTheProblemNamesThem() {
		refused("/epcis/events?EQ_colour=red", 400, "QueryParameterException", "EQ_colour");
		refused("/epcis/events?GE_eventTime=yesterday", 400, "QueryParameterException", "GE_eventTime");
		refused("/epcis/events?GE_errorDeclarationTime=2026-06-01", 400, "QueryParameterException",
				"GE_errorDeclarationTime");
		refused("/epcis/events?EQ_minValue_CEL=4", 400, "QueryParameterException", "EQ_minValue_CEL");
		refused("/epcis/events?GT_readPoint_ex:shed=1", 400, "QueryParameterException", "GT_readPoint_ex:shed");
		refused("/epcis/events?GT_ILMD_ex:grade=A", 400, "QueryParameterException", "GT_ILMD_ex:grade");
		refused("/epcis/events?orderBy=colour", 400, "QueryParameterException", "orderBy");
		refused("/epcis/events?EXISTS_errorDeclaration=yes", 400, "QueryParameterException", "EXISTS_errorDeclaration");
	}

	@Test
	void whenWalkingTheTopLevelResourcesThenTheyListAndQueryWhatTheCallerSees() {
		this.client.get().uri("/epcis/eventTypes").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.type").isEqualTo("Collection")
			.jsonPath("$.member.length()").isEqualTo(5);
		this.client.get().uri("/epcis/eventTypes/ObjectEvent").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.member[0]").isEqualTo("events");
		refused("/epcis/eventTypes/FooEvent", 404, "NoSuchResourceException", null);
		assertThat(ids("/epcis/eventTypes/TransformationEvent/events")).containsExactly(this.c);
		assertThat(members("/epcis/bizSteps")).contains("shipping", "inspecting", "void_shipping");
		assertThat(ids("/epcis/bizSteps/shipping/events")).containsExactly(this.b);
		assertThat(ids("/epcis/bizSteps/" + enc("urn:epcglobal:cbv:bizstep:commissioning") + "/events?eventType=ObjectEvent"))
			.containsExactly(this.a);
		refused("/epcis/bizSteps/shipping/events?EQ_bizStep=receiving", 400, "QueryParameterException", "EQ_bizStep");
		assertThat(members("/epcis/dispositions")).contains("in_transit", "active");
		assertThat(ids("/epcis/dispositions/in_transit/events")).containsExactly(this.b);
		assertThat(members("/epcis/readPoints")).containsExactly("https://id.gs1.org/414/8938504000023");
		assertThat(members("/epcis/bizLocations")).containsExactly("https://id.gs1.org/414/8938504000023/254/7",
				"https://id.gs1.org/414/8938504000030");
		assertThat(ids("/epcis/readPoints/" + enc("urn:epc:id:sgln:8938504.00002.0") + "/events"))
			.containsExactly(this.a, this.b);
		assertThat(ids("/epcis/bizLocations/" + enc("https://id.gs1.org/414/8938504000030") + "/events"))
			.containsExactly(this.b);
		this.client.get().uri(URI.create("/epcis/bizLocations/" + enc("https://id.gs1.org/414/8938504000030")))
			.exchange().expectStatus().isOk();
		refused("/epcis/readPoints/" + enc("urn:epc:id:sgln:0614141.00777.0"), 404, "NoSuchResourceException", null);
		List<String> epcs = members("/epcis/epcs");
		assertThat(epcs).contains("https://id.gs1.org/01/08938504123456/10/LOTA",
				"https://id.gs1.org/01/08938504123456/10/LOTB", "https://id.gs1.org/01/08938504123456/21/77");
		assertThat(ids("/epcis/epcs/" + enc("urn:epc:class:lgtin:8938504.012345.LOTA") + "/events"))
			.containsExactly(this.a, this.b, this.c);
		assertThat(ids("/epcis/epcs/" + enc("https://id.gs1.org/01/08938504123456/10/LOTA") + "/events?EQ_bizStep=shipping"))
			.containsExactly(this.b);
		assertThat(ids("/epcis/epcs/" + enc("urn:epc:id:sgtin:8938504.012345.77") + "/events")).containsExactly(this.d);
		// paging a collection
		var first = this.client.get().uri("/epcis/epcs?perPage=2").exchange().expectStatus().isOk()
			.expectHeader().exists("Link").expectBody().jsonPath("$.member.length()").isEqualTo(2);
		assertThat(first).isNotNull();
		// another organisation sees none of it
		WebTestClient other = EpcisTestSupport.clientFor(this.context,
				EpcisTestSupport.freshOrganisation(this.organisations));
		other.get().uri("/epcis/epcs").exchange().expectStatus().isOk().expectBody().jsonPath("$.member.length()")
			.isEqualTo(0);
		other.get().uri("/epcis/bizSteps/shipping/events").exchange().expectStatus().isOk().expectBody()
			.jsonPath("$.epcisBody.queryResults.resultsBody.eventList.length()").isEqualTo(0);
	}

	List<String> members(String uri) {
		byte[] body = this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody().returnResult()
			.getResponseBody();
		List<String> out = new ArrayList<>();
		this.json.readTree(body).path("member").forEach(m -> out.add(m.asString()));
		return out;
	}

	@Test
	void whenPipesAreSentUnencodedOverHttpThenTheyAreAlternatives() throws Exception {
		TestMembers members = TestMembers.from(this.context);
		OrgId org = members.organisation().id();
		var admin = members.member(org, Role.ADMIN);
		String token = members.token(org, admin.userId(), Scope.ALL);
		WebTestClient real = TestMembers.withToken(WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port)
			.build(), token);
		String doc = Files.readString(EpcisTestSupport.shared().resolve("examples/Example_9.6.1-ObjectEvent.jsonld"));
		real.post().uri("/epcis/capture").contentType(MediaType.APPLICATION_JSON).bodyValue(doc).exchange()
			.expectStatus().isAccepted();
		String raw = rawGet("/epcis/events?EQ_bizStep=shipping|receiving&orderBy=eventTime&orderDirection=ASC", token);
		assertThat(raw).startsWith("HTTP/1.1 200");
		JsonNode answer = this.json.readTree(raw.substring(raw.indexOf("\r\n\r\n") + 4));
		List<String> steps = new ArrayList<>();
		answer.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")
			.forEach(e -> steps.add(e.get("bizStep").asString()));
		assertThat(steps).containsExactly("shipping", "receiving");
		ObjectNode none = (ObjectNode) this.json.readTree(rawBody(rawGet("/epcis/events?EQ_bizStep=shipping|", token)));
		assertThat(none.path("epcisBody").path("queryResults").path("resultsBody").path("eventList").size()).isEqualTo(1);
	}

	private static String rawBody(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	/** A GET sent byte for byte, so the {@code |} reaches the server unencoded (java.net.URI would refuse it). */
	private String rawGet(String target, String token) throws Exception {
		try (Socket s = new Socket("localhost", this.port)) {
			OutputStream out = s.getOutputStream();
			out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
					+ "\r\nAccept: application/json\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = s.getInputStream();
			ByteArrayOutputStream buf = new ByteArrayOutputStream();
			in.transferTo(buf);
			String response = buf.toString(StandardCharsets.UTF_8);
			if (response.toLowerCase().contains("transfer-encoding: chunked")) {
				return dechunk(response);
			}
			return response;
		}
	}

	private static String dechunk(String response) {
		int start = response.indexOf("\r\n\r\n") + 4;
		StringBuilder body = new StringBuilder();
		int i = start;
		while (true) {
			int eol = response.indexOf("\r\n", i);
			int size = Integer.parseInt(response.substring(i, eol).trim(), 16);
			if (size == 0) {
				break;
			}
			body.append(response, eol + 2, eol + 2 + size);
			i = eol + 2 + size + 2;
		}
		return response.substring(0, start) + body;
	}

}
