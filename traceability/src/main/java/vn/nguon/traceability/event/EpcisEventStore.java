package vn.nguon.traceability.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.EpcisSchema;
import vn.nguon.traceability.epcis.EventParser;
import vn.nguon.traceability.epcis.ParsedEvent;
import vn.nguon.traceability.organisation.OrgId;

/**
 * The {@link EventCapture} of the service: validates in memory, then writes a whole document in
 * one transaction with a handful of set-based statements (events, identifier index and genealogy
 * edges through {@code unnest} arrays), whatever the number of events.
 * <p>
 * Over 300 lines: parsing a document and writing it with a few set-based statements are one unit of work whose
 * arrays, re-send resolution and cycle check belong together; the schema, master data and queries live apart.
 */
@Service
class EpcisEventStore implements EventCapture {

	private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

	/** Events, identifiers and genealogy edges in one statement; returns the rows actually inserted. */
	private static final String INSERT = """
			WITH ev AS (
				SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::text[], $7::text[],
					$8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::int[])
					AS t(event_id, doc, content_hash, correction, event_type, event_time, tz, action, biz_step,
						disposition, read_point, biz_location, ord)
			), ins AS (
				INSERT INTO epcis_event (event_id, org_id, doc, content_hash, correction, event_type, event_time,
					event_time_zone_offset, action, biz_step, disposition, read_point, biz_location, capture_id)
				SELECT event_id, $14, doc::jsonb, content_hash, correction, event_type, event_time::timestamptz, tz,
					action, biz_step, disposition, read_point, biz_location, $15
				FROM ev ORDER BY ord
				ON CONFLICT (org_id, event_id, correction) DO NOTHING
				RETURNING seq, event_id, correction, record_time
			), ins_ord AS (
				SELECT ins.seq, ins.record_time, ev.ord FROM ins
				JOIN ev ON ev.event_id = ins.event_id AND ev.correction = ins.correction
			), keys AS (
				INSERT INTO epcis_event_epc (seq, org_id, role, epc)
				SELECT i.seq, $14, k.role, k.epc
				FROM unnest($16::int[], $17::text[], $18::text[]) AS k(ord, role, epc)
				JOIN ins_ord i ON i.ord = k.ord
			), edges AS (
				INSERT INTO lot_edge (from_key, to_key, seq)
				SELECT DISTINCT ON (g.from_key, g.to_key) g.from_key, g.to_key, i.seq
				FROM unnest($19::int[], $20::text[], $21::text[]) AS g(ord, from_key, to_key)
				JOIN ins_ord i ON i.ord = g.ord
				ORDER BY g.from_key, g.to_key, i.seq
				ON CONFLICT DO NOTHING
			)
			SELECT ord, seq, record_time FROM ins_ord
			""";

	/** A new edge closes a cycle when its upstream end is reachable from its downstream end. */
	private static final String CYCLE = """
			WITH RECURSIVE r(origin, k) AS (
				SELECT f COLLATE "C", t COLLATE "C" FROM unnest($1::text[], $2::text[]) AS n(f, t)
				UNION
				SELECT r.origin, e.to_key FROM lot_edge e JOIN r ON e.from_key = r.k
			)
			SELECT origin, k FROM r WHERE k = origin LIMIT 1
			""";

	private static final Logger log = LoggerFactory.getLogger(EpcisEventStore.class);

	private static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

	private final DatabaseClient db;

	private final JsonMapper json;

	private final TransactionalOperator tx;

	private final EpcisSettings settings;

	private final EpcisSchema schema;

	EpcisEventStore(DatabaseClient db, JsonMapper json, ReactiveTransactionManager tm, EpcisSettings settings) {
		this.db = db;
		this.json = json;
		this.tx = TransactionalOperator.create(tm);
		this.settings = settings;
		this.schema = schema(settings.jsonSchema());
	}

	/** The standard's copy beside the checkout, seen from the repository or from one of its modules. */
	private static Path nextToTheRepository() {
		Path relative = Path.of("shared", "standards", "epcis", "schema", "EPCIS-JSON-Schema.json");
		Path fromRoot = Path.of("..").resolve(relative);
		Path fromModule = Path.of("..", "..").resolve(relative);
		return Files.isRegularFile(fromRoot) || !Files.isRegularFile(fromModule) ? fromRoot : fromModule;
	}

	private static EpcisSchema schema(String configured) {
		Path file = configured == null || configured.isBlank() ? nextToTheRepository() : Path.of(configured);
		if (!Files.isRegularFile(file)) {
			if (configured != null && !configured.isBlank()) {
				throw new IllegalStateException("nguon.epcis.json-schema names no readable file: " + file.toAbsolutePath());
			}
			log.warn("No EPCIS 2.0 JSON schema at {}: captures get the semantic checks only (set NGUON_EPCIS_JSON_SCHEMA)",
					file.toAbsolutePath().normalize());
			return EpcisSchema.none();
		}
		try {
			EpcisSchema loaded = EpcisSchema.load(file);
			log.info("Captures are checked against the EPCIS 2.0 JSON schema {}", file.toAbsolutePath().normalize());
			return loaded;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the EPCIS JSON schema " + file, ex);
		}
	}

	@Override
	public Mono<StoredEvent> captureEvent(OrgId org, JsonNode event) {
		return Mono.fromCallable(() -> {
			if (event != null && event.isObject()) {
				// a single event may leave its @context implied (the EPCIS one); the schema wants it written
				ObjectNode checked = (ObjectNode) event;
				if (!event.has("@context")) {
					checked = this.json.createObjectNode();
					checked.put("@context", EPCIS_CONTEXT);
					checked.setAll((ObjectNode) event);
				}
				this.schema.check(checked);
			}
			Map<String, String> prefixes = EventParser.prefixes(event == null ? null : event.get("@context"));
			return EventParser.parse(event, "event", prefixes);
		}).flatMap(parsed -> store(org, List.of(parsed), List.of(0), 1, List.of(), false))
			.map(report -> {
				if (report.stored().isEmpty()) {
					throw EpcisException.validation("epcis-invalid-event", String.join("; ", report.errors()));
				}
				return report.stored().get(0);
			});
	}

	@Override
	public Mono<CaptureReport> captureDocument(OrgId org, JsonNode document, boolean proceedOnError) {
		// parsing, validating and hashing a large document is CPU work: keep it off the event loop
		return Mono.fromCallable(() -> parseDocument(document, proceedOnError))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(p -> MasterData.store(this.db, this.json, org, p.masterData)
				.then(store(org, p.events, p.indexes, p.total, p.errors, proceedOnError))
				.as(this.tx::transactional));
	}

	private record Parsed(List<ParsedEvent> events, List<Integer> indexes, int total, List<String> errors,
			List<MasterData.Element> masterData) {
	}

	/**
	 * The official schema's verdict: problems outside the events refuse the document; problems in
	 * events too, unless the client asked to proceed on error: then those events are left out.
	 * @return the refused events by index, with why
	 */
	private Map<Integer, String> schemaProblemsByEvent(JsonNode document, boolean proceedOnError) {
		if (document == null || !document.isObject()) {
			return Map.of();
		}
		List<EpcisSchema.Problem> problems = this.schema.problems(document);
		if (problems.isEmpty()) {
			return Map.of();
		}
		if (!proceedOnError || problems.stream().anyMatch(p -> p.eventIndex() < 0)) {
			throw EpcisSchema.refusal(problems);
		}
		Map<Integer, String> byEvent = new HashMap<>();
		for (EpcisSchema.Problem p : problems) {
			byEvent.merge(p.eventIndex(), "eventList[" + p.eventIndex() + "]: does not follow the EPCIS 2.0 JSON schema at "
					+ p.pointer() + ": " + p.message(), (a, b) -> a);
		}
		return byEvent;
	}

	private Parsed parseDocument(JsonNode document, boolean proceedOnError) {
		Map<Integer, String> schemaRefused = schemaProblemsByEvent(document, proceedOnError);
		ArrayNode list = EventParser.eventList(document);
		if (list.size() > this.settings.captureLimit()) {
			throw EpcisException.captureLimit("epcis-capture-limit",
					"The document has " + list.size() + " events; at most " + this.settings.captureLimit()
							+ " are accepted per capture (GS1-EPCIS-Capture-Limit).",
					list.size(), this.settings.captureLimit());
		}
		JsonNode context = document.get("@context");
		JsonNode extensionContext = extensionContext(context);
		Map<String, String> prefixes = EventParser.prefixes(context);
		// the header's master data is the document's, not an event's: a broken element refuses the document
		List<MasterData.Element> masterData = MasterData.of(document, prefixes, this.json);
		List<ParsedEvent> events = new ArrayList<>(list.size());
		List<Integer> indexes = new ArrayList<>(list.size());
		List<String> errors = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			if (schemaRefused.containsKey(i)) {
				errors.add(schemaRefused.get(i));
				continue;
			}
			try {
				ParsedEvent p = EventParser.parse(list.get(i), "eventList[" + i + "]", prefixes);
				if (extensionContext != null && !p.doc().has("@context")) {
					// keep the namespace prefixes the event relies on with the event itself
					ObjectNode doc = this.json.createObjectNode();
					doc.set("@context", extensionContext);
					doc.setAll(p.doc());
					p = new ParsedEvent(p.eventId(), p.contentHash(), p.correction(), p.eventType(), p.eventTime(),
							p.eventTimeZoneOffset(), p.action(), p.bizStep(), p.disposition(), p.readPoint(),
							p.bizLocation(), p.keys(), p.edges(), doc);
				}
				events.add(p);
				indexes.add(i);
			}
			catch (TraceabilityException ex) {
				if (!proceedOnError) {
					throw ex;
				}
				errors.add(ex.getMessage());
			}
		}
		return new Parsed(events, indexes, list.size(), errors, masterData);
	}

	/** The prefix declarations of a document's context (objects only), or null when it has none. */
	private JsonNode extensionContext(JsonNode context) {
		if (context == null) {
			return null;
		}
		ArrayNode objects = this.json.createArrayNode();
		if (context.isArray()) {
			context.forEach(c -> {
				if (c.isObject()) {
					objects.add(c);
				}
			});
		}
		else if (context.isObject()) {
			objects.add(context);
		}
		if (objects.isEmpty()) {
			return null;
		}
		return objects.size() == 1 ? objects.get(0) : objects;
	}

	private Mono<CaptureReport> store(OrgId org, List<ParsedEvent> parsed, List<Integer> indexes, int total,
			List<String> parseErrors, boolean proceedOnError) {
		// one row per (eventID, correction) within a document: later duplicates are re-sends
		Map<String, Integer> unique = new LinkedHashMap<>();
		List<ParsedEvent> events = new ArrayList<>();
		List<String> errors = new ArrayList<>(parseErrors);
		int[] firstOf = new int[parsed.size()];
		for (int i = 0; i < parsed.size(); i++) {
			ParsedEvent p = parsed.get(i);
			String k = p.eventId() + (p.correction() ? "#c" : "#e");
			Integer first = unique.get(k);
			if (first == null) {
				unique.put(k, events.size());
				firstOf[i] = events.size();
				events.add(p);
			}
			else {
				if (!events.get(first).contentHash().equals(p.contentHash())) {
					String msg = "eventList[" + indexes.get(i) + "]: eventID " + p.eventId()
							+ " is used twice in the document for different events";
					if (!proceedOnError) {
						return Mono.error(EpcisException.conflict("epcis-event-id-conflict", msg, p.eventId()));
					}
					errors.add(msg);
				}
				firstOf[i] = -1;
			}
		}
		UUID captureId = UUID.randomUUID();
		if (events.isEmpty()) {
			return writeCapture(org, captureId, total, 0, errors).thenReturn(new CaptureReport(captureId.toString(), List.of(), errors))
				.as(this.tx::transactional);
		}
		int n = events.size();
		String[] ids = new String[n];
		String[] docs = new String[n];
		String[] hashes = new String[n];
		Boolean[] corr = new Boolean[n];
		String[] types = new String[n];
		String[] times = new String[n];
		String[] tzs = new String[n];
		String[] actions = new String[n];
		String[] steps = new String[n];
		String[] disps = new String[n];
		String[] rps = new String[n];
		String[] bls = new String[n];
		Integer[] ords = new Integer[n];
		List<Integer> kOrd = new ArrayList<>();
		List<String> kRole = new ArrayList<>();
		List<String> kEpc = new ArrayList<>();
		List<Integer> gOrd = new ArrayList<>();
		List<String> gFrom = new ArrayList<>();
		List<String> gTo = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ParsedEvent p = events.get(i);
			ids[i] = p.eventId();
			docs[i] = this.json.writeValueAsString(p.doc());
			hashes[i] = p.contentHash();
			corr[i] = p.correction();
			types[i] = p.eventType();
			times[i] = p.eventTime().format(ISO);
			tzs[i] = p.eventTimeZoneOffset();
			actions[i] = p.action();
			steps[i] = p.bizStep();
			disps[i] = p.disposition();
			rps[i] = p.readPoint();
			bls[i] = p.bizLocation();
			ords[i] = i;
			for (ParsedEvent.Key k : p.keys()) {
				kOrd.add(i);
				kRole.add(k.role());
				kEpc.add(k.key());
			}
			if (!p.correction()) {
				for (ParsedEvent.Edge e : p.edges()) {
					gOrd.add(i);
					gFrom.add(e.from());
					gTo.add(e.to());
				}
			}
		}
		Mono<CaptureReport> work = this.db.sql(INSERT)
			.bind(0, ids).bind(1, docs).bind(2, hashes).bind(3, corr).bind(4, types).bind(5, times).bind(6, tzs)
			.bind(7, actions).bind(8, steps).bind(9, disps).bind(10, rps).bind(11, bls).bind(12, ords)
			.bind(13, org.value()).bind(14, captureId)
			.bind(15, kOrd.toArray(Integer[]::new)).bind(16, kRole.toArray(String[]::new))
			.bind(17, kEpc.toArray(String[]::new))
			.bind(18, gOrd.toArray(Integer[]::new)).bind(19, gFrom.toArray(String[]::new))
			.bind(20, gTo.toArray(String[]::new))
			.map((row, meta) -> new long[] { row.get("ord", Integer.class), row.get("seq", Long.class),
					row.get("record_time", OffsetDateTime.class).toInstant().toEpochMilli() })
			.all()
			.collectList()
			.flatMap(inserted -> checkCycles(gFrom, gTo).then(Mono.defer(() -> {
				StoredEvent[] stored = new StoredEvent[n];
				for (long[] r : inserted) {
					int i = (int) r[0];
					stored[i] = new StoredEvent(r[1], ids[i], org, Instant.ofEpochMilli(r[2]), events.get(i).doc());
				}
				List<String> missing = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					if (stored[i] == null) {
						missing.add(ids[i]);
					}
				}
				Mono<Void> resolve = missing.isEmpty() ? Mono.empty()
						: resolveExisting(org, missing, events, stored, errors, proceedOnError);
				return resolve.then(Mono.defer(() -> {
					List<StoredEvent> out = new ArrayList<>();
					for (StoredEvent s : stored) {
						if (s != null) {
							out.add(s);
						}
					}
					return writeCapture(org, captureId, total, out.size(), errors)
						.thenReturn(new CaptureReport(captureId.toString(), out, errors));
				}));
			})));
		return work.as(this.tx::transactional);
	}

	/** Re-sent events: same eventID already stored by this organisation. */
	private Mono<Void> resolveExisting(OrgId org, List<String> missing, List<ParsedEvent> events, StoredEvent[] stored,
			List<String> errors, boolean proceedOnError) {
		Map<String, Integer> pos = new HashMap<>();
		for (int i = 0; i < events.size(); i++) {
			if (stored[i] == null) {
				pos.put(events.get(i).eventId() + "#" + events.get(i).correction(), i);
			}
		}
		return this.db.sql("SELECT seq, event_id, correction, record_time, content_hash, doc::text AS doc"
				+ " FROM epcis_event WHERE org_id = $1 AND event_id = ANY($2::text[])")
			.bind(0, org.value())
			.bind(1, missing.toArray(String[]::new))
			.map((row, meta) -> row)
			.all()
			.map(row -> {
				Integer i = pos.get(row.get("event_id", String.class) + "#" + row.get("correction", Boolean.class));
				if (i == null) {
					return Boolean.TRUE;
				}
				ParsedEvent p = events.get(i);
				if (!p.contentHash().equals(row.get("content_hash", String.class))) {
					String msg = "eventID " + p.eventId()
							+ " is already stored for a different event; send an errorDeclaration to correct it";
					if (!proceedOnError) {
						throw EpcisException.conflict("epcis-event-id-conflict", msg, p.eventId());
					}
					errors.add(msg);
					return Boolean.TRUE;
				}
				stored[i] = new StoredEvent(row.get("seq", Long.class), p.eventId(), org,
						row.get("record_time", OffsetDateTime.class).toInstant(),
						(ObjectNode) this.json.readTree(row.get("doc", String.class)));
				return Boolean.TRUE;
			})
			.then();
	}

	private Mono<Void> checkCycles(List<String> from, List<String> to) {
		if (from.isEmpty()) {
			return Mono.empty();
		}
		return this.db.sql(CYCLE)
			.bind(0, from.toArray(String[]::new))
			.bind(1, to.toArray(String[]::new))
			.map((row, meta) -> row.get("origin", String.class))
			.first()
			.flatMap(origin -> Mono.error(new EpcisException(EpcisException.Type.ValidationException,
					TraceabilityException.Kind.CONFLICT, "epcis-genealogy-cycle",
					"The events would make " + origin + " its own ancestor (a genealogy cycle); nothing was stored.",
					origin)));
	}

	private Mono<Void> writeCapture(OrgId org, UUID id, int total, int stored, List<String> errors) {
		ArrayNode errs = this.json.createArrayNode();
		errors.forEach(errs::add);
		return this.db.sql("INSERT INTO epcis_capture (id, org_id, finished_at, success, event_count, stored_count, errors)"
				+ " VALUES ($1, $2, now(), $3, $4, $5, $6::jsonb)")
			.bind(0, id)
			.bind(1, org.value())
			.bind(2, errors.isEmpty())
			.bind(3, total)
			.bind(4, stored)
			.bind(5, this.json.writeValueAsString(errs))
			.then();
	}

}
