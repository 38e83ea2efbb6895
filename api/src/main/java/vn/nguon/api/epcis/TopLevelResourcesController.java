package vn.nguon.api.epcis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.EventParser;
import vn.nguon.traceability.epcis.Identifiers;
import vn.nguon.traceability.epcis.Vocabulary;
import vn.nguon.traceability.event.EpcisSettings;
import vn.nguon.traceability.event.EventResources;

/**
 * The top-level resources of the EPCIS 2.0 REST binding besides {@code /events}:
 * {@code /eventTypes}, {@code /epcs}, {@code /bizSteps}, {@code /bizLocations},
 * {@code /readPoints}, {@code /dispositions}. Each lists what the caller's visible events name
 * (bizSteps and dispositions: the CBV words too), {@code /{kind}/{value}} lists its sub-resources
 * ({@code events}), and {@code /{kind}/{value}/events} is the SimpleEventQuery with that value as
 * a filter, further filtered by any query parameter, with the same visibility as {@code /events}.
 * <p>
 * Over 300 lines: six resource kinds of the REST binding, each a list, a sub-resource list and a query, share
 * one implementation and differ only in their filter.
 */
@RestController
@RequestMapping("/epcis")
class TopLevelResourcesController {

	private static final String CONTEXT = EpcisController.EPCIS_CONTEXT;

	private static final String NOT_FOUND = "No such resource among the events the caller may read";

	private final EventAnswers events;

	private final EventResources resources;

	private final EpcisSettings settings;

	private final tools.jackson.databind.json.JsonMapper json;

	TopLevelResourcesController(EventAnswers events, EventResources resources, EpcisSettings settings,
			tools.jackson.databind.json.JsonMapper json) {
		this.events = events;
		this.resources = resources;
		this.settings = settings;
		this.json = json;
	}

	@Operation(summary = "List the event types", description = "The five EPCIS 2.0 event types (EventTypeCollection).")
	@GetMapping(path = "/eventTypes", produces = MediaType.APPLICATION_JSON_VALUE)
	ObjectNode eventTypes() {
		return collection(EventParser.EVENT_TYPES);
	}

	@Operation(summary = "List the sub-resources of an event type", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "Not an event type of this repository")
	@GetMapping(path = "/eventTypes/{eventType}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> eventType(@Parameter(description = "ObjectEvent, AggregationEvent, ...") @PathVariable String eventType) {
		if (!EventParser.EVENT_TYPES.contains(eventType)) {
			return Mono.error(EpcisException.noSuchResource("epcis-no-such-resource", NOT_FOUND, eventType));
		}
		return Mono.just(collection(List.of("events")));
	}

	@Operation(summary = "Query the events of an event type", description = "The SimpleEventQuery with eventType set by the"
			+ " path; every query parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/eventTypes/{eventType}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> eventTypeEvents(@PathVariable String eventType, ServerWebExchange exchange) {
		return query(exchange, "eventType", eventType);
	}

	@Operation(summary = "List the EPCs and EPC classes named by visible events", description = "UriCollection of GS1"
			+ " Digital Link URIs (other identifiers as captured), paged with perPage and nextPageToken.")
	@GetMapping(path = "/epcs", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> epcs(ServerWebExchange exchange) {
		return paged(exchange, (viewer, after, n) -> this.resources.epcKeys(viewer, after, n), EventResources::uri);
	}

	@Operation(summary = "List the sub-resources of an EPC", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "No visible event names this EPC")
	@GetMapping(path = "/epcs/{epc}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> epc(@Parameter(description = "An EPC URN or GS1 Digital Link URI, percent-encoded") @PathVariable String epc) {
		return known(epcParameter(epc), epc);
	}

	@Operation(summary = "Query the events naming an EPC", description = "MATCH_anyEPC (an instance) or MATCH_anyEPCClass"
			+ " (a class or lot) set by the path; every query parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/epcs/{epc}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> epcEvents(@PathVariable String epc, ServerWebExchange exchange) {
		return query(exchange, epcParameter(epc), epc);
	}

	@Operation(summary = "List the business steps", description = "The CBV business steps and the custom ones of visible events.")
	@GetMapping(path = "/bizSteps", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> bizSteps() {
		return vocabulary("biz_step", Vocabulary.BIZ_STEPS);
	}

	@Operation(summary = "List the sub-resources of a business step", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "Neither a CBV business step nor one of a visible event")
	@GetMapping(path = "/bizSteps/{bizStep}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> bizStep(@Parameter(description = "A bare CBV word (shipping) or a URI") @PathVariable String bizStep) {
		return Vocabulary.BIZ_STEPS.contains(Vocabulary.bizStep(bizStep)) ? Mono.just(collection(List.of("events")))
				: known("EQ_bizStep", bizStep);
	}

	@Operation(summary = "Query the events of a business step", description = "EQ_bizStep set by the path; every query"
			+ " parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/bizSteps/{bizStep}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> bizStepEvents(@PathVariable String bizStep, ServerWebExchange exchange) {
		return query(exchange, "EQ_bizStep", bizStep);
	}

	@Operation(summary = "List the dispositions", description = "The CBV dispositions and the custom ones of visible events.")
	@GetMapping(path = "/dispositions", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> dispositions() {
		return vocabulary("disposition", Vocabulary.DISPOSITIONS);
	}

	@Operation(summary = "List the sub-resources of a disposition", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "Neither a CBV disposition nor one of a visible event")
	@GetMapping(path = "/dispositions/{disposition}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> disposition(@Parameter(description = "A bare CBV word (in_transit) or a URI") @PathVariable String disposition) {
		return Vocabulary.DISPOSITIONS.contains(Vocabulary.disposition(disposition))
				? Mono.just(collection(List.of("events"))) : known("EQ_disposition", disposition);
	}

	@Operation(summary = "Query the events of a disposition", description = "EQ_disposition set by the path; every query"
			+ " parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/dispositions/{disposition}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> dispositionEvents(@PathVariable String disposition, ServerWebExchange exchange) {
		return query(exchange, "EQ_disposition", disposition);
	}

	@Operation(summary = "List the business locations of visible events", description = "UriCollection, paged with"
			+ " perPage and nextPageToken.")
	@GetMapping(path = "/bizLocations", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> bizLocations(ServerWebExchange exchange) {
		return paged(exchange, (viewer, after, n) -> this.resources.values(viewer, "biz_location", after, n),
				EventResources::uri);
	}

	@Operation(summary = "List the sub-resources of a business location", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "No visible event has this business location")
	@GetMapping(path = "/bizLocations/{bizLocation}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> bizLocation(@Parameter(description = "An SGLN URN or GS1 Digital Link URI, percent-encoded") @PathVariable String bizLocation) {
		return known("EQ_bizLocation", bizLocation);
	}

	@Operation(summary = "Query the events of a business location", description = "EQ_bizLocation set by the path; every"
			+ " query parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/bizLocations/{bizLocation}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> bizLocationEvents(@PathVariable String bizLocation, ServerWebExchange exchange) {
		return query(exchange, "EQ_bizLocation", bizLocation);
	}

	@Operation(summary = "List the read points of visible events", description = "UriCollection, paged with perPage and"
			+ " nextPageToken.")
	@GetMapping(path = "/readPoints", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ObjectNode>> readPoints(ServerWebExchange exchange) {
		return paged(exchange, (viewer, after, n) -> this.resources.values(viewer, "read_point", after, n),
				EventResources::uri);
	}

	@Operation(summary = "List the sub-resources of a read point", description = "ResourceCollection: [\"events\"].")
	@ApiResponse(responseCode = "404", description = "No visible event has this read point")
	@GetMapping(path = "/readPoints/{readPoint}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ObjectNode> readPoint(@Parameter(description = "An SGLN URN or GS1 Digital Link URI, percent-encoded") @PathVariable String readPoint) {
		return known("EQ_readPoint", readPoint);
	}

	@Operation(summary = "Query the events of a read point", description = "EQ_readPoint set by the path; every query"
			+ " parameter of GET /epcis/events applies too.")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/readPoints/{readPoint}/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> readPointEvents(@PathVariable String readPoint, ServerWebExchange exchange) {
		return query(exchange, "EQ_readPoint", readPoint);
	}

	/** An EPC path names an instance (MATCH_anyEPC) or, for a GTIN or lot, a class (MATCH_anyEPCClass). */
	private static String epcParameter(String epc) {
		String key;
		try {
			key = Identifiers.canonical(epc);
		}
		catch (EpcisException ex) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter", ex.getMessage(), "epc", epc);
		}
		return key.matches("01/\\d{14}(/10/.+)?") ? "MATCH_anyEPCClass" : "MATCH_anyEPC";
	}

	/** The query of {@code /events} with the path value as one more parameter, which the caller may not also give. */
	private Mono<ResponseEntity<ObjectNode>> query(ServerWebExchange exchange, String name, String value) {
		MultiValueMap<String, String> request = exchange.getRequest().getQueryParams();
		if (request.containsKey(name) || value.contains("|")) {
			return Mono.error(EpcisException.queryParameter("epcis-invalid-query-parameter",
					name + " is given by the path (one value) and may not be given again.", name, value));
		}
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>(request);
		params.add(name, value);
		return this.events.answer(exchange, params);
	}

	/** The sub-resources of a value, when a visible event has it. */
	private Mono<ObjectNode> known(String name, String value) {
		MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
		params.add(name, value);
		params.add("perPage", "1");
		QueryParameters parsed = QueryParameters.parse(params, 1);
		return Actors.current()
			.flatMap(actor -> this.events.run(actor.orgId(), parsed))
			.filter(list -> !list.isEmpty())
			.map(list -> collection(List.of("events")))
			.switchIfEmpty(Mono.error(() -> EpcisException.noSuchResource("epcis-no-such-resource", NOT_FOUND, value)));
	}

	private Mono<ObjectNode> vocabulary(String column, java.util.Set<String> words) {
		return Actors.current()
			.flatMapMany(actor -> this.resources.values(actor.orgId(), column, null, 10_000))
			.collectList()
			.map(seen -> {
				TreeSet<String> all = new TreeSet<>(words);
				all.addAll(seen);
				return collection(new ArrayList<>(all));
			});
	}

	/** Lists what the viewer may see, a page at a time ({@code perPage}, {@code nextPageToken}, RFC 8288 Link). */
	private Mono<ResponseEntity<ObjectNode>> paged(ServerWebExchange exchange, Lister lister,
			Function<String, String> toUri) {
		MultiValueMap<String, String> params = exchange.getRequest().getQueryParams();
		for (String name : params.keySet()) {
			if (!name.equals("perPage") && !name.equals("nextPageToken")) {
				return Mono.error(EpcisException.queryParameter("epcis-unknown-query-parameter",
						"Unknown query parameter '" + name + "'; supported: [nextPageToken, perPage].", name));
			}
		}
		Integer perPage = ParameterValues.positive(params, "perPage");
		int size = Math.min(perPage == null ? 30 : perPage, this.settings.maxPageSize());
		String token = ParameterValues.single(params, "nextPageToken");
		String after;
		try {
			after = token == null ? null : new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ParameterValues.invalid("nextPageToken", token, "nextPageToken is not a token this service gave."));
		}
		return Actors.current()
			.flatMapMany(actor -> lister.list(actor.orgId(), after, size + 1))
			.collectList()
			.map(keys -> {
				HttpHeaders headers = new HttpHeaders();
				List<String> page = keys.size() > size ? keys.subList(0, size) : keys;
				if (keys.size() > size) {
					String next = Base64.getUrlEncoder().withoutPadding()
						.encodeToString(page.get(size - 1).getBytes(StandardCharsets.UTF_8));
					headers.add(HttpHeaders.LINK, "<" + UriComponentsBuilder.fromUri(exchange.getRequest().getURI())
						.replaceQueryParam("nextPageToken", next).build(true).toUri() + ">; rel=\"next\"");
				}
				return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
					.body(collection(page.stream().map(toUri).toList()));
			});
	}

	/** {@code {"@context": ..., "type": "Collection", "member": [...]}} */
	private ObjectNode collection(List<String> members) {
		ObjectNode out = this.json.createObjectNode();
		out.putArray("@context").add(CONTEXT);
		out.put("type", "Collection");
		var list = out.putArray("member");
		members.forEach(list::add);
		return out;
	}

	/** Lists one kind of value for a viewer. */
	private interface Lister {

		Flux<String> list(vn.nguon.traceability.organisation.OrgId viewer, String after, int limit);

	}

}
