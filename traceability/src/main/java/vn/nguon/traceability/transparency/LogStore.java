package vn.nguon.traceability.transparency;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * SQL of the transparency log.
 * <p>
 * Over 300 lines: every statement of the log lives here, by design, so its locking and ordering can be
 * reviewed in one place.
 */
@Repository
class LogStore {

	/** Key of the advisory lock held by the one appender at a time. */
	static final String LOCK_NAME = "nguon.transparency.appender";

	private final DatabaseClient db;

	LogStore(DatabaseClient db) {
		this.db = db;
	}

	record State(long treeSize, long cursorSeq) {
	}

	/** An event row as the appender and the verifier read it. */
	record EventRow(long seq, String eventId, String doc) {
	}

	/** A leaf with the current state of its event row ({@code doc == null}: the row is gone). */
	record LoggedLeaf(long leafIndex, long seq, String eventId, byte[] leafHash, String doc) {
	}

	record NewLeaf(long leafIndex, long seq, String eventId, byte[] leafHash) {
	}

	record NodeHash(int level, long index, byte[] hash) {
	}

	// ----- appender -----

	Mono<Boolean> lock(boolean wait) {
		String sql = wait ? "SELECT pg_advisory_xact_lock(hashtextextended(:name, 0)) IS NOT NULL AS locked"
				: "SELECT pg_try_advisory_xact_lock(hashtextextended(:name, 0)) AS locked";
		return this.db.sql(sql).bind("name", LOCK_NAME).map(r -> Boolean.TRUE.equals(r.get("locked", Boolean.class))).one();
	}

	Mono<State> lockState() {
		return this.db.sql("SELECT tree_size, cursor_seq FROM transparency_state WHERE id = 1 FOR UPDATE")
			.map(r -> new State(r.get("tree_size", Long.class), r.get("cursor_seq", Long.class)))
			.one();
	}

	Mono<State> state() {
		return this.db.sql("SELECT tree_size, cursor_seq FROM transparency_state WHERE id = 1")
			.map(r -> new State(r.get("tree_size", Long.class), r.get("cursor_seq", Long.class)))
			.one();
	}

	/** @return the oldest transaction id still running, as text (an {@code xid8}) */
	Mono<String> oldestRunningXid() {
		return this.db.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin")
			.map(r -> r.get("xmin", String.class))
			.one();
	}

	/** @return rows that became visible inside known gaps and are not logged yet */
	Flux<EventRow> lateRows(int limit) {
		return this.db.sql("""
				SELECT e.seq, e.event_id, e.doc::text AS doc
				FROM transparency_gap g JOIN epcis_event e ON e.seq BETWEEN g.lo AND g.hi
				WHERE NOT EXISTS (SELECT 1 FROM transparency_leaf l WHERE l.seq = e.seq)
				ORDER BY e.seq LIMIT :limit""").bind("limit", limit).map(LogStore::eventRow).all();
	}

	Flux<EventRow> newRows(long cursor, int limit) {
		return this.db.sql("SELECT seq, event_id, doc::text AS doc FROM epcis_event WHERE seq > :cursor ORDER BY seq LIMIT :limit")
			.bind("cursor", cursor)
			.bind("limit", limit)
			.map(LogStore::eventRow)
			.all();
	}

	private static EventRow eventRow(Readable r) {
		return new EventRow(r.get("seq", Long.class), r.get("event_id", String.class), r.get("doc", String.class));
	}

	Mono<Void> insertLeaves(List<NewLeaf> leaves) {
		if (leaves.isEmpty()) {
			return Mono.empty();
		}
		int n = leaves.size();
		Long[] idx = new Long[n];
		Long[] seq = new Long[n];
		String[] ids = new String[n];
		String[] hashes = new String[n];
		for (int i = 0; i < n; i++) {
			NewLeaf l = leaves.get(i);
			idx[i] = l.leafIndex();
			seq[i] = l.seq();
			ids[i] = l.eventId();
			hashes[i] = Merkle.hex(l.leafHash());
		}
		return this.db.sql("""
				INSERT INTO transparency_leaf (leaf_index, seq, event_id, leaf_hash)
				SELECT i, s, e, decode(h, 'hex')
				FROM unnest(CAST(:idx AS bigint[]), CAST(:seq AS bigint[]), CAST(:ids AS text[]), CAST(:hashes AS text[]))
				  AS t(i, s, e, h)""")
			.bind("idx", idx)
			.bind("seq", seq)
			.bind("ids", ids)
			.bind("hashes", hashes)
			.then();
	}

	Mono<Void> insertNodes(List<NodeHash> nodes) {
		if (nodes.isEmpty()) {
			return Mono.empty();
		}
		int n = nodes.size();
		Integer[] levels = new Integer[n];
		Long[] idx = new Long[n];
		String[] hashes = new String[n];
		for (int i = 0; i < n; i++) {
			levels[i] = nodes.get(i).level();
			idx[i] = nodes.get(i).index();
			hashes[i] = Merkle.hex(nodes.get(i).hash());
		}
		return this.db.sql("""
				INSERT INTO transparency_node (level, idx, hash)
				SELECT l, i, decode(h, 'hex')
				FROM unnest(CAST(:levels AS int[]), CAST(:idx AS bigint[]), CAST(:hashes AS text[])) AS t(l, i, h)""")
			.bind("levels", levels)
			.bind("idx", idx)
			.bind("hashes", hashes)
			.then();
	}

	Mono<Void> insertGaps(List<long[]> gaps) {
		if (gaps.isEmpty()) {
			return Mono.empty();
		}
		Long[] lo = new Long[gaps.size()];
		Long[] hi = new Long[gaps.size()];
		for (int i = 0; i < gaps.size(); i++) {
			lo[i] = gaps.get(i)[0];
			hi[i] = gaps.get(i)[1];
		}
		return this.db.sql("""
				INSERT INTO transparency_gap (lo, hi)
				SELECT l, h FROM unnest(CAST(:lo AS bigint[]), CAST(:hi AS bigint[])) AS t(l, h)
				ON CONFLICT (lo) DO NOTHING""").bind("lo", lo).bind("hi", hi).then();
	}

	/**
	 * Ages the gaps: a gap older than the grace period gets a horizon (the next transaction id
	 * to be assigned now, so every transaction that could own one of its seqs has a smaller id);
	 * a gap whose horizon is not above {@code oldestRunning} (read before the late rows were
	 * fetched) can no longer be filled, and is dropped when {@code mayDrop}.
	 */
	Mono<Void> ageGaps(Duration grace, String oldestRunning, boolean mayDrop) {
		Mono<Void> drop = mayDrop ? this.db.sql("DELETE FROM transparency_gap WHERE horizon <= CAST(:xmin AS xid8)")
			.bind("xmin", oldestRunning)
			.then() : Mono.empty();
		return drop.then(this.db.sql("""
				UPDATE transparency_gap SET horizon = pg_snapshot_xmax(pg_current_snapshot())
				WHERE horizon IS NULL AND first_seen < now() - make_interval(secs => :grace)""")
			.bind("grace", grace.toMillis() / 1000.0)
			.then());
	}

	Mono<Void> updateState(long treeSize, long cursorSeq) {
		return this.db.sql("UPDATE transparency_state SET tree_size = :size, cursor_seq = :cursor WHERE id = 1")
			.bind("size", treeSize)
			.bind("cursor", cursorSeq)
			.then();
	}

	// ----- tree nodes -----

	/** @return the hashes of the requested complete subtrees that exist */
	Mono<Map<Merkle.Node, byte[]>> nodes(Collection<Merkle.Node> wanted) {
		if (wanted.isEmpty()) {
			return Mono.just(Map.of());
		}
		List<Merkle.Node> leaves = wanted.stream().filter(n -> n.level() == 0).toList();
		List<Merkle.Node> inner = wanted.stream().filter(n -> n.level() > 0).toList();
		Long[] leafIdx = leaves.isEmpty() ? new Long[] { -1L } : leaves.stream().map(Merkle.Node::index).toArray(Long[]::new);
		Integer[] levels = inner.isEmpty() ? new Integer[] { -1 } : inner.stream().map(Merkle.Node::level).toArray(Integer[]::new);
		Long[] idx = inner.isEmpty() ? new Long[] { -1L } : inner.stream().map(Merkle.Node::index).toArray(Long[]::new);
		return this.db.sql("""
				SELECT 0 AS level, leaf_index AS idx, leaf_hash AS hash FROM transparency_leaf
				WHERE leaf_index = ANY(CAST(:leaves AS bigint[]))
				UNION ALL
				SELECT n.level::int, n.idx, n.hash FROM transparency_node n
				JOIN unnest(CAST(:levels AS int[]), CAST(:idx AS bigint[])) AS k(level, idx)
				  ON n.level = k.level AND n.idx = k.idx""")
			.bind("leaves", leafIdx)
			.bind("levels", levels)
			.bind("idx", idx)
			.map(r -> Map.entry(new Merkle.Node(r.get("level", Integer.class), r.get("idx", Long.class)),
					r.get("hash", byte[].class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
	}

	// ----- heads and keys -----

	Mono<TreeHead> latestHead() {
		return this.db.sql("""
				SELECT tree_size, root_hash, timestamp_ms, signature, key_id FROM transparency_head
				ORDER BY timestamp_ms DESC, tree_size DESC LIMIT 1""").map(LogStore::head).one();
	}

	private static TreeHead head(Readable r) {
		return new TreeHead(r.get("tree_size", Long.class), r.get("root_hash", byte[].class),
				r.get("timestamp_ms", Long.class), r.get("signature", byte[].class), r.get("key_id", byte[].class));
	}

	Mono<Void> insertHead(TreeHead head) {
		return this.db.sql("""
				INSERT INTO transparency_head (tree_size, root_hash, timestamp_ms, signature, key_id)
				VALUES (:size, :root, :ts, :sig, :key)""")
			.bind("size", head.treeSize())
			.bind("root", head.rootHash())
			.bind("ts", head.timestamp())
			.bind("sig", head.signature())
			.bind("key", head.keyId())
			.then();
	}

	Mono<Void> registerKey(byte[] keyId, byte[] spki) {
		return this.db.sql("INSERT INTO transparency_key (key_id, public_key) VALUES (:id, :spki) ON CONFLICT DO NOTHING")
			.bind("id", keyId)
			.bind("spki", spki)
			.then();
	}

	Mono<byte[]> publicKey(byte[] keyId) {
		return this.db.sql("SELECT public_key FROM transparency_key WHERE key_id = :id")
			.bind("id", keyId)
			.map(r -> r.get("public_key", byte[].class))
			.one();
	}

	// ----- reading leaves with their events -----

	private static final String LEAF_WITH_EVENT = """
			SELECT l.leaf_index, l.seq, l.event_id, l.leaf_hash, e.doc::text AS doc
			FROM transparency_leaf l LEFT JOIN epcis_event e ON e.seq = l.seq
			""";

	Flux<LoggedLeaf> leavesOfEvent(String eventId, long treeSize) {
		return this.db.sql(LEAF_WITH_EVENT + " WHERE l.event_id = :id AND l.leaf_index < :size ORDER BY l.leaf_index")
			.bind("id", eventId)
			.bind("size", treeSize)
			.map(LogStore::loggedLeaf)
			.all();
	}

	/**
	 * The events (by seq) whose body a reader may see in a proof: its own organisation's, and
	 * consumer-public ones, which the lot's public page shows anyway: an event in which a lot's owner names
	 * the lot (the owner of its GTIN's product; for a GTIN no product here has, the first organisation that
	 * named the lot), the rule {@code PublicLots.spokenByOwner} follows.
	 * @param seqs event sequence numbers
	 * @param reader the reader's organisation, or {@code null} for anyone
	 * @return the readable ones
	 */
	Flux<Long> readable(Collection<Long> seqs, java.util.UUID reader) {
		if (seqs.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("""
				SELECT e.seq FROM epcis_event e
				WHERE e.seq = ANY(CAST(:seqs AS bigint[]))
				  AND (e.org_id = CAST(:reader AS uuid)
				       OR EXISTS (SELECT 1 FROM epcis_event_epc k
				                  WHERE k.seq = e.seq AND k.epc LIKE '01/%/10/%'
				                    AND CASE WHEN EXISTS (SELECT 1 FROM product p WHERE p.gtin = split_part(k.epc, '/', 2))
				                             THEN EXISTS (SELECT 1 FROM product p
				                                          WHERE p.gtin = split_part(k.epc, '/', 2) AND p.org_id = e.org_id)
				                             ELSE e.org_id = (SELECT f.org_id FROM epcis_event_epc f WHERE f.epc = k.epc
				                                              ORDER BY f.seq LIMIT 1) END))""")
			.bind("seqs", seqs.toArray(Long[]::new))
			.bind("reader", reader == null ? "00000000-0000-0000-0000-000000000000" : reader.toString())
			.map(r -> r.get("seq", Long.class))
			.all();
	}

	Flux<LoggedLeaf> leavesOfEvents(Collection<String> eventIds) {
		return this.db.sql(LEAF_WITH_EVENT + " WHERE l.event_id = ANY(CAST(:ids AS text[])) ORDER BY l.leaf_index")
			.bind("ids", eventIds.toArray(String[]::new))
			.map(LogStore::loggedLeaf)
			.all();
	}

	/** @return the leaves {@code [from, to)} with the current rows of their events */
	Flux<LoggedLeaf> leaves(long from, long to) {
		return this.db.sql(LEAF_WITH_EVENT + " WHERE l.leaf_index >= :from AND l.leaf_index < :to ORDER BY l.leaf_index")
			.bind("from", from)
			.bind("to", to)
			.map(LogStore::loggedLeaf)
			.all();
	}

	private static LoggedLeaf loggedLeaf(Readable r) {
		return new LoggedLeaf(r.get("leaf_index", Long.class), r.get("seq", Long.class), r.get("event_id", String.class),
				r.get("leaf_hash", byte[].class), r.get("doc", String.class));
	}

	/** @return leaves whose stored hash is one of these, as {@code hex(hash) -> leaf index} */
	Mono<Map<String, Long>> leafIndexesByHash(Collection<byte[]> hashes) {
		if (hashes.isEmpty()) {
			return Mono.just(Map.of());
		}
		String[] hex = hashes.stream().map(Merkle::hex).toArray(String[]::new);
		return this.db.sql("""
				SELECT encode(leaf_hash, 'hex') AS h, leaf_index FROM transparency_leaf
				WHERE leaf_hash = ANY(SELECT decode(x, 'hex') FROM unnest(CAST(:hashes AS text[])) AS t(x))""")
			.bind("hashes", hex)
			.map(r -> Map.entry(r.get("h", String.class), r.get("leaf_index", Long.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** @return the number of stored events not in the log (yet) */
	Mono<Long> unloggedEvents() {
		return this.db.sql("""
				SELECT count(*) AS n FROM epcis_event e
				WHERE NOT EXISTS (SELECT 1 FROM transparency_leaf l WHERE l.seq = e.seq)""")
			.map(r -> r.get("n", Long.class))
			.one();
	}

}
