package vn.nguon.api.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A corpus of malformed and hostile requests, sent as a real client would: every one must answer
 * 4xx with {@code application/problem+json}, never 5xx, nothing may be reflected unescaped, and
 * the database must be exactly as it was (row counts of every application table).
 */
@NguonIntegrationTest
class HostileInputTests {

	private static final String SCRIPT = "<script>alert(1)</script>";

	private static final String SQL = "'; DROP TABLE batch; --";

	private static final String[] TABLES = { "organisation", "farm", "product", "batch", "epcis_event" };

	@Autowired
	WebTestClient client;

	@Autowired
	DatabaseClient db;

	record Case(String name, HttpMethod method, String path, MediaType contentType, Object body,
			Map<String, String> headers, boolean authenticated) {

		Case(String name, HttpMethod method, String path, MediaType contentType, Object body) {
			this(name, method, path, contentType, body, Map.of(), true);
		}

	}

	static List<Case> corpus() {
		List<Case> cases = new ArrayList<>();
		MediaType json = MediaType.APPLICATION_JSON;
		String[] jsonPosts = { "/epcis/capture", "/epcis/events", "/api/farms", "/api/products", "/api/batches" };
		String deepArray = "[".repeat(20_000) + "]".repeat(20_000);
		String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
		String[] broken = { "{", "[", "{\"a\":}", "nul", "{\"name\": \"x\"", "\u0000\u0001", "{}}", "]",
				deepArray, deepObject, "{\"type\": \"EPCISDocument\", \"epcisBody\": 5}" };
		for (String path : jsonPosts) {
			for (int i = 0; i < broken.length; i++) {
				cases.add(new Case("broken JSON #" + i + " to " + path, HttpMethod.POST, path, json, broken[i]));
			}
			cases.add(new Case("wrong content type to " + path, HttpMethod.POST, path, MediaType.TEXT_PLAIN, "hello"));
			cases.add(new Case("XML to " + path, HttpMethod.POST, path, MediaType.APPLICATION_XML,
					"<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"));
		}
		// wrong types and values in the simple API
		cases.add(new Case("farm name as array", HttpMethod.POST, "/api/farms", json, "{\"name\": [1,2]}"));
		cases.add(new Case("farm name huge", HttpMethod.POST, "/api/farms", json,
				"{\"name\": \"" + "x".repeat(300_000) + "\"}"));
		cases.add(new Case("farm location outside WGS84", HttpMethod.POST, "/api/farms", json,
				"{\"name\": \"A\", \"location\": {\"type\": \"Point\", \"coordinates\": [500, 95]}}"));
		cases.add(new Case("farm location script", HttpMethod.POST, "/api/farms", json,
				"{\"name\": \"A\", \"location\": {\"type\": \"" + SCRIPT + "\", \"coordinates\": [1, 1]}}"));
		cases.add(new Case("product gtin with SQL", HttpMethod.POST, "/api/products", json,
				"{\"gtin\": \"" + SQL + "\", \"nameVi\": \"Xoài\"}"));
		cases.add(new Case("product gtin bad check digit", HttpMethod.POST, "/api/products", json,
				"{\"gtin\": \"09506000134353\", \"nameVi\": \"Xoài\"}"));
		cases.add(new Case("product gtin script", HttpMethod.POST, "/api/products", json,
				"{\"gtin\": \"" + SCRIPT + "\", \"nameVi\": \"Xoài\"}"));
		cases.add(new Case("product gtin number", HttpMethod.POST, "/api/products", json,
				"{\"gtin\": 9506000134352, \"nameVi\": [\"Xoài\"]}"));
		cases.add(new Case("batch unknown product", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"L1\", \"quantity\": 1, \"unit\": \"kg\"}"));
		cases.add(new Case("batch productId SQL", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + SQL + "\", \"lot\": \"L1\", \"quantity\": 1, \"unit\": \"kg\"}"));
		cases.add(new Case("batch quantity text", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"L1\", \"quantity\": \"many\", \"unit\": \"kg\"}"));
		cases.add(new Case("batch quantity negative", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"L1\", \"quantity\": -5, \"unit\": \"kg\"}"));
		cases.add(new Case("batch lot script", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"" + SCRIPT + "\", \"quantity\": 1, \"unit\": \"kg\"}"));
		cases.add(new Case("batch lot SQL", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"" + SQL + "\", \"quantity\": 1, \"unit\": \"kg\"}"));
		cases.add(new Case("batch harvest date words", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"L1\", \"harvestDate\": \"yesterday\", \"quantity\": 1, \"unit\": \"kg\"}"));
		cases.add(new Case("batch unit unknown", HttpMethod.POST, "/api/batches", json,
				"{\"productId\": \"" + UUID.randomUUID() + "\", \"lot\": \"L1\", \"quantity\": 1, \"unit\": \"" + SCRIPT + "\"}"));
		cases.add(new Case("batch id path SQL", HttpMethod.GET, "/api/batches/1%27%20OR%20%271%27=%271", null, null));
		cases.add(new Case("batch id path traversal", HttpMethod.GET, "/api/batches/..%2F..%2Fetc%2Fpasswd", null, null));
		cases.add(new Case("batch of nobody", HttpMethod.GET, "/api/batches/" + UUID.randomUUID(), null, null));
		cases.add(new Case("recall of nobody", HttpMethod.POST, "/api/batches/" + UUID.randomUUID() + "/recall", json,
				"{\"reason\": \"" + SCRIPT + "\"}"));
		cases.add(new Case("farm of nobody", HttpMethod.GET, "/api/farms/" + UUID.randomUUID(), null, null));
		cases.add(new Case("product of nobody", HttpMethod.GET, "/api/products/" + UUID.randomUUID(), null, null));
		// EPCIS events that break the standard
		String event = "{\"type\": \"%s\", \"eventTime\": \"%s\", \"eventTimeZoneOffset\": \"%s\", \"action\": \"OBSERVE\", \"epcList\": [\"%s\"]}";
		cases.add(new Case("unknown eventType", HttpMethod.POST, "/epcis/events", json,
				event.formatted("CheeseEvent", "2025-01-01T00:00:00Z", "+00:00", "https://id.gs1.org/01/09506000134352/21/1")));
		cases.add(new Case("eventType script", HttpMethod.POST, "/epcis/events", json,
				event.formatted(SCRIPT.replace("\"", "'"), "2025-01-01T00:00:00Z", "+00:00", "https://id.gs1.org/01/09506000134352/21/1")));
		cases.add(new Case("offset beyond 14h", HttpMethod.POST, "/epcis/events", json,
				event.formatted("ObjectEvent", "2025-01-01T00:00:00Z", "+15:00", "https://id.gs1.org/01/09506000134352/21/1")));
		cases.add(new Case("eventTime garbage", HttpMethod.POST, "/epcis/events", json,
				event.formatted("ObjectEvent", "not a time", "+07:00", "https://id.gs1.org/01/09506000134352/21/1")));
		cases.add(new Case("EPC bad check digit", HttpMethod.POST, "/epcis/events", json,
				event.formatted("ObjectEvent", "2025-01-01T00:00:00Z", "+07:00", "https://id.gs1.org/01/09506000134353/21/1")));
		cases.add(new Case("EPC with SQL", HttpMethod.POST, "/epcis/events", json,
				event.formatted("ObjectEvent", "2025-01-01T00:00:00Z", "+07:00", SQL.replace("'", "\\u0027"))));
		cases.add(new Case("lgtin lot outside set 82", HttpMethod.POST, "/epcis/events", json,
				event.formatted("ObjectEvent", "2025-01-01T00:00:00Z", "+07:00", "urn:epc:class:lgtin:4012345.012345.lot one")));
		cases.add(new Case("action invalid", HttpMethod.POST, "/epcis/events", json,
				"{\"type\": \"ObjectEvent\", \"eventTime\": \"2025-01-01T00:00:00Z\", \"eventTimeZoneOffset\": \"+07:00\","
						+ " \"action\": \"EXPLODE\", \"epcList\": []}"));
		// EPCIS queries with bad parameters
		for (String q : new String[] { "GE_eventTime=yesterday", "perPage=-1", "perPage=abc", "orderBy=" + SQL,
				"orderDirection=SIDEWAYS", "eventCountLimit=-3", "nextPageToken=" + SCRIPT, "EQ_unknownThing=1",
				"eventType=CheeseEvent" }) {
			cases.add(new Case("EPCIS query " + q, HttpMethod.GET, "/epcis/events?" + encodeQuery(q), null, null));
		}
		cases.add(new Case("EPCIS event unknown id", HttpMethod.GET,
				"/epcis/events/" + java.net.URLEncoder.encode("urn:uuid:" + UUID.randomUUID(), StandardCharsets.UTF_8),
				null, null));
		// Digital Link and QR paths
		for (String dl : new String[] { "/01/09506000134353/10/ABC", "/01/12345/10/ABC", "/01/09506000134352/10/"
				+ "A".repeat(21), "/01/09506000134352/21/1/10/ABC", "/01/09506000134352/10/%3Cscript%3E",
				"/01/09506000134352/10/ABC%27%20OR%201=1" }) {
			cases.add(new Case("Digital Link " + dl, HttpMethod.GET, dl, null, null, Map.of("Accept", "application/json"),
					false));
			if (!dl.contains("%")) {
				// a QR code is drawn for any well-formed link: '<', '>', quotes and an encoded '%' are in the GS1
				// character set of a lot, so those two links get a PNG (nothing reflected), see ResolverTests
				cases.add(new Case("QR of " + dl, HttpMethod.GET, "/qr" + dl, null, null, Map.of(), false));
			}
		}
		cases.add(new Case("QR size huge", HttpMethod.GET, "/qr/01/09506000134352/10/ABC?size=100000", null, null,
				Map.of(), false));
		cases.add(new Case("QR format unknown", HttpMethod.GET, "/qr/01/09506000134352/10/ABC?format=" + "exe", null, null,
				Map.of(), false));
		cases.add(new Case("linkType unknown", HttpMethod.GET, "/01/09506000134352/10/ABC?linkType=gs1:nothing", null,
				null, Map.of("Accept", "application/json"), false));
		// transparency log
		cases.add(new Case("consistency backwards", HttpMethod.GET, "/transparency/consistency?first=5&second=2", null,
				null, Map.of(), false));
		cases.add(new Case("consistency words", HttpMethod.GET, "/transparency/consistency?first=a&second=" + SQL.replace(" ", "%20").replace(";", "%3B"),
				null, null, Map.of(), false));
		cases.add(new Case("proof of nothing", HttpMethod.GET, "/transparency/proof?eventID=" + SCRIPT.replace("<", "%3C")
			.replace(">", "%3E")
			.replace("(", "%28")
			.replace(")", "%29"), null, null, Map.of(), false));
		// forged credentials
		cases.add(new Case("forged bearer", HttpMethod.GET, "/api/batches", null, null,
				Map.of("Authorization", "Bearer forged-" + UUID.randomUUID()), false));
		cases.add(new Case("forged JWT-looking bearer", HttpMethod.GET, "/api/farms", null, null,
				Map.of("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ."), false));
		cases.add(new Case("basic auth", HttpMethod.GET, "/api/farms", null, null,
				Map.of("Authorization", "Basic YWRtaW46YWRtaW4="), false));
		cases.add(new Case("bearer SQL", HttpMethod.GET, "/epcis/events", null, null,
				Map.of("Authorization", "Bearer " + SQL), false));
		cases.add(new Case("no credentials capture", HttpMethod.POST, "/epcis/capture", json, "{}", Map.of(), false));
		return cases;
	}

	private static String encodeQuery(String q) {
		int eq = q.indexOf('=');
		return q.substring(0, eq + 1) + java.net.URLEncoder.encode(q.substring(eq + 1), StandardCharsets.UTF_8);
	}

	@TestFactory
	Stream<DynamicTest> everyHostileRequestAnswers4xxProblemAndChangesNothing() {
		Map<String, Long> before = counts();
		List<Case> cases = corpus();
		assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
		Stream<DynamicTest> tests = cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
		return Stream.concat(tests,
				Stream.of(DynamicTest.dynamicTest("database unchanged", () -> assertThat(counts()).isEqualTo(before))));
	}

	@Test
	void whenUploadsAreHostileThenProblemAndNothingStored() {
		Map<String, Long> before = counts();
		byte[][] bodies = { new byte[0], "GIF89a<?php system($_GET['c']); ?>".getBytes(StandardCharsets.UTF_8),
				pngHeader(20_000, 20_000), pngHeader(1, 1), "%PDF-1.4 not an image".getBytes(StandardCharsets.UTF_8),
				new byte[12 * 1024 * 1024] };
		for (byte[] body : bodies) {
			MultipartBodyBuilder mb = new MultipartBodyBuilder();
			mb.part("photo", new ByteArrayResource(body) {
				@Override
				public String getFilename() {
					return "../../etc/passwd.jpg";
				}
			}).contentType(MediaType.IMAGE_JPEG);
			EntityExchangeResult<byte[]> r = TestAuth.asAdmin(this.client)
				.post()
				.uri("/api/grading/predict")
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.body(BodyInserters.fromMultipartData(mb.build()))
				.exchange()
				.expectBody()
				.returnResult();
			assertThat(r.getStatus().is4xxClientError()).as("status for upload of %d bytes: %s", body.length,
					r.getStatus()).isTrue();
			assertThat(r.getResponseHeaders().getContentType()).isNotNull();
			assertThat(r.getResponseHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.isTrue();
		}
		assertThat(counts()).isEqualTo(before);
	}

	/** A PNG signature and IHDR chunk claiming the given size, and no image data. */
	static byte[] pngHeader(int width, int height) {
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(33);
		b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		b.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
		b.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update(b.array(), 12, 17);
		b.putInt((int) crc.getValue());
		return b.array();
	}

	private void check(Case c) {
		WebTestClient http = c.authenticated() ? TestAuth.asAdmin(this.client) : this.client;
		WebTestClient.RequestBodySpec spec = http.method(c.method()).uri(c.path());
		c.headers().forEach(spec::header);
		if (!c.headers().containsKey("Accept")) {
			spec.header(HttpHeaders.ACCEPT, "application/json, application/problem+json");
		}
		WebTestClient.RequestHeadersSpec<?> ready = spec;
		if (c.body() != null) {
			ready = spec.contentType(c.contentType()).bodyValue(c.body());
		}
		EntityExchangeResult<byte[]> r = ready.exchange().expectBody().returnResult();
		assertThat(r.getStatus().is4xxClientError()).as("%s: status %s", c.name(), r.getStatus()).isTrue();
		MediaType type = r.getResponseHeaders().getContentType();
		assertThat(type).as("%s: content type", c.name()).isNotNull();
		assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).as("%s: %s", c.name(), type).isTrue();
		String body = r.getResponseBody() == null ? "" : new String(r.getResponseBody(), StandardCharsets.UTF_8);
		assertThat(body).as("%s: reflected script", c.name()).doesNotContain(SCRIPT);
	}

	private Map<String, Long> counts() {
		// the admin's organisation is created on first use: make sure it exists before counting
		TestAuth.asAdmin(this.client).get().uri("/api/farms").exchange().expectStatus().isOk();
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String table : TABLES) {
			counts.put(table, this.db.sql("SELECT count(*) AS n FROM " + table)
				.map(row -> row.get("n", Long.class))
				.one()
				.block(java.time.Duration.ofSeconds(30)));
		}
		return counts;
	}

}
