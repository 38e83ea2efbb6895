package vn.nguon.api.subscription;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.subscription.DeadLetter;
import vn.nguon.traceability.subscription.RecallAlert;
import vn.nguon.traceability.subscription.SubscriptionDispatcher;
import vn.nguon.traceability.subscription.SubscriptionStore;

/**
 * The dashboard side of subscriptions: dead letters (seen and replayed by the organisation's
 * administrators) and recall alerts ({@code GET /api/alerts}).
 */
@RestController
class SubscriptionAdminController {

	private final SubscriptionStore store;

	private final SubscriptionDispatcher dispatcher;

	SubscriptionAdminController(SubscriptionStore store, SubscriptionDispatcher dispatcher) {
		this.store = store;
		this.dispatcher = dispatcher;
	}

	@GetMapping(path = "/api/subscriptions/dead-letters", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<Map<String, Object>>> deadLetters() {
		return Actors.current().flatMapMany(a -> this.store.deadLetters(a.orgId())).map(SubscriptionAdminController::view)
			.collectList();
	}

	@PostMapping(path = "/api/subscriptions/dead-letters/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> replay(@PathVariable String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(TraceabilityException.notFound("subscription-no-such-dead-letter", "No dead letter " + id + ".", id));
		}
		return Actors.current().flatMap(a -> this.dispatcher.replay(a.orgId(), uuid)).map(error -> {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("id", id);
			m.put("delivered", error.isEmpty());
			m.put("error", error.isEmpty() ? null : error);
			return m;
		});
	}

	@GetMapping(path = "/api/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<Map<String, Object>>> alerts(@RequestParam(defaultValue = "100") int limit) {
		int n = Math.max(1, Math.min(limit, 1000));
		return Actors.current().flatMapMany(a -> this.store.alerts(a.orgId(), n)).map(SubscriptionAdminController::view)
			.collectList();
	}

	static Map<String, Object> view(DeadLetter d) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", d.id().toString());
		m.put("subscriptionID", d.subscriptionId().toString());
		m.put("queryName", d.queryName());
		m.put("firstSeq", d.firstSeq());
		m.put("lastSeq", d.lastSeq());
		m.put("eventCount", d.eventCount());
		m.put("attempts", d.attempts());
		m.put("lastError", d.lastError());
		m.put("createdAt", d.createdAt().toString());
		m.put("replayedAt", d.replayedAt() == null ? null : d.replayedAt().toString());
		return m;
	}

	static Map<String, Object> view(RecallAlert a) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("id", a.id());
		m.put("type", "recall");
		m.put("lot", a.lotKey());
		m.put("recalledLot", a.recalledKey());
		m.put("recallEventID", a.recallEventId());
		m.put("createdAt", a.createdAt().toString());
		return m;
	}

}
