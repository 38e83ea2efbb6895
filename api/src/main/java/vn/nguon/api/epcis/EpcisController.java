package vn.nguon.api.epcis;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.StrictJson;
import vn.nguon.traceability.event.CaptureJob;
import vn.nguon.traceability.event.CaptureJobs;
import vn.nguon.traceability.event.EpcisSettings;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.StoredEvent;

/**
 * The EPCIS 2.0 REST binding: capture of EPCISDocuments and single events, capture jobs, the
 * SimpleEventQuery over {@code GET /epcis/events}, one event by id, event types. Everything is
 * scoped by the caller's organisation.
 */
@RestController
@RequestMapping("/epcis")
class EpcisController {

	static final MediaType LD_JSON = MediaType.parseMediaType("application/ld+json");

	static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

	private final EventCapture capture;

	private final EventQueries queries;

	private final CaptureJobs jobs;

	private final EpcisSettings settings;

	private final JsonMapper json;

	private final EventAnswers answers;

	EpcisController(EventCapture capture, EventQueries queries, CaptureJobs jobs, EpcisSettings settings,
			JsonMapper json, EventAnswers answers) {
		this.answers = answers;
		this.capture = capture;
		this.queries = queries;
		this.jobs = jobs;
		this.settings = settings;
		this.json = json;
	}

	@RequestMapping(path = "/capture", method = RequestMethod.OPTIONS)
	ResponseEntity<Void> captureOptions() {
		return ResponseEntity.noContent()
			.header(HttpHeaders.ALLOW, "OPTIONS, GET, POST")
			.header("GS1-EPCIS-Capture-Limit", String.valueOf(this.settings.captureLimit()))
			.header("GS1-EPCIS-Capture-File-Size-Limit", String.valueOf(this.settings.captureFileSizeLimit()))
			.header("GS1-Capture-Error-Behaviour", "rollback, proceed")
			.build();
	}

	@Operation(summary = "Capture an EPCISDocument", description = """
			Validates the whole document against the EPCIS 2.0 JSON schema, then each event (GS1 identifiers,
			time zone offsets, genealogy cycles) and stores it in one transaction: 202 with the capture job in
			Location. An event without eventID gets its CBV 2.0 event hash ID; an identical re-send is stored
			once. Master data in epcisHeader.epcisMasterData.vocabularyList (attributes and children of
			locations, business steps, dispositions, EPC classes) is stored for the capturing organisation and
			read by HASATTR_, EQATTR_ and WD_ queries. GS1-Capture-Error-Behaviour: proceed stores the valid
			events and reports the others.""")
	@ApiResponse(responseCode = "400", description = "ValidationException naming the JSON pointer; nothing is stored")
	@ApiResponse(responseCode = "413", description = "CaptureLimitExceededException: more events or bytes than the limits")
	@PostMapping(path = "/capture")
	Mono<ResponseEntity<Void>> captureDocument(ServerWebExchange exchange,
			@RequestHeader(name = "GS1-Capture-Error-Behaviour", required = false) String behaviour) {
		boolean proceed;
		if (behaviour == null || behaviour.equalsIgnoreCase("rollback")) {
			proceed = false;
		}
		else if (behaviour.equalsIgnoreCase("proceed")) {
			proceed = true;
		}
		else {
			return Mono.error(EpcisException.validation("epcis-invalid-error-behaviour",
					"GS1-Capture-Error-Behaviour must be rollback or proceed, not '" + behaviour + "'.", behaviour));
		}
		return Mono.zip(Actors.current().map(Actor::orgId), body(exchange))
			.flatMap(t -> this.capture.captureDocument(t.getT1(), t.getT2(), proceed))
			.map(report -> ResponseEntity.accepted().location(URI.create("/epcis/capture/" + report.captureId())).build());
	}

	@GetMapping(path = "/capture/{id}", produces = { MediaType.APPLICATION_JSON_VALUE })
	Mono<Map<String, Object>> captureJob(@PathVariable String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(noSuchCapture(id));
		}
		return Actors.current()
			.flatMap(actor -> this.jobs.find(actor.orgId(), uuid))
			.switchIfEmpty(Mono.error(() -> noSuchCapture(id)))
			.map(EpcisController::view);
	}

	@GetMapping(path = "/capture", produces = { MediaType.APPLICATION_JSON_VALUE })
	Mono<Map<String, Object>> captureJobs(@RequestParam(defaultValue = "30") int perPage) {
		int limit = Math.max(1, Math.min(perPage, this.settings.maxPageSize()));
		return Actors.current()
			.flatMapMany(actor -> this.jobs.list(actor.orgId(), limit))
			.map(EpcisController::view)
			.collectList()
			.map(list -> Map.of("captureJobs", list));
	}

	@PostMapping(path = "/events")
	Mono<ResponseEntity<Void>> captureEvent(ServerWebExchange exchange) {
		return Mono.zip(Actors.current().map(Actor::orgId), body(exchange))
			.flatMap(t -> this.capture.captureEvent(t.getT1(), t.getT2()))
			.map(stored -> ResponseEntity.created(URI.create("/epcis/events/" + encodeEventId(stored.eventId())))
				.build());
	}

	@Operation(summary = "Query events (SimpleEventQuery)", description = """
			Every parameter of EPCIS 2.0 section 8.2.7.1: eventType, GE_/LT_eventTime and recordTime,
			EQ_action, EQ_bizStep, EQ_disposition, EQ_readPoint, EQ_bizLocation, WD_readPoint and
			WD_bizLocation (sub-locations by GLN extension and master data children), EQ_eventID, the MATCH_
			families, quantities, persistent dispositions, error declarations, business transactions, sources
			and destinations by type, ILMD, inner and extension fields (EQ_/GT_/GE_/LT_/LE_/EXISTS_), sensor
			data, HASATTR_field and EQATTR_field_attribute (EQ_ATTR_ too) on the master data of readPoint,
			bizLocation, bizStep and disposition, orderBy/orderDirection, eventCountLimit, maxEventCount;
			values separated by | are alternatives. Paged with perPage and nextPageToken (Link rel=next).
			Answers the events the caller's organisation captured and those shared with it by consent.""")
	@ApiResponse(responseCode = "400", description = "QueryParameterException: an unknown parameter or a malformed value")
	@ApiResponse(responseCode = "413", description = "QueryTooLargeException: more events than maxEventCount")
	@GetMapping(path = "/events", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ResponseEntity<ObjectNode>> events(ServerWebExchange exchange) {
		return this.answers.answer(exchange, exchange.getRequest().getQueryParams());
	}

	@GetMapping(path = "/events/{eventId}", produces = { MediaType.APPLICATION_JSON_VALUE, "application/ld+json" })
	Mono<ObjectNode> event(@PathVariable String eventId) {
		return Actors.current()
			.flatMap(actor -> this.queries.findByEventId(actor.orgId(), eventId))
			.switchIfEmpty(Mono.error(() -> EpcisException.noSuchResource("epcis-no-such-event",
					"No event with eventID " + eventId + ".", eventId)))
			.map(StoredEvent::event)
			.map(this::withContext);
	}

	/** An eventID as one path segment; ';' too, which a path would otherwise read as a parameter. */
	static String encodeEventId(String eventId) {
		return UriUtils.encodePathSegment(eventId, StandardCharsets.UTF_8).replace(";", "%3B");
	}

	/** Reads the body within the advertised size limit and parses it as JSON. */
	private Mono<JsonNode> body(ServerWebExchange exchange) {
		long limit = this.settings.captureFileSizeLimit();
		long declared = exchange.getRequest().getHeaders().getContentLength();
		if (declared > limit) {
			return Mono.error(tooLarge(limit));
		}
		MediaType type = exchange.getRequest().getHeaders().getContentType();
		if (type != null && !type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isCompatibleWith(LD_JSON)) {
			return Mono.error(EpcisException.validation("epcis-unsupported-media-type",
					"Send the document as application/json or application/ld+json, not " + type + ".", type.toString()));
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(limit, Integer.MAX_VALUE - 8))
			.onErrorMap(DataBufferLimitException.class, ex -> tooLarge(limit))
			.switchIfEmpty(Mono.error(() -> EpcisException.validation("epcis-malformed-json", "The body is empty.")))
			.map(buffer -> {
				try {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					return StrictJson.read(this.json, bytes);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
			});
	}

	private static EpcisException tooLarge(long limit) {
		return EpcisException.captureLimit("epcis-capture-file-size-limit",
				"The body is larger than " + limit + " bytes (GS1-EPCIS-Capture-File-Size-Limit).", limit);
	}

	private static EpcisException noSuchCapture(String id) {
		return EpcisException.noSuchResource("epcis-no-such-capture", "No capture job " + id + ".", id);
	}

	/** A single event answered on its own carries the EPCIS context next to its own prefixes. */
	private ObjectNode withContext(ObjectNode event) {
		ArrayNode context = this.json.createArrayNode();
		context.add(EPCIS_CONTEXT);
		JsonNode own = event.get("@context");
		if (own != null) {
			for (JsonNode item : own.isArray() ? own : this.json.createArrayNode().add(own)) {
				if (!item.isString() || !EPCIS_CONTEXT.equals(item.asString())) {
					context.add(item);
				}
			}
		}
		ObjectNode out = this.json.createObjectNode();
		out.set("@context", context);
		event.properties().forEach(e -> {
			if (!"@context".equals(e.getKey())) {
				out.set(e.getKey(), e.getValue());
			}
		});
		return out;
	}

	private static Map<String, Object> view(CaptureJob job) {
		Map<String, Object> m = new java.util.LinkedHashMap<>();
		m.put("captureID", job.id().toString());
		m.put("createdAt", job.createdAt().toString());
		m.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
		m.put("running", job.running());
		m.put("success", job.success());
		m.put("eventCount", job.eventCount());
		m.put("storedCount", job.storedCount());
		m.put("errors", job.errors());
		return m;
	}

}
