package vn.nguon.api.subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
import vn.nguon.traceability.event.CaptureReport;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.subscription.SubscriptionDispatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook delivery end to end: a receiver on loopback gets every event of a 1,000-event capture
 * in capture order with valid signatures, also when it refuses the first attempts and when the
 * dispatcher stops mid-way and another instance resumes from the database; dead letters and replay.
 */
@NguonIntegrationTest
class SubscriptionDeliveryTests {

	static final String TOKEN = "test-signature-token-0123456789";

	@Autowired
	ApplicationContext context;

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	EventCapture capture;

	@Autowired
	SubscriptionDispatcher dispatcher;

	@Autowired
	JsonMapper json;

	OrgId org;

	WebTestClient client;

	String lot;

	@BeforeEach
	void freshOrganisation() {
		this.org = SubscriptionTestSupport.organisation(this.organisations);
		this.client = SubscriptionTestSupport.adminOf(this.context, this.org);
		this.lot = SubscriptionTestSupport.lot();
	}

	/** Saves a query for the lot and subscribes the receiver; @return the subscription id */
	String subscribe(WebhookReceiver receiver) {
		String name = "lot-" + UUID.randomUUID().toString().substring(0, 8);
		this.client.post().uri("/epcis/queries").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "query", Map.of("MATCH_epcClass", this.lot)))
			.exchange().expectStatus().isCreated();
		JsonNode sub = this.client.post().uri("/epcis/queries/" + name + "/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("dest", receiver.url(), "stream", true, "signatureToken", TOKEN))
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		return sub.get("subscriptionID").asString();
	}

	/** Captures {@code docs} documents of 100 events each; @return the eventIDs in capture (seq) order */
	List<String> captureThousand(int docs) {
		List<StoredEvent> stored = new ArrayList<>();
		for (int d = 0; d < docs; d++) {
			List<ObjectNode> events = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				events.add(SubscriptionTestSupport.objectEvent(this.json, this.lot, "shipping", "in_transit", d * 100 + i));
			}
			CaptureReport report = this.capture.captureDocument(this.org, SubscriptionTestSupport.document(this.json, events), false)
				.block();
			stored.addAll(report.stored());
		}
		return stored.stream().sorted(Comparator.comparingLong(StoredEvent::seq)).map(StoredEvent::eventId).toList();
	}

	/** Each duplicate repeats an event already delivered, and the first deliveries are exactly the expected order. */
	static void assertDeliveredInOrder(List<String> received, List<String> expected) {
		List<String> firsts = new ArrayList<>(new LinkedHashSet<>(received));
		assertThat(firsts).containsExactlyElementsOf(expected);
		Set<String> seen = new HashSet<>();
		int last = -1;
		for (String id : received) {
			int index = expected.indexOf(id);
			if (seen.add(id)) {
				assertThat(index).as("new event after the newest delivered").isEqualTo(last + 1);
				last = index;
			}
		}
	}

	@Test
	void whenThousandEventsCapturedThenReceiverGetsEachInOrderWithValidSignaturesEvenAfterRefusals() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(this.json, TOKEN)) {
			receiver.refuseNext.set(2);
			subscribe(receiver);
			List<String> expected = captureThousand(10);
			WebhookReceiver.await("1000 events delivered", () -> new HashSet<>(receiver.eventIds()).size() >= 1000);
			assertThat(receiver.refused.get()).isEqualTo(2);
			assertThat(receiver.accepted()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
			assertDeliveredInOrder(receiver.eventIds(), expected);
		}
	}

	@Test
	void whenDispatcherStopsMidwayThenAnotherInstanceResumesWithoutLoss() throws Exception {
		SubscriptionDispatcher second = this.dispatcher.sibling("second-" + UUID.randomUUID());
		try (WebhookReceiver receiver = new WebhookReceiver(this.json, TOKEN)) {
			subscribe(receiver);
			CompletableFuture<List<String>> captured = CompletableFuture.supplyAsync(() -> captureThousand(10));
			WebhookReceiver.await("some events delivered", () -> receiver.eventIds().size() >= 200);
			this.dispatcher.stop();
			int atStop = new HashSet<>(receiver.eventIds()).size();
			second.start();
			List<String> expected = captured.get();
			WebhookReceiver.await("1000 events delivered", () -> new HashSet<>(receiver.eventIds()).size() >= 1000);
			assertThat(atStop).isLessThan(1000);
			assertThat(receiver.accepted()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
			assertDeliveredInOrder(receiver.eventIds(), expected);
		}
		finally {
			second.stop();
			this.dispatcher.start();
		}
	}

	@Test
	void whenReceiverKeepsFailingThenBatchIsDeadLetteredAndReplayDeliversIt() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver(this.json, TOKEN)) {
			receiver.refuseAll = true;
			String subscription = subscribe(receiver);
			List<ObjectNode> events = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				events.add(SubscriptionTestSupport.objectEvent(this.json, this.lot, "shipping", "in_transit", i));
			}
			List<String> ids = this.capture.captureDocument(this.org, SubscriptionTestSupport.document(this.json, events), false)
				.block().stored().stream().sorted(Comparator.comparingLong(StoredEvent::seq)).map(StoredEvent::eventId).toList();
			JsonNode[] letters = new JsonNode[1];
			WebhookReceiver.await("a dead letter", () -> {
				letters[0] = this.client.get().uri("/api/subscriptions/dead-letters").exchange().expectStatus().isOk()
					.expectBody(JsonNode.class).returnResult().getResponseBody();
				return letters[0].size() > 0;
			});
			JsonNode letter = letters[0].get(0);
			assertThat(letter.get("subscriptionID").asString()).isEqualTo(subscription);
			assertThat(letter.get("eventCount").asInt()).isEqualTo(5);
			assertThat(receiver.accepted()).isEmpty();

			receiver.refuseAll = false;
			this.client.post().uri("/api/subscriptions/dead-letters/" + letter.get("id").asString() + "/replay")
				.exchange().expectStatus().isOk().expectBody().jsonPath("$.delivered").isEqualTo(true);
			assertThat(receiver.eventIds()).containsExactlyElementsOf(ids);
			assertThat(receiver.accepted()).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
			this.client.get().uri("/api/subscriptions/dead-letters").exchange().expectStatus().isOk()
				.expectBody().jsonPath("$[0].replayedAt").isNotEmpty();

			// the stream went on past the dead batch
			String next = this.capture.captureEvent(this.org, SubscriptionTestSupport.objectEvent(this.json, this.lot,
					"receiving", "in_progress", 99)).block().eventId();
			WebhookReceiver.await("the next event", () -> receiver.eventIds().contains(next));
		}
	}

	@Test
	void whenAnotherOrganisationAsksThenItsDeadLettersAreEmpty() {
		OrgId other = SubscriptionTestSupport.organisation(this.organisations);
		SubscriptionTestSupport.adminOf(this.context, other).get().uri("/api/subscriptions/dead-letters").exchange()
			.expectStatus().isOk().expectBody().json("[]");
		SubscriptionTestSupport.adminOf(this.context, other).post()
			.uri("/api/subscriptions/dead-letters/" + UUID.randomUUID() + "/replay").exchange()
			.expectStatus().isNotFound();
	}

}
