package vn.nguon.traceability.genealogy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.epcis.Identifiers;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Lot genealogy over the {@code lot_edge} table, which the event store fills at capture
 * (transformation inputs to outputs, aggregated children to their parent; cycles are refused
 * there). A trace is one recursive SQL statement that also collects the farms behind the lots and
 * the places their events name.
 */
@Service
public class Genealogy {

	/** Deepest genealogy followed; real supply chains are far shallower. */
	public static final int MAX_DEPTH = 64;

	/*
	 * The recursive part walks the indexed edge table; the lookups per node reached are LATERAL so
	 * that they stay index scans whatever the planner guesses about the recursion's size.
	 */
	private static final String TRACE = """
			WITH RECURSIVE t(key, depth) AS (
				SELECT $1::text COLLATE "C", 0
				UNION
				SELECT e.%1$s, t.depth + 1 FROM lot_edge e JOIN t ON e.%2$s = t.key WHERE t.depth < $2
			), nodes AS MATERIALIZED (
				SELECT key, min(depth) AS depth FROM t GROUP BY key
			), named AS MATERIALIZED (
				SELECT DISTINCT k.seq FROM nodes n
				CROSS JOIN LATERAL (SELECT k.seq FROM epcis_event_epc k WHERE k.epc = n.key
					AND ($3::uuid IS NULL OR k.org_id = $3::uuid)) k
			)
			SELECT 'node' AS kind, key, depth, NULL AS batch_id, NULL AS farm_id, NULL AS farm_name,
				NULL AS field_name, NULL AS commune, NULL AS district, NULL AS province, NULL AS harvest_date
			FROM nodes
			UNION ALL
			SELECT 'farm', n.key, n.depth, b.id::text, f.id::text, f.name, b.field_name, f.commune, f.district,
				f.province, b.harvest_date::text
			FROM nodes n
			CROSS JOIN LATERAL (SELECT * FROM batch b WHERE b.gtin = substr(n.key, 4, 14)::bpchar
				AND b.lot = substr(n.key, 22) AND ($3::uuid IS NULL OR b.org_id = $3::uuid)) b
			LEFT JOIN farm f ON f.id = b.farm_id
			WHERE n.key LIKE '01/%%/10/%%'
			UNION ALL
			SELECT DISTINCT 'place', k.epc, NULL::int, k.role, NULL, NULL, NULL, NULL, NULL, NULL, NULL
			FROM named CROSS JOIN LATERAL (SELECT k.epc, k.role FROM epcis_event_epc k WHERE k.seq = named.seq
				AND k.role IN ('source', 'destination')) k
			UNION ALL
			SELECT DISTINCT 'place', e.biz_location, NULL::int, 'bizLocation', NULL, NULL, NULL, NULL, NULL, NULL, NULL
			FROM named CROSS JOIN LATERAL (SELECT e.biz_location FROM epcis_event e WHERE e.seq = named.seq
				AND e.biz_location IS NOT NULL) e
			""";

	private static final String BACK = TRACE.formatted("from_key", "to_key");

	private static final String FORWARD = TRACE.formatted("to_key", "from_key");

	private final DatabaseClient db;

	public Genealogy(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Everything upstream of a lot: input lots (and the items packed into it), to the farms and
	 * fields of the registered batches.
	 * @param lot the lot
	 * @return the trace (the lot alone at depth 0 when nothing is known upstream)
	 */
	public Mono<Trace> traceBack(LotRef lot) {
		return trace(lot, Trace.Direction.BACK, null);
	}

	/**
	 * Everything downstream of a lot: lots made from it, containers it was packed into, and the
	 * business locations, sources and destinations named by their events.
	 * @param lot the lot
	 * @return the trace
	 */
	public Mono<Trace> traceForward(LotRef lot) {
		return trace(lot, Trace.Direction.FORWARD, null);
	}

	/**
	 * A trace whose farms and places come only from one organisation's batches and events (the
	 * genealogy itself is followed whole).
	 * @param lot the lot
	 * @param direction back or forward
	 * @param viewer the organisation, or {@code null} for all
	 * @return the trace
	 */
	public Mono<Trace> trace(LotRef lot, Trace.Direction direction, OrgId viewer) {
		String sql = direction == Trace.Direction.BACK ? BACK : FORWARD;
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind(0, lot.key()).bind(1, MAX_DEPTH);
		spec = viewer == null ? spec.bindNull(2, UUID.class) : spec.bind(2, viewer.value());
		List<Trace.Node> nodes = new ArrayList<>();
		List<Trace.Farm> farms = new ArrayList<>();
		Set<Trace.Place> places = new LinkedHashSet<>();
		return spec.map((row, meta) -> {
			String kind = row.get("kind", String.class);
			String key = row.get("key", String.class);
			switch (kind) {
				case "node" -> nodes.add(new Trace.Node(key, row.get("depth", Integer.class), lotOf(key)));
				case "farm" -> farms.add(new Trace.Farm(LotRef.parseKey(key), uuid(row.get("batch_id", String.class)),
						uuid(row.get("farm_id", String.class)), row.get("farm_name", String.class),
						row.get("field_name", String.class), row.get("commune", String.class),
						row.get("district", String.class), row.get("province", String.class),
						date(row.get("harvest_date", String.class))));
				default -> places.add(new Trace.Place(row.get("batch_id", String.class), key));
			}
			return kind;
		}).all().then(Mono.fromSupplier(() -> {
			nodes.sort((a, b) -> a.depth() != b.depth() ? Integer.compare(a.depth(), b.depth()) : a.key().compareTo(b.key()));
			return new Trace(lot, direction, nodes, farms, new ArrayList<>(places));
		}));
	}

	/**
	 * A trace as a member who reads only some farms sees it (issue 13, farm scope): the farms of other
	 * batches of the organisation are left out; lots and places stay, as they are the chain itself.
	 * @param lot the lot
	 * @param direction back or forward
	 * @param viewer the organisation
	 * @param readableFarms the farms the member reads, {@code null} for all of the organisation's
	 * @return the trace
	 */
	public Mono<Trace> trace(LotRef lot, Trace.Direction direction, OrgId viewer, Set<UUID> readableFarms) {
		Mono<Trace> all = trace(lot, direction, viewer);
		if (readableFarms == null) {
			return all;
		}
		return all.map(t -> new Trace(t.lot(), t.direction(), t.nodes(),
				t.farms().stream().filter(f -> f.farmId() != null && readableFarms.contains(f.farmId())).toList(),
				t.places()));
	}

	/**
	 * @param viewer an organisation
	 * @param lot a lot
	 * @param readableFarms the farms a member reads, {@code null} for every farm of the organisation
	 * @return whether the member may trace the lot: as {@link #isKnownTo(OrgId, LotRef)} for reviewers and
	 * admins; for a farmer, only when the lot is a batch of one of their farms
	 */
	public Mono<Boolean> isKnownTo(OrgId viewer, LotRef lot, Set<UUID> readableFarms) {
		if (readableFarms == null) {
			return isKnownTo(viewer, lot);
		}
		if (readableFarms.isEmpty()) {
			return Mono.just(false);
		}
		return this.db.sql("SELECT EXISTS (SELECT 1 FROM batch WHERE gtin = $1 AND lot = $2 AND org_id = $3"
				+ " AND farm_id = ANY($4)) AS known")
			.bind(0, lot.gtin().value())
			.bind(1, lot.lot().value())
			.bind(2, viewer.value())
			.bind(3, readableFarms.toArray(UUID[]::new))
			.map((row, meta) -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
			.one();
	}

	/**
	 * @param viewer an organisation
	 * @param lot a lot
	 * @return whether the organisation registered the lot as a batch or captured an event naming it
	 */
	public Mono<Boolean> isKnownTo(OrgId viewer, LotRef lot) {
		return this.db.sql("SELECT EXISTS (SELECT 1 FROM epcis_event_epc WHERE epc = $1 AND org_id = $2)"
				+ " OR EXISTS (SELECT 1 FROM batch WHERE gtin = $3 AND lot = $4 AND org_id = $2) AS known")
			.bind(0, lot.key())
			.bind(1, viewer.value())
			.bind(2, lot.gtin().value())
			.bind(3, lot.lot().value())
			.map((row, meta) -> Boolean.TRUE.equals(row.get("known", Boolean.class)))
			.one();
	}

	private static LotRef lotOf(String key) {
		if (!Identifiers.isLotKey(key)) {
			return null;
		}
		try {
			return LotRef.parseKey(key);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static UUID uuid(String s) {
		return s == null ? null : UUID.fromString(s);
	}

	private static LocalDate date(String s) {
		return s == null ? null : LocalDate.parse(s);
	}

}
