package vn.nguon.api.transparency;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.transparency.Jcs;
import vn.nguon.traceability.transparency.LogKey;
import vn.nguon.traceability.transparency.Merkle;
import vn.nguon.traceability.transparency.TransparencyLog;
import vn.nguon.traceability.transparency.TransparencyVerifier;
import vn.nguon.traceability.transparency.TreeHead;

import static org.assertj.core.api.Assertions.assertThat;

@NguonIntegrationTest
class TransparencyLogTests {

	@Autowired
	WebTestClient client;

	@Autowired
	org.springframework.context.ApplicationContext context;

	@Autowired
	TransparencyLog transparencyLog;

	@Autowired
	TransparencyVerifier verifier;

	@Autowired
	OrganisationRepository organisations;

	@Value("${spring.flyway.url}")
	String jdbcUrl;

	@Value("${spring.flyway.user}")
	String user;

	@Value("${spring.flyway.password:}")
	String password;

	@Autowired
	EventCapture capture;

	@Autowired
	org.springframework.r2dbc.core.DatabaseClient db;

	@Autowired
	JsonMapper json;

	EventRows rows;

	Gtin gtin;

	UUID org;

	@BeforeEach
	void setUp() throws Exception {
		this.rows = new EventRows(this.jdbcUrl, this.user, this.password);
		String slug = "tlog-" + UUID.randomUUID().toString().substring(0, 8);
		this.org = this.organisations.create(slug, "HTX " + slug).block().id().value();
		this.gtin = Gtin.withCheckDigit("0893" + String.format("%09d", new Random().nextInt(1_000_000_000)));
		// the organisation owns the product, so its harvest events are consumer-public: proofs carry their body
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (:id, :org, :gtin, 'Cà chua', 'Tomato')")
			.bind("id", UUID.randomUUID()).bind("org", this.org).bind("gtin", this.gtin.value()).then().block();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.rows.close();
	}

	record Head(@JsonProperty("tree_size") long treeSize, @JsonProperty("root_hash") String rootHash, long timestamp,
			String signature, @JsonProperty("key_id") String keyId, @JsonProperty("public_key") String publicKey) {
	}

	record LeafProofJson(@JsonProperty("leaf_index") long leafIndex, long seq, @JsonProperty("leaf_hash") String leafHash,
			@JsonProperty("leaf_input") String leafInput, @JsonProperty("audit_path") List<String> auditPath) {
	}

	record Proof(@JsonProperty("event_id") String eventId, @JsonProperty("tree_size") long treeSize,
			@JsonProperty("leaf_index") long leafIndex, @JsonProperty("leaf_input") String leafInput,
			@JsonProperty("audit_path") List<String> auditPath, List<LeafProofJson> proofs) {
	}

	record Consistency(long first, long second, @JsonProperty("first_root_hash") String firstRoot,
			@JsonProperty("second_root_hash") String secondRoot, List<String> consistency) {
	}

	static byte[] b64(String s) {
		return Base64.getDecoder().decode(s);
	}

	Head signedHead() {
		return TestAuth.asAdmin(this.client).post().uri("/api/transparency/heads").exchange()
			.expectStatus().isCreated()
			.expectBody(Head.class).returnResult().getResponseBody();
	}

	Head publicHead() {
		return this.client.get().uri("/transparency/head").exchange()
			.expectStatus().isOk()
			.expectBody(Head.class).returnResult().getResponseBody();
	}

	Proof proof(String eventId, long treeSize) {
		return this.client.get().uri(u -> u.path("/transparency/proof").queryParam("eventID", eventId)
			.queryParam("treeSize", treeSize).build()).exchange()
			.expectStatus().isOk()
			.expectBody(Proof.class).returnResult().getResponseBody();
	}

	/** Checks a proof as a browser does: recompute the leaf from leaf_input, walk the path, compare with the signed root. */
	static boolean proves(Proof proof, Head head) {
		if (proof.proofs().isEmpty()) {
			return false;
		}
		for (LeafProofJson p : proof.proofs()) {
			if (p.leafInput() == null) {
				return false;
			}
			byte[] leaf = b64(p.leafInput());
			List<byte[]> path = p.auditPath().stream().map(TransparencyLogTests::b64).toList();
			if (!Merkle.verifyInclusion(p.leafIndex(), head.treeSize(), Merkle.hashLeaf(leaf), path, b64(head.rootHash()))) {
				return false;
			}
		}
		return true;
	}

	/** Checks inclusion from the leaf hash alone, as anyone can for an event whose body they may not read. */
	static boolean includes(Proof proof, Head head) {
		if (proof.proofs().isEmpty()) {
			return false;
		}
		for (LeafProofJson p : proof.proofs()) {
			List<byte[]> path = p.auditPath().stream().map(TransparencyLogTests::b64).toList();
			if (!Merkle.verifyInclusion(p.leafIndex(), head.treeSize(), b64(p.leafHash()), path, b64(head.rootHash()))) {
				return false;
			}
		}
		return true;
	}

	static boolean signatureValid(Head head) {
		byte[] spki = b64(head.publicKey());
		byte[] keyId;
		try {
			keyId = java.security.MessageDigest.getInstance("SHA-256").digest(spki);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		return java.security.MessageDigest.isEqual(keyId, b64(head.keyId()))
				&& LogKey.verify(spki, TreeHead.signedBytes(head.treeSize(), b64(head.rootHash()), head.timestamp()),
						b64(head.signature()));
	}

	/** Captures harvest events of fresh lots through the event store, as any client would. */
	List<String> storeEvents(int n) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			String id = "urn:uuid:" + UUID.randomUUID();
			String lot = "L" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
			ObjectNode event = (ObjectNode) this.json.readTree("""
					{"type": "ObjectEvent", "eventID": "%s", "eventTime": "2026-06-01T07:30:00+07:00",
					 "eventTimeZoneOffset": "+07:00", "action": "ADD", "bizStep": "commissioning", "disposition": "active",
					 "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/%s", "quantity": 120.50, "uom": "KGM"}],
					 "readPoint": {"id": "https://id.gs1.org/414/8930000000019"}}
					""".formatted(id, this.gtin.value(), lot));
			ids.add(this.capture.captureEvent(OrgId.of(this.org), event).block().eventId());
		}
		return ids;
	}

	@Test
	void whenEventsStoredThenEachProvesIntoTheSignedHeadAndHeadsAreConsistent() throws Exception {
		Head before = signedHead();
		List<String> ids = storeEvents(5);
		Head head = signedHead();

		assertThat(head.treeSize()).isGreaterThanOrEqualTo(before.treeSize() + 5);
		assertThat(signatureValid(head)).isTrue();
		assertThat(publicHead().timestamp()).isGreaterThanOrEqualTo(head.timestamp());
		for (String id : ids) {
			Proof proof = proof(id, head.treeSize());
			assertThat(proof.proofs()).hasSize(1);
			assertThat(proves(proof, head)).as(id).isTrue();
			// the leaf is the RFC 8785 form of the stored doc, and names the event
			String leaf = new String(b64(proof.leafInput()), StandardCharsets.UTF_8);
			assertThat(leaf).contains("\"eventID\":\"" + id + "\"").startsWith("{\"action\":\"ADD\"")
				.contains("\"quantity\":120.5,");
			assertThat(Jcs.canonicalize(leaf)).isEqualTo(b64(proof.leafInput()));
		}
		if (before.treeSize() > 0) {
			Consistency c = this.client.get()
				.uri("/transparency/consistency?first={f}&second={s}", before.treeSize(), head.treeSize())
				.exchange()
				.expectStatus().isOk()
				.expectBody(Consistency.class).returnResult().getResponseBody();
			assertThat(c.firstRoot()).isEqualTo(before.rootHash());
			assertThat(c.secondRoot()).isEqualTo(head.rootHash());
			assertThat(Merkle.verifyConsistency(before.treeSize(), head.treeSize(), b64(before.rootHash()),
					b64(head.rootHash()), c.consistency().stream().map(TransparencyLogTests::b64).toList()))
				.isTrue();
		}
		assertThat(this.verifier.lotVerified(ids).block()).isTrue();
	}

	/**
	 * A partner the event's organisation shipped the lot to reads the body of its proofs (as it reads the
	 * event through /epcis/events); an organisation that was not shipped anything does not.
	 */
	@Test
	void whenTheLotWasShippedToTheReaderThenItsProofHasTheBody() {
		Gtin foreign = Gtin.withCheckDigit("0894" + String.format("%09d", new Random().nextInt(1_000_000_000)));
		String lot = "https://id.gs1.org/01/" + foreign.value() + "/10/SHARED" + new Random().nextInt(1000);
		vn.nguon.api.support.TestMembers members = vn.nguon.api.support.TestMembers.from(this.context);
		OrgId partner = members.organisation().id();
		OrgId stranger = members.organisation().id();
		// the product belongs to a third organisation: A's events about the lot are not consumer-public
		OrgId owner = members.organisation().id();
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (:id, :org, :gtin, 'Xoài', 'Mango')")
			.bind("id", UUID.randomUUID()).bind("org", owner.value()).bind("gtin", foreign.value()).then().block();
		String gln = vn.nguon.api.support.TestMembers.gln();
		this.db.sql("INSERT INTO organisation_party (gln, org_id) VALUES (:g, :o)").bind("g", gln).bind("o", partner.value())
			.then().block();
		String received = this.capture.captureEvent(OrgId.of(this.org), (ObjectNode) this.json.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-02T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress",
				 "quantityList": [{"epcClass": "%s", "quantity": 3, "uom": "KGM"}]}""".formatted(lot))).block().eventId();
		this.capture.captureEvent(OrgId.of(this.org), (ObjectNode) this.json.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-03T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
				 "quantityList": [{"epcClass": "%s", "quantity": 3, "uom": "KGM"}],
				 "destinationList": [{"type": "owning_party", "destination": "https://id.gs1.org/417/%s"}]}"""
			.formatted(lot, gln))).block();
		Head head = signedHead();
		java.util.function.Function<WebTestClient, Proof> proofAs = c -> c.get()
			.uri(u -> u.path("/transparency/proof").queryParam("eventID", received).queryParam("treeSize", head.treeSize())
				.build())
			.exchange().expectStatus().isOk().expectBody(Proof.class).returnResult().getResponseBody();
		WebTestClient asPartner = vn.nguon.api.support.TestMembers.withToken(this.client,
				members.token(partner, null, vn.nguon.traceability.account.Scope.ALL));
		WebTestClient asStranger = vn.nguon.api.support.TestMembers.withToken(this.client,
				members.token(stranger, null, vn.nguon.traceability.account.Scope.ALL));
		assertThat(proofAs.apply(asPartner).proofs().get(0).leafInput()).isNotNull();
		assertThat(proofAs.apply(asStranger).proofs().get(0).leafInput()).isNull();
		assertThat(proofAs.apply(this.client).proofs().get(0).leafInput()).isNull();
	}

	/**
	 * A proof tells anyone that an event is in the log, but its body only to those who may read it: an
	 * event of an organisation that does not own the lot it names (here: another organisation's product)
	 * answers an anonymous caller the leaf hash and the audit path, with no leaf_input.
	 */
	@Test
	void whenTheEventIsNotConsumerPublicThenTheProofOmitsItsBody() {
		Gtin foreign = Gtin.withCheckDigit("0894" + String.format("%09d", new Random().nextInt(1_000_000_000)));
		String slug = "tlog-owner-" + UUID.randomUUID().toString().substring(0, 8);
		UUID owner = this.organisations.create(slug, "HTX " + slug).block().id().value();
		this.db.sql("INSERT INTO product (id, org_id, gtin, name_vi, name_en) VALUES (:id, :org, :gtin, 'Xoài', 'Mango')")
			.bind("id", UUID.randomUUID()).bind("org", owner).bind("gtin", foreign.value()).then().block();
		ObjectNode event = (ObjectNode) this.json.readTree("""
				{"type": "ObjectEvent", "eventTime": "2026-06-02T07:30:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "receiving", "disposition": "in_progress",
				 "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/PRIVATE1", "quantity": 3, "uom": "KGM"}]}
				""".formatted(foreign.value()));
		String id = this.capture.captureEvent(OrgId.of(this.org), event).block().eventId();
		Head head = signedHead();
		Proof proof = proof(id, head.treeSize());
		assertThat(proof.proofs()).hasSize(1);
		assertThat(proof.proofs().get(0).leafInput()).isNull();
		assertThat(proof.leafInput()).isNull();
		assertThat(proof.proofs().get(0).leafHash()).isNotEmpty();
		assertThat(proof.proofs().get(0).auditPath()).isNotNull();
	}

	@Test
	void whenKeyAskedThenItIsTheHeadsKey() {
		Head head = signedHead();
		this.client.get().uri("/transparency/key").exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.key_id").isEqualTo(head.keyId())
			.jsonPath("$.public_key").isEqualTo(head.publicKey())
			.jsonPath("$.algorithm").isEqualTo("Ed25519");
	}

	@Test
	void whenConsistencyRangeIsBackwardsOrBeyondTheHeadThenProblem400() {
		Head head = signedHead();
		for (String query : List.of("first=3&second=2", "first=0&second=1",
				"first=1&second=" + (head.treeSize() + 1), "first=abc&second=2", "second=2")) {
			this.client.get().uri("/transparency/consistency?" + query).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody().jsonPath("$.status").isEqualTo(400);
		}
		this.client.get().uri("/transparency/consistency?first=3&second=2").exchange()
			.expectBody().jsonPath("$.code").isEqualTo("transparency-bad-range");
	}

	@Test
	void whenEventNotLoggedThenProblem404() {
		signedHead();
		this.client.get().uri("/transparency/proof?eventID=urn:uuid:" + UUID.randomUUID())
			.header("Accept-Language", "en")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.code").isEqualTo("transparency-not-logged")
			.jsonPath("$.detail").value(d -> assertThat((String) d).contains("not (yet)"));
		this.client.get().uri("/transparency/proof").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		this.client.get().uri("/transparency/proof?eventID=x&treeSize=-1").exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.code").isEqualTo("transparency-bad-size");
	}

	@Test
	void whenAnonymousThenAdminEndpointsRefused() {
		this.client.get().uri("/api/transparency/verify").exchange().expectStatus().isUnauthorized();
		// 401 without credentials (403 when the CSRF check answers first): never through
		this.client.post().uri("/api/transparency/heads").exchange()
			.expectStatus().value(status -> assertThat(status).isIn(401, 403));
		this.client.get().uri("/transparency/key").exchange().expectStatus().isOk();
	}

	@Test
	void whenTransactionCommitsLateThenItsEventIsLoggedNotSkipped() throws Exception {
		String lateId = "urn:uuid:" + UUID.randomUUID();
		String earlyId = "urn:uuid:" + UUID.randomUUID();
		try (Connection slow = this.rows.newTransaction(this.jdbcUrl, this.user, this.password)) {
			long lateSeq = this.rows.insert(slow, this.org, lateId, EventRows.doc(lateId, 1));
			long earlySeq = this.rows.insert(this.org, earlyId);
			assertThat(lateSeq).isLessThan(earlySeq);
			Head head = signedHead();
			assertThat(includes(proof(earlyId, head.treeSize()), head)).isTrue();
			this.client.get().uri("/transparency/proof?eventID=" + lateId).exchange().expectStatus().isNotFound();
			slow.commit();
		}
		Head after = signedHead();
		// rows written straight into the table name no lot of the organisation: anyone gets the hash, not the body
		assertThat(includes(proof(lateId, after.treeSize()), after)).isTrue();
		assertThat(includes(proof(earlyId, after.treeSize()), after)).isTrue();
	}

	@Test
	void whenRowsTamperedInPostgresThenVerifierReportsExactlyThoseAndTheirProofsFail() throws Exception {
		List<String> ids = storeEvents(6);
		Head head = signedHead();
		Map<String, Long> seqs = new java.util.HashMap<>();
		for (String id : ids) {
			seqs.put(id, proof(id, head.treeSize()).proofs().get(0).seq());
		}
		String changed = ids.get(0);
		String deleted = ids.get(1);
		String swappedA = ids.get(2);
		String swappedB = ids.get(3);
		List<String> untouched = ids.subList(4, 6);
		long a = seqs.get(swappedA);
		long b = seqs.get(swappedB);
		List<String> saved = new ArrayList<>();
		for (long seq : List.of(seqs.get(changed), seqs.get(deleted), a, b)) {
			saved.add(this.rows.rowJson(seq));
		}
		try {
			this.rows.asAttacker(
					"UPDATE epcis_event SET doc = doc || '{\"disposition\": \"destroyed\"}' WHERE seq = "
							+ seqs.get(changed),
					"DELETE FROM epcis_event WHERE seq = " + seqs.get(deleted),
					"UPDATE epcis_event e SET doc = o.doc FROM epcis_event o WHERE (e.seq, o.seq) IN ((" + a + ", " + b
							+ "), (" + b + ", " + a + "))");

			var report = TestAuth.asAdmin(this.client).get().uri("/api/transparency/verify").exchange()
				.expectStatus().isOk()
				.expectBody(TransparencyViews.ReportView.class).returnResult().getResponseBody();
			Map<String, String> mine = new java.util.HashMap<>();
			report.problems().stream().filter(p -> ids.contains(p.eventId())).forEach(p -> mine.put(p.eventId(), p.status()));
			assertThat(mine).containsExactlyInAnyOrderEntriesOf(
					Map.of(changed, "changed", deleted, "deleted", swappedA, "reordered", swappedB, "reordered"));
			assertThat(report.ok()).isFalse();
			assertThat(report.headSignatureValid()).isTrue();
			assertThat(report.headRootMatches()).isTrue();

			for (String id : List.of(changed, swappedA, swappedB)) {
				assertThat(proves(proof(id, head.treeSize()), head)).as("tampered %s", id).isFalse();
			}
			assertThat(proof(deleted, head.treeSize()).leafInput()).isNull();
			for (String id : untouched) {
				assertThat(proves(proof(id, head.treeSize()), head)).as("untouched %s", id).isTrue();
			}
			assertThat(this.verifier.lotVerified(untouched).block()).isTrue();
			assertThat(this.verifier.lotVerified(List.of(untouched.get(0), changed)).block()).isFalse();
			assertThat(this.verifier.lotVerified(List.of(deleted)).block()).isFalse();
			assertThat(this.verifier.lotVerified(List.of(swappedA, swappedB)).block()).isFalse();
		}
		finally {
			// put the rows back, so the shared test database's log verifies again
			this.rows.restore(saved);
		}
	}

}
