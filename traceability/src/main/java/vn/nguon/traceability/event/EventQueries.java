package vn.nguon.traceability.event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.Identifiers;
import vn.nguon.traceability.epcis.Vocabulary;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Read side of the event store. Every query shows the corrected state: when an event was declared
 * in error, its correction (the event with its {@code errorDeclaration}) stands in for it.
 * Returned events carry {@code recordTime}, the time the store accepted them.
 * <p>
 * Over 300 lines: every query is built on the one visibility rule and the one filter builder here; splitting
 * them would spread one SQL statement over several classes.
 */
@Service
public class EventQueries {

	private static final String COLUMNS = "e.seq, e.event_id, e.org_id, e.record_time, e.event_time, e.doc::text AS doc";

	/** The current version of each event: a declared event is replaced by its correction. */
	static final String CURRENT = " AND NOT (NOT e.correction AND EXISTS (SELECT 1 FROM epcis_event c"
			+ " WHERE c.org_id = e.org_id AND c.event_id = e.event_id AND c.correction))";

	private final DatabaseClient db;

	private final JsonMapper json;

	public EventQueries(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Runs a query over the events captured by one organisation and those other organisations
	 * share with it along the chain (see {@link #VISIBLE}).
	 * @param viewer the organisation asking (its own events and the shared ones are visible)
	 * @param q the filters, order and limit
	 * @return matching events in the requested order
	 * @throws EpcisException (QueryParameterException) when an identifier in a filter is malformed
	 */
	public Flux<StoredEvent> query(OrgId viewer, EventQuery q) {
		return Flux.defer(() -> {
			List<Object> binds = new ArrayList<>();
			StringBuilder sql = filtered(viewer, q, binds);
			String key;
			if (q.orderField() != null) {
				binds.add(q.orderField());
				key = "COALESCE(e.doc -> $" + binds.size() + "::text, 'null'::jsonb)";
			}
			else {
				key = q.orderByRecordTime() ? "e.record_time" : "e.event_time";
			}
			String dir = q.descending() ? "DESC" : "ASC";
			if (q.after() != null) {
				if (q.orderField() != null) {
					binds.add(q.after().value() == null ? "null" : q.after().value());
					sql.append(" AND (").append(key).append(", e.seq) ").append(q.descending() ? "<" : ">")
						.append(" ($").append(binds.size()).append("::jsonb");
				}
				else {
					binds.add(utc(q.after().time()));
					sql.append(" AND (").append(key).append(", e.seq) ").append(q.descending() ? "<" : ">")
						.append(" ($").append(binds.size());
				}
				binds.add(q.after().seq());
				sql.append(", $").append(binds.size()).append(")");
			}
			sql.append(" ORDER BY ").append(key).append(' ').append(dir).append(", e.seq ").append(dir);
			binds.add(q.limit());
			sql.append(" LIMIT $").append(binds.size());
			return run(sql, binds);
		});
	}

	/**
	 * Counts the events a query matches (its order and page cursor aside), up to a cap: for
	 * {@code maxEventCount}, which refuses a query that would answer more.
	 * @param viewer the organisation asking (same visibility as {@link #query})
	 * @param q the filters
	 * @param cap count no further than this
	 * @return the number of matching events, at most {@code cap}
	 */
	public Mono<Long> count(OrgId viewer, EventQuery q, int cap) {
		return Mono.defer(() -> {
			List<Object> binds = new ArrayList<>();
			StringBuilder sql = filtered(viewer, q, binds);
			binds.add(cap);
			String counted = "SELECT count(*) AS n FROM (" + sql + " LIMIT $" + binds.size() + ") m";
			DatabaseClient.GenericExecuteSpec spec = this.db.sql(counted);
			for (int i = 0; i < binds.size(); i++) {
				spec = spec.bind(i, binds.get(i));
			}
			return spec.map(row -> row.get("n", Long.class)).one();
		});
	}

	/**
	 * The events a query matches within a range of capture sequence numbers, in capture order
	 * (for subscriptions tailing the store). The order, direction and page cursor of the query
	 * are ignored; its limit caps the result.
	 * @param viewer the organisation asking (same visibility as {@link #query})
	 * @param q the filters
	 * @param afterSeq only events with a larger seq
	 * @param upToSeq only events with this seq or a smaller one
	 * @return matching events by increasing seq
	 */
	public Flux<StoredEvent> tail(OrgId viewer, EventQuery q, long afterSeq, long upToSeq) {
		return Flux.defer(() -> {
			List<Object> binds = new ArrayList<>();
			StringBuilder sql = filtered(viewer, q, binds);
			binds.add(afterSeq);
			sql.append(" AND e.seq > $").append(binds.size());
			binds.add(upToSeq);
			sql.append(" AND e.seq <= $").append(binds.size());
			binds.add(q.limit());
			sql.append(" ORDER BY e.seq LIMIT $").append(binds.size());
			return run(sql, binds);
		});
	}

	/**
	 * The events a viewer may read: its own, plus what other organisations agreed to share with
	 * it. Organisation A shares lot L with the viewer when A recorded shipping L to it (an event of
	 * A with bizStep {@code shipping} naming L in epcList or quantityList and, in its
	 * destinationList, one of the viewer's party GLNs ({@code 417/{gln}}) or a location of the
	 * viewer ({@code 414/{gln}} of a party GLN or of one of its farms, with or without extension)),
	 * or when A granted the viewer access ({@code partner_grant}) and the viewer recorded receiving
	 * L. The viewer's own receiving event alone shares nothing. Then the viewer may read A's (and
	 * only A's) events naming L and its direct inputs (A's policy {@code one_step_back} or
	 * {@code full}) and every lot further upstream (policy {@code full} only). Policy
	 * {@code public} shares nothing here (the consumer page shows its public summary).
	 */
	static final String VISIBLE = """
			 (e.org_id = $1 OR e.seq IN (
				WITH RECURSIVE mine(place) AS (
					SELECT '417/' || p.gln FROM organisation_party p WHERE p.org_id = $1
					UNION ALL SELECT '414/' || p.gln FROM organisation_party p WHERE p.org_id = $1
					UNION ALL SELECT '414/' || f.gln FROM farm f WHERE f.org_id = $1 AND f.gln IS NOT NULL
				), shared(org, lot) AS (
					SELECT d.org_id, k.epc FROM mine
					JOIN epcis_event_epc d ON d.role = 'destination'
						AND (d.epc = mine.place COLLATE "C" OR (mine.place LIKE '414/%' AND d.epc LIKE mine.place || '/254/%'))
					JOIN epcis_event sh ON sh.seq = d.seq AND sh.biz_step = 'shipping'
					JOIN epcis_event_epc k ON k.seq = d.seq AND k.role IN ('epc', 'qty') AND k.epc LIKE '01/%/10/%'
					WHERE d.org_id <> $1
					UNION
					SELECT g.grantor, k.epc FROM partner_grant g
					JOIN epcis_event r ON r.org_id = $1 AND r.biz_step = 'receiving'
					JOIN epcis_event_epc k ON k.seq = r.seq AND k.role IN ('epc', 'qty') AND k.epc LIKE '01/%/10/%'
					WHERE g.grantee = $1
				), up(org, lot, depth) AS (
					SELECT org, lot COLLATE "C", 0 FROM shared
					UNION
					SELECT up.org, g.from_key, up.depth + 1 FROM lot_edge g JOIN up ON g.to_key = up.lot WHERE up.depth < 64
				), nearest AS (
					SELECT org, lot, min(depth) AS depth FROM up GROUP BY org, lot
				)
				SELECT s.seq FROM nearest n JOIN epcis_event_epc s ON s.epc = n.lot AND s.org_id = n.org
				JOIN organisation o ON o.id = n.org
				WHERE o.sharing_policy = 'full' OR (o.sharing_policy = 'one_step_back' AND n.depth <= 1)
			))""";

	/**
	 * @param viewer the organisation asking
	 * @param seqs capture sequence numbers of events
	 * @return those of them the viewer may read: its own and those shared with it by consent ({@link #VISIBLE})
	 */
	public Flux<Long> visibleAmong(OrgId viewer, java.util.Collection<Long> seqs) {
		if (seqs.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT e.seq FROM epcis_event e WHERE e.seq = ANY($2) AND" + VISIBLE)
			.bind(0, viewer.value())
			.bind(1, seqs.toArray(Long[]::new))
			.map(row -> row.get("seq", Long.class))
			.all();
	}

	private StringBuilder filtered(OrgId viewer, EventQuery q, List<Object> binds) {
		binds.add(viewer.value());
		StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
			.append(" FROM epcis_event e WHERE").append(VISIBLE).append(CURRENT);
		anyOf(sql, binds, "e.event_type", q.eventTypes());
		range(sql, binds, "e.event_time", q.geEventTime(), q.ltEventTime());
		range(sql, binds, "e.record_time", q.geRecordTime(), q.ltRecordTime());
		anyOf(sql, binds, "e.action", q.actions());
		anyOf(sql, binds, "e.biz_step", q.bizSteps().stream().map(Vocabulary::bizStep).toList());
		anyOf(sql, binds, "e.disposition", q.dispositions().stream().map(Vocabulary::disposition).toList());
		anyOf(sql, binds, "e.read_point", canonical(q.readPoints()));
		anyOf(sql, binds, "e.biz_location", canonical(q.bizLocations()));
		anyOf(sql, binds, "e.event_id", q.eventIds());
		match(sql, binds, q.matchEpc(), "epc", "child");
		match(sql, binds, q.matchAnyEpc(), "epc", "child", "input", "output", "parent");
		match(sql, binds, q.matchParentId(), "parent");
		match(sql, binds, q.matchInputEpc(), "input");
		match(sql, binds, q.matchOutputEpc(), "output");
		match(sql, binds, q.matchEpcClass(), "qty", "child_qty");
		match(sql, binds, q.matchAnyEpcClass(), "qty", "child_qty", "input_qty", "output_qty");
		match(sql, binds, q.matchInputEpcClass(), "input_qty");
		match(sql, binds, q.matchOutputEpcClass(), "output_qty");
		ConditionSql.withDescendants(sql, binds, "e.read_point", canonical(q.wdReadPoints()));
		ConditionSql.withDescendants(sql, binds, "e.biz_location", canonical(q.wdBizLocations()));
		ConditionSql.conditions(sql, binds, q.conditions(), this.json);
		ConditionSql.attributes(sql, binds, q.attributeConditions());
		return sql;
	}

	private Flux<StoredEvent> run(StringBuilder sql, List<Object> binds) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (int i = 0; i < binds.size(); i++) {
			spec = spec.bind(i, binds.get(i));
		}
		return spec.map(this::map).all();
	}

	/**
	 * One event of the viewer's organisation, in its corrected state.
	 * @param viewer the organisation asking
	 * @param eventId the eventID
	 * @return the event, or empty
	 */
	public Mono<StoredEvent> findByEventId(OrgId viewer, String eventId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM epcis_event e WHERE e.org_id = $1 AND e.event_id = $2"
				+ " ORDER BY e.correction DESC LIMIT 1")
			.bind(0, viewer.value())
			.bind(1, eventId)
			.map(this::map)
			.one();
	}

	/**
	 * Every event naming a lot, of every organisation, oldest first (for the consumer page and
	 * exports; the caller decides what may be shown).
	 * @param gtin the product
	 * @param lot the lot
	 * @return the events in event time order, corrected state
	 */
	public Flux<StoredEvent> eventsOfLot(Gtin gtin, LotCode lot) {
		return this.db.sql("SELECT " + COLUMNS + " FROM epcis_event e WHERE e.seq IN"
				+ " (SELECT k.seq FROM epcis_event_epc k WHERE k.epc = $1)" + CURRENT
				+ " ORDER BY e.event_time, e.seq")
			.bind(0, LotRef.of(gtin, lot).key())
			.map(this::map)
			.all();
	}

	/**
	 * The events stored by one capture of the viewer's organisation.
	 * @param viewer the organisation asking
	 * @param captureId the capture id
	 * @return the events in capture order
	 */
	public Flux<StoredEvent> eventsOfCapture(OrgId viewer, UUID captureId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM epcis_event e WHERE e.capture_id = $1 AND e.org_id = $2"
				+ " ORDER BY e.seq")
			.bind(0, captureId)
			.bind(1, viewer.value())
			.map(this::map)
			.all();
	}

	private StoredEvent map(Readable row) {
		ObjectNode doc = (ObjectNode) this.json.readTree(row.get("doc", String.class));
		Instant recordTime = row.get("record_time", OffsetDateTime.class).toInstant();
		doc.put("recordTime", OffsetDateTime.ofInstant(recordTime, ZoneOffset.UTC).toString());
		return new StoredEvent(row.get("seq", Long.class), row.get("event_id", String.class),
				OrgId.of(row.get("org_id", UUID.class)), recordTime, doc);
	}

	private static List<String> canonical(List<String> ids) {
		return ids.stream().map(EventQueries::canonicalParameter).toList();
	}

	private static String canonicalParameter(String id) {
		try {
			return Identifiers.canonical(id);
		}
		catch (EpcisException ex) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter", ex.getMessage(), id);
		}
	}

	private static void anyOf(StringBuilder sql, List<Object> binds, String column, List<String> values) {
		if (values.isEmpty()) {
			return;
		}
		binds.add(values.toArray(String[]::new));
		sql.append(" AND ").append(column).append(" = ANY($").append(binds.size()).append("::text[])");
	}

	private static void range(StringBuilder sql, List<Object> binds, String column, Instant ge, Instant lt) {
		if (ge != null) {
			binds.add(utc(ge));
			sql.append(" AND ").append(column).append(" >= $").append(binds.size());
		}
		if (lt != null) {
			binds.add(utc(lt));
			sql.append(" AND ").append(column).append(" < $").append(binds.size());
		}
	}

	private static void match(StringBuilder sql, List<Object> binds, List<String> values, String... roles) {
		if (values.isEmpty()) {
			return;
		}
		List<String> exact = new ArrayList<>();
		List<String> prefixes = new ArrayList<>();
		for (String v : values) {
			boolean pattern = v.startsWith("urn:epc:idpat:") && v.endsWith("*");
			String key = canonicalParameter(v);
			if (pattern && !key.equals(v)) {
				exact.add(key);
				prefixes.add(key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%");
			}
			else {
				exact.add(key);
			}
		}
		binds.add(roles);
		int r = binds.size();
		binds.add(exact.toArray(String[]::new));
		int x = binds.size();
		sql.append(" AND e.seq IN (SELECT k.seq FROM epcis_event_epc k WHERE k.role = ANY($")
			.append(r)
			.append("::text[]) AND (k.epc = ANY($")
			.append(x)
			.append("::text[])");
		if (!prefixes.isEmpty()) {
			binds.add(prefixes.toArray(String[]::new));
			sql.append(" OR k.epc LIKE ANY($").append(binds.size()).append("::text[])");
		}
		sql.append("))");
	}

	private static OffsetDateTime utc(Instant t) {
		return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
	}

}
