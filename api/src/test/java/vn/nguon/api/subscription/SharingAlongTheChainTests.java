package vn.nguon.api.subscription;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing along the chain by consent, and recall alerts. Organisation A grows lot U, turns U
 * into W and W into X, ships X to B (its destinationList names B's party GLN), and also grows an
 * unrelated lot Y. B records receiving X. C received nothing. What B reads of A through
 * {@code GET /epcis/events} depends on A's sharing policy: {@code public} nothing,
 * {@code one_step_back} the events naming X or its direct input W, {@code full} the whole upstream
 * history; never anything about Y; C never sees anything of A, not even after recording that it
 * received X, unless A grants C access (and then not after A revokes it).
 */
@NguonIntegrationTest
class SharingAlongTheChainTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	EventCapture capture;

	@Autowired
	DatabaseClient db;

	@Autowired
	JsonMapper json;

	OrgId a;

	OrgId b;

	OrgId c;

	String u, w, x, y;

	String gln;

	String harvestU, makeW, makeX, shipX, harvestY, receiveX, ownOfC;

	@BeforeEach
	void chain() {
		this.a = SubscriptionTestSupport.organisation(this.organisations);
		this.b = SubscriptionTestSupport.organisation(this.organisations);
		this.c = SubscriptionTestSupport.organisation(this.organisations);
		this.u = SubscriptionTestSupport.lot();
		this.w = SubscriptionTestSupport.lot();
		this.x = SubscriptionTestSupport.lot();
		this.y = SubscriptionTestSupport.lot();
		this.harvestU = capture(this.a, SubscriptionTestSupport.objectEvent(this.json, this.u, "commissioning", "active", 1));
		this.makeW = capture(this.a, SubscriptionTestSupport.transformation(this.json, this.u, this.w, 2));
		this.makeX = capture(this.a, SubscriptionTestSupport.transformation(this.json, this.w, this.x, 3));
		this.gln = TestMembers.gln();
		this.db.sql("INSERT INTO organisation_party (gln, org_id) VALUES ($1, $2)").bind(0, this.gln).bind(1, this.b.value())
			.then().block();
		ObjectNode ship = SubscriptionTestSupport.objectEvent(this.json, this.x, "shipping", "in_transit", 4);
		ship.putArray("destinationList").addObject().put("type", "owning_party")
			.put("destination", "https://id.gs1.org/417/" + this.gln);
		this.shipX = capture(this.a, ship);
		this.harvestY = capture(this.a, SubscriptionTestSupport.objectEvent(this.json, this.y, "commissioning", "active", 5));
		this.receiveX = capture(this.b, SubscriptionTestSupport.objectEvent(this.json, this.x, "receiving", "in_progress", 6));
		this.ownOfC = capture(this.c, SubscriptionTestSupport.objectEvent(this.json, SubscriptionTestSupport.lot(),
				"commissioning", "active", 7));
	}

	String capture(OrgId org, ObjectNode event) {
		return this.capture.captureEvent(org, event).block().eventId();
	}

	void policy(OrgId org, String policy) {
		this.db.sql("UPDATE organisation SET sharing_policy = $1 WHERE id = $2").bind(0, policy).bind(1, org.value())
			.then().block();
	}

	Set<String> visibleTo(OrgId org, String query) {
		JsonNode doc = SubscriptionTestSupport.adminOf(this.context, org).get().uri("/epcis/events?perPage=1000" + query)
			.exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		Set<String> ids = new HashSet<>();
		doc.at("/epcisBody/queryResults/resultsBody/eventList").forEach(e -> ids.add(e.get("eventID").asString()));
		return ids;
	}

	@Test
	void whenPolicyIsOneStepBackThenReceiverSeesTheLotAndItsDirectInputsOnly() {
		policy(this.a, "one_step_back");
		assertThat(visibleTo(this.b, "")).containsExactlyInAnyOrder(this.receiveX, this.makeW, this.makeX, this.shipX);
		assertThat(visibleTo(this.b, "&MATCH_anyEPCClass=" + this.y)).isEmpty();
		assertThat(visibleTo(this.c, "")).containsExactly(this.ownOfC);
		assertThat(visibleTo(this.a, "")).containsExactlyInAnyOrder(this.harvestU, this.makeW, this.makeX, this.shipX,
				this.harvestY);
	}

	@Test
	void whenPolicyIsFullThenReceiverSeesTheWholeUpstreamHistoryButNothingElse() {
		policy(this.a, "full");
		assertThat(visibleTo(this.b, "")).containsExactlyInAnyOrder(this.receiveX, this.harvestU, this.makeW, this.makeX,
				this.shipX);
		assertThat(visibleTo(this.b, "&MATCH_anyEPCClass=" + this.x)).containsExactlyInAnyOrder(this.receiveX,
				this.makeX, this.shipX);
		assertThat(visibleTo(this.c, "")).containsExactly(this.ownOfC);
	}

	@Test
	void whenPolicyIsPublicThenReceiverSeesNothingOfTheSupplier() {
		policy(this.a, "public");
		assertThat(visibleTo(this.b, "")).containsExactly(this.receiveX);
		assertThat(visibleTo(this.c, "")).containsExactly(this.ownOfC);
	}

	@Test
	void whenOnlyTheReceiverSaysItReceivedThenNothingIsSharedUntilTheSupplierGrantsIt() {
		policy(this.a, "one_step_back");
		String cReceives = capture(this.c, SubscriptionTestSupport.objectEvent(this.json, this.x, "receiving", "in_progress", 8));
		assertThat(visibleTo(this.c, "")).containsExactlyInAnyOrder(this.ownOfC, cReceives);
		WebTestClient aClient = SubscriptionTestSupport.adminOf(this.context, this.a);
		aClient.post().uri("/api/partners").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", this.c.value())).exchange().expectStatus().isCreated()
			.expectBody().jsonPath("$.organisationId").isEqualTo(this.c.value().toString());
		assertThat(visibleTo(this.c, "")).containsExactlyInAnyOrder(this.ownOfC, cReceives, this.makeW, this.makeX,
				this.shipX);
		aClient.get().uri("/api/partners").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.granted[0].organisationId").isEqualTo(this.c.value().toString());
		aClient.delete().uri("/api/partners/{id}", this.c.value()).exchange().expectStatus().isNoContent();
		assertThat(visibleTo(this.c, "")).containsExactlyInAnyOrder(this.ownOfC, cReceives);
		aClient.delete().uri("/api/partners/{id}", this.c.value()).exchange().expectStatus().isNotFound();
		aClient.post().uri("/api/partners").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organisationId", this.a.value())).exchange().expectStatus().isBadRequest();
	}

	@Test
	void whenShippedToTheReceiversLocationThenItIsSharedToo() {
		policy(this.a, "one_step_back");
		String z = SubscriptionTestSupport.lot();
		String harvestZ = capture(this.a, SubscriptionTestSupport.objectEvent(this.json, z, "commissioning", "active", 11));
		ObjectNode ship = SubscriptionTestSupport.objectEvent(this.json, z, "shipping", "in_transit", 12);
		ship.putArray("destinationList").addObject().put("type", "location")
			.put("destination", "urn:epc:id:sgln:" + this.gln.substring(0, 7) + "." + this.gln.substring(7, 12) + ".dock-2");
		String shipZ = capture(this.a, ship);
		assertThat(visibleTo(this.b, "&MATCH_anyEPCClass=" + z)).containsExactlyInAnyOrder(harvestZ, shipZ);
		assertThat(visibleTo(this.c, "&MATCH_anyEPCClass=" + z)).isEmpty();
	}

	@Test
	void whenLotIsRecalledThenDownstreamHoldersAreAlertedAndToldThroughSubscriptions() throws Exception {
		// B turns X into Z, D receives Z
		String z = SubscriptionTestSupport.lot();
		OrgId d = SubscriptionTestSupport.organisation(this.organisations);
		capture(this.b, SubscriptionTestSupport.transformation(this.json, this.x, z, 8));
		capture(d, SubscriptionTestSupport.objectEvent(this.json, z, "receiving", "in_progress", 9));
		WebTestClient bClient = SubscriptionTestSupport.adminOf(this.context, this.b);
		String name = "q-" + UUID.randomUUID().toString().substring(0, 8);
		bClient.post().uri("/epcis/queries").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "query", Map.of("MATCH_anyEPCClass", z))).exchange().expectStatus().isCreated();
		try (WebhookReceiver receiver = new WebhookReceiver(this.json, SubscriptionDeliveryTests.TOKEN)) {
			bClient.post().uri("/epcis/queries/" + name + "/subscriptions").contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("dest", receiver.url(), "stream", true, "signatureToken", SubscriptionDeliveryTests.TOKEN))
				.exchange().expectStatus().isCreated();
			String recall = capture(this.a, SubscriptionTestSupport.objectEvent(this.json, this.x, "holding", "recalled", 10));

			WebhookReceiver.await("B alerted", () -> alerts(this.b).size() > 0);
			WebhookReceiver.await("D alerted", () -> alerts(d).size() > 0);
			assertThat(alerts(this.b)).anySatisfy(al -> {
				assertThat(al.get("lot").asString()).isEqualTo(SubscriptionTestSupport.key(this.x));
				assertThat(al.get("recallEventID").asString()).isEqualTo(recall);
			});
			assertThat(alerts(d)).singleElement().satisfies(al -> {
				assertThat(al.get("lot").asString()).isEqualTo(SubscriptionTestSupport.key(z));
				assertThat(al.get("recalledLot").asString()).isEqualTo(SubscriptionTestSupport.key(this.x));
			});
			assertThat(alerts(this.c)).isEmpty();
			assertThat(alerts(this.a)).isEmpty();
			WebhookReceiver.await("the alert delivered to B's webhook", () -> receiver.accepted().stream()
				.anyMatch(cb -> cb.queryName().equals("RecallAlert") && cb.eventIds().contains(recall)));
			assertThat(receiver.accepted()).allSatisfy(cb -> assertThat(cb.signatureValid()).isTrue());
		}
	}

	List<JsonNode> alerts(OrgId org) {
		JsonNode list = SubscriptionTestSupport.adminOf(this.context, org).get().uri("/api/alerts").exchange()
			.expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
		List<JsonNode> out = new java.util.ArrayList<>();
		list.forEach(out::add);
		return out;
	}

}
