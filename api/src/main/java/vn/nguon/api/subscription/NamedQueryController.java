package vn.nguon.api.subscription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import vn.nguon.api.epcis.EventAnswers;
import vn.nguon.api.epcis.EventPage;
import vn.nguon.api.epcis.QueryParameters;
import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.event.EpcisSettings;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.subscription.Destinations;
import vn.nguon.traceability.subscription.NamedQuery;
import vn.nguon.traceability.subscription.NewSubscription;
import vn.nguon.traceability.subscription.QueryDocuments;
import vn.nguon.traceability.subscription.Schedule;
import vn.nguon.traceability.subscription.Subscription;
import vn.nguon.traceability.subscription.SubscriptionDispatcher;
import vn.nguon.traceability.subscription.SubscriptionStore;

/**
 * Named queries and their subscriptions (EPCIS 2.0 REST binding), scoped by the caller's
 * organisation: {@code /epcis/queries}, {@code /epcis/queries/{name}},
 * {@code /epcis/queries/{name}/events} (paged EPCISQueryDocument, or with {@code stream=true} a
 * Server-Sent Events stream of every new matching event) and
 * {@code /epcis/queries/{name}/subscriptions[/{id}]} (webhooks).
 * <p>
 * Over 300 lines: the REST binding's named-query resources (queries, their events as pages or a stream, their
 * subscriptions) share one parsing of the stored query.
 */
@RestController
@RequestMapping("/epcis/queries")
class NamedQueryController {

	/** Parameters a read of a named query may add to the stored ones. */
	private static final List<String> PAGING = List.of("perPage", "nextPageToken", "eventCountLimit");

	private final SubscriptionStore store;

	private final EventQueries queries;

	private final QueryDocuments documents;

	private final SubscriptionDispatcher dispatcher;

	private final Destinations destinations;

	private final EpcisSettings settings;

	private final JsonMapper json;

	private final EventAnswers answers;

	NamedQueryController(SubscriptionStore store, EventQueries queries, QueryDocuments documents,
			SubscriptionDispatcher dispatcher, Destinations destinations, EpcisSettings settings, JsonMapper json,
			EventAnswers answers) {
		this.answers = answers;
		this.store = store;
		this.queries = queries;
		this.documents = documents;
		this.dispatcher = dispatcher;
		this.destinations = destinations;
		this.settings = settings;
		this.json = json;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody JsonNode body) {
		return Mono.fromCallable(() -> {
			if (body == null || !body.isObject()) {
				throw invalidBody("send {\"name\": \"...\", \"query\": {parameter: value or [values]}}");
			}
			String name = body.path("name").isString() ? body.get("name").asString() : null;
			NamedQuery.checkName(name);
			Map<String, List<String>> params = params(body.get("query"));
			SubscriptionWiring.checkStorable(params);
			SubscriptionWiring.compile(params, 1); // throws QueryParameterException for bad input
			return Map.entry(name, params);
		}).zipWith(Actors.current())
			.flatMap(t -> this.store.createQuery(t.getT2().orgId(), t.getT1().getKey(), t.getT1().getValue()))
			.map(q -> ResponseEntity.created(URI.create("/epcis/queries/" + encode(q.name()))).body(view(q)));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<Map<String, Object>>> list() {
		return Actors.current().flatMapMany(a -> this.store.queries(a.orgId())).map(NamedQueryController::view).collectList();
	}

	@GetMapping(path = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> get(@PathVariable String name) {
		return Actors.current().flatMap(a -> this.store.query(a.orgId(), name)).map(NamedQueryController::view);
	}

	@DeleteMapping("/{name}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> delete(@PathVariable String name) {
		return Actors.current().flatMap(a -> this.store.deleteQuery(a.orgId(), name));
	}

	@GetMapping(path = "/{name}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> events(@PathVariable String name, ServerWebExchange exchange) {
		MultiValueMap<String, String> request = exchange.getRequest().getQueryParams();
		return Actors.current().flatMap(a -> this.store.query(a.orgId(), name).flatMap(q -> {
			MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
			q.params().forEach((k, v) -> params.put(k, new ArrayList<>(v)));
			request.forEach((k, v) -> {
				if (!k.equals("stream")) {
					if (!PAGING.contains(k)) {
						throw vn.nguon.traceability.epcis.EpcisException.queryParameter("epcis-unknown-query-parameter",
								"Unknown query parameter '" + k + "' for a named query; supported: " + PAGING + ".", k);
					}
					params.put(k, v);
				}
			});
			QueryParameters parsed = QueryParameters.parse(params, this.settings.maxPageSize());
			return this.answers.run(a.orgId(), parsed).map(events -> page(q, parsed, events, exchange));
		}));
	}

	private ResponseEntity<ObjectNode> page(NamedQuery q, QueryParameters parsed, List<StoredEvent> events,
			ServerWebExchange exchange) {
		EventPage page = EventPage.of(parsed, events, exchange.getRequest().getURI());
		return ResponseEntity.ok().headers(page.headers()).contentType(MediaType.APPLICATION_JSON)
			.body(this.documents.document(q.name(), null, page.events()));
	}

	/**
	 * Every new matching event as a Server-Sent Event ({@code event: epcis-event}, {@code id}: the
	 * capture seq, {@code data}: the event JSON), in capture order; a reconnecting browser sends
	 * {@code Last-Event-ID} and resumes after it. A comment line every 15 s keeps proxies open.
	 */
	@GetMapping(path = "/{name}/events", params = "stream=true", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	Flux<ServerSentEvent<String>> stream(@PathVariable String name,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		return Actors.current().flatMapMany(a -> this.store.query(a.orgId(), name).flatMapMany(q -> {
			EventQuery query = SubscriptionWiring.compile(q.params(), 500);
			Mono<Long> start = lastEventId != null && lastEventId.matches("[0-9]{1,18}")
					? Mono.just(Long.parseLong(lastEventId)) : this.dispatcher.horizon();
			return start.flatMapMany(from -> {
				AtomicLong cursor = new AtomicLong(from);
				Flux<ServerSentEvent<String>> events = this.dispatcher.horizons()
					.concatMap(h -> drain(a.orgId(), query, cursor, h), 1)
					.map(e -> ServerSentEvent.builder(this.json.writeValueAsString(e.event()))
						.id(String.valueOf(e.seq()))
						.event("epcis-event")
						.build());
				Flux<ServerSentEvent<String>> keepAlive = Flux.interval(Duration.ofSeconds(15))
					.map(i -> ServerSentEvent.<String>builder().comment("keep-alive").build());
				return Flux.merge(events, keepAlive);
			});
		}));
	}

	private Flux<StoredEvent> drain(OrgId org, EventQuery q, AtomicLong cursor, long h) {
		return this.queries.tail(org, q, cursor.get(), h).collectList().flatMapMany(list -> {
			if (list.isEmpty()) {
				cursor.accumulateAndGet(h, Math::max);
				return Flux.empty();
			}
			cursor.set(list.get(list.size() - 1).seq());
			Flux<StoredEvent> now = Flux.fromIterable(list);
			return list.size() < q.limit() ? now : now.concatWith(Flux.defer(() -> drain(org, q, cursor, h)));
		});
	}

	@PostMapping(path = "/{name}/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> subscribe(@PathVariable String name, @RequestBody JsonNode body) {
		return Actors.current().flatMap(a -> this.store.query(a.orgId(), name)
			.then(Mono.fromCallable(() -> newSubscription(body)).subscribeOn(Schedulers.boundedElastic()))
			.flatMap(s -> this.dispatcher.horizon().flatMap(h -> this.store.subscribe(a.orgId(), name, s, h))))
			.map(s -> ResponseEntity
				.created(URI.create("/epcis/queries/" + encode(name) + "/subscriptions/" + s.id()))
				.body(view(s)));
	}

	@GetMapping(path = "/{name}/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<List<Map<String, Object>>> subscriptions(@PathVariable String name) {
		return Actors.current().flatMapMany(a -> this.store.subscriptions(a.orgId(), name)).map(NamedQueryController::view)
			.collectList();
	}

	@GetMapping(path = "/{name}/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> subscription(@PathVariable String name, @PathVariable String id) {
		return Actors.current().flatMap(a -> this.store.subscription(a.orgId(), name, uuid(id))).map(NamedQueryController::view);
	}

	@DeleteMapping("/{name}/subscriptions/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> unsubscribe(@PathVariable String name, @PathVariable String id) {
		return Actors.current().flatMap(a -> this.store.unsubscribe(a.orgId(), name, uuid(id)));
	}

	private NewSubscription newSubscription(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw invalidBody("send {\"dest\": \"https://...\", \"stream\": true} or a \"schedule\"");
		}
		String dest = body.path("dest").isString() ? body.get("dest").asString() : null;
		this.destinations.check(dest);
		boolean stream = body.path("stream").asBoolean(false);
		Schedule schedule = null;
		JsonNode s = body.get("schedule");
		if (s != null && !s.isNull()) {
			if (!s.isObject()) {
				throw invalidBody("schedule must be an object such as {\"minute\": \"*/5\"}");
			}
			Map<String, String> fields = new LinkedHashMap<>();
			s.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asString()));
			schedule = new Schedule(fields);
		}
		JsonNode token = body.get("signatureToken");
		return new NewSubscription(dest, stream, schedule, body.path("reportIfEmpty").asBoolean(false),
				token == null || token.isNull() ? null : token.asString());
	}

	private static Map<String, List<String>> params(JsonNode query) {
		if (query == null || !query.isObject()) {
			throw invalidBody("query must be an object of GET /epcis/events parameters");
		}
		Map<String, List<String>> params = new LinkedHashMap<>();
		query.properties().forEach(e -> {
			List<String> values = new ArrayList<>();
			JsonNode v = e.getValue();
			for (JsonNode item : v.isArray() ? v : List.of(v)) {
				if (!item.isString() && !item.isNumber() && !item.isBoolean()) {
					throw invalidBody("the value of " + e.getKey() + " must be a string, a number or a list of them");
				}
				values.add(item.asString());
			}
			params.put(e.getKey(), values);
		});
		return params;
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw TraceabilityException.notFound("subscription-no-such-subscription", "No subscription " + id + ".", id);
		}
	}

	static TraceabilityException invalidBody(String why) {
		return TraceabilityException.invalid("subscription-invalid-body", "The body is not valid: " + why + ".", why);
	}

	private static String encode(String name) {
		return UriUtils.encodePathSegment(name, StandardCharsets.UTF_8);
	}

	static Map<String, Object> view(NamedQuery q) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", q.name());
		m.put("query", q.params());
		m.put("createdAt", q.createdAt().toString());
		return m;
	}

	static Map<String, Object> view(Subscription s) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("subscriptionID", s.id().toString());
		m.put("queryName", s.queryName());
		m.put("dest", s.dest());
		m.put("stream", s.stream());
		m.put("schedule", s.schedule() == null ? null : s.schedule().fields());
		m.put("reportIfEmpty", s.reportIfEmpty());
		m.put("signed", s.signed());
		m.put("deliveredUpToSeq", s.cursorSeq());
		m.put("failedAttempts", s.attempts());
		m.put("nextAttemptAt", s.nextAttemptAt() == null ? null : s.nextAttemptAt().toString());
		m.put("lastError", s.lastError());
		m.put("lastDeliveredAt", s.lastDeliveredAt() == null ? null : s.lastDeliveredAt().toString());
		m.put("createdAt", s.createdAt().toString());
		return m;
	}

}
