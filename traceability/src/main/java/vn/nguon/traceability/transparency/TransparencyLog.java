package vn.nguon.traceability.transparency;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.organisation.OrgId;

/**
 * The transparency log of the event store: appends stored events as leaves, publishes signed
 * tree heads, and proves inclusion and consistency.
 * <p>
 * Leaf bytes of an event are the RFC 8785 canonical JSON of its stored {@code doc}
 * ({@link #leafBytes(String)}). The appender tails {@code epcis_event} by {@code seq}; rows of
 * transactions that commit late are appended when they become visible, never skipped (see
 * {@code transparency_gap}). Appending takes a PostgreSQL advisory lock and locks the log's
 * state row, so several instances of the service can run it safely; capture never waits on it.
 * <p>
 * Over 300 lines: appending, signing heads and proving are one protocol over the same tree state; the SQL lives
 * in LogStore and the tree math in {@link Merkle}.
 */
@Service
public class TransparencyLog {

	private static final Log log = LogFactory.getLog(TransparencyLog.class);

	enum HeadPolicy {

		/** sign when the tree grew and the last head is older than the head interval */
		IF_DUE,
		/** always sign a new head */
		FORCE

	}

	/** What one append transaction did. */
	record Step(boolean locked, int appended, boolean more, TreeHead head) {
	}

	private final LogStore store;

	private final LogKey key;

	private final TransparencyProperties properties;

	private final TransactionalOperator tx;

	private final EventQueries events;

	TransparencyLog(LogStore store, LogKey key, TransparencyProperties properties, ReactiveTransactionManager tm,
			EventQueries events) {
		this.events = events;
		this.store = store;
		this.key = key;
		this.properties = properties;
		this.tx = TransactionalOperator.create(tm);
	}

	/**
	 * The bytes of an event's leaf: the RFC 8785 canonical form of its stored {@code doc}. A doc
	 * that JCS cannot represent (never produced by the event store) falls back to its text as
	 * stored, so one odd row can never stop the log.
	 * @param docJson the {@code doc} column as JSON text
	 */
	public static byte[] leafBytes(String docJson) {
		try {
			return Jcs.canonicalize(docJson);
		}
		catch (IllegalArgumentException ex) {
			log.error("Event doc is not canonicalizable, logging its stored text: " + ex.getMessage());
			return docJson.getBytes(StandardCharsets.UTF_8);
		}
	}

	/** @return the leaf bytes of an event given as JSON */
	public static byte[] leafBytes(JsonNode doc) {
		return Jcs.canonicalize(doc);
	}

	/** @return the log's public key, DER SubjectPublicKeyInfo */
	public byte[] publicKey() {
		return this.key.spki();
	}

	/** @return SHA-256 of {@link #publicKey()} */
	public byte[] keyId() {
		return this.key.keyId();
	}

	/** @return the public key (SPKI) with this key id, if this log ever signed with it */
	public Mono<byte[]> publicKey(byte[] keyId) {
		return java.security.MessageDigest.isEqual(keyId, this.key.keyId()) ? Mono.just(this.key.spki())
				: this.store.publicKey(keyId);
	}

	/** @return the latest signed tree head, empty before the first one */
	public Mono<TreeHead> latestHead() {
		return this.store.latestHead();
	}

	/** @return the log's state: leaves appended so far (possibly more than the latest head covers) */
	public Mono<Long> treeSize() {
		return this.store.state().map(LogStore.State::treeSize);
	}

	/**
	 * Appends one batch of pending events, waiting for another instance's append to finish.
	 * @return number of events appended
	 */
	public Mono<Integer> appendPending() {
		return step(true, HeadPolicy.IF_DUE).map(Step::appended);
	}

	/**
	 * Appends everything pending and signs a new tree head now ("on demand").
	 * @return the new head
	 */
	public Mono<TreeHead> signHead() {
		Mono<Step> drain = step(true, HeadPolicy.IF_DUE)
			.expand(s -> s.more() ? step(true, HeadPolicy.IF_DUE) : Mono.empty())
			.last();
		return drain.then(step(true, HeadPolicy.FORCE)).map(Step::head);
	}

	/** One tick of the background appender: skips when another instance holds the lock. */
	Mono<Step> tick() {
		return step(false, HeadPolicy.IF_DUE);
	}

	private Mono<Step> step(boolean wait, HeadPolicy policy) {
		return this.tx.transactional(Mono.defer(() -> this.store.lock(wait).flatMap(locked -> locked
				? locked(policy) : Mono.just(new Step(false, 0, false, null)))));
	}

	private Mono<Step> locked(HeadPolicy policy) {
		int batch = this.properties.batchSize();
		return this.store.lockState()
			.flatMap(state -> this.store.oldestRunningXid()
				.flatMap(xmin -> this.store.lateRows(batch)
					.collectList()
					.flatMap(late -> this.store.newRows(state.cursorSeq(), Math.max(0, batch - late.size()))
						.collectList()
						.flatMap(fresh -> this.store.nodes(Merkle.rootNodes(state.treeSize()))
							.flatMap(nodes -> Mono.fromCallable(() -> compute(state, nodes, late, fresh))
								.subscribeOn(Schedulers.boundedElastic()))
							.flatMap(result -> {
								boolean more = late.size() + fresh.size() >= batch;
								int appended = result.leaves().size();
								return write(state, result, xmin, late.size() < batch)
									.then(head(result.frontier(), policy))
									.map(head -> new Step(true, appended, more, head))
									.defaultIfEmpty(new Step(true, appended, more, null));
							})))));
	}

	record Batch(Frontier frontier, List<LogStore.NewLeaf> leaves, List<LogStore.NodeHash> nodes, List<long[]> gaps,
			long cursor) {
	}

	static Batch compute(LogStore.State state, Map<Merkle.Node, byte[]> nodes, List<LogStore.EventRow> late,
			List<LogStore.EventRow> fresh) {
		Frontier frontier = Frontier.of(state.treeSize(), nodes);
		List<LogStore.NewLeaf> leaves = new ArrayList<>(late.size() + fresh.size());
		List<LogStore.NodeHash> completed = new ArrayList<>();
		List<long[]> gaps = new ArrayList<>();
		Set<Long> seen = new LinkedHashSet<>();
		List<LogStore.EventRow> rows = new ArrayList<>(late);
		rows.addAll(fresh);
		for (LogStore.EventRow row : rows) {
			if (!seen.add(row.seq())) {
				continue;
			}
			byte[] hash = Merkle.hashLeaf(leafBytes(row.doc()));
			long index = frontier.append(hash, completed);
			leaves.add(new LogStore.NewLeaf(index, row.seq(), row.eventId(), hash));
		}
		long cursor = state.cursorSeq();
		for (LogStore.EventRow row : fresh) {
			if (row.seq() > cursor + 1) {
				gaps.add(new long[] { cursor + 1, row.seq() - 1 });
			}
			cursor = Math.max(cursor, row.seq());
		}
		return new Batch(frontier, leaves, completed, gaps, cursor);
	}

	private Mono<Void> write(LogStore.State state, Batch batch, String xmin, boolean allLateRowsRead) {
		return this.store.insertLeaves(batch.leaves())
			.then(this.store.insertNodes(batch.nodes()))
			.then(this.store.insertGaps(batch.gaps()))
			.then(this.store.ageGaps(this.properties.gapGrace(), xmin, allLateRowsRead))
			.then(batch.leaves().isEmpty() && batch.cursor() == state.cursorSeq() ? Mono.empty()
					: this.store.updateState(batch.frontier().size(), batch.cursor()));
	}

	private Mono<TreeHead> head(Frontier frontier, HeadPolicy policy) {
		return this.store.latestHead().map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
			.flatMap(latest -> {
				long now = System.currentTimeMillis();
				boolean due = latest.isEmpty() || (latest.get().treeSize() != frontier.size()
						&& now - latest.get().timestamp() >= this.properties.headInterval().toMillis());
				if (policy != HeadPolicy.FORCE && !due) {
					return Mono.empty();
				}
				long timestamp = latest.map(h -> Math.max(now, h.timestamp() + 1)).orElse(now);
				TreeHead head = TreeHead.sign(this.key, frontier.size(), frontier.root(), timestamp);
				return this.store.registerKey(this.key.keyId(), this.key.spki())
					.then(this.store.insertHead(head))
					.thenReturn(head);
			});
	}

	// ----- proofs -----

	/**
	 * An inclusion proof as a given reader may see it: the event body ({@code leafInput}) only where the
	 * reader may read the event (its own organisation's, consumer-public ones, and those another
	 * organisation shares with it by consent, as {@code GET /epcis/events} would show them); for the
	 * others the leaf hash and the audit path, which prove inclusion without telling what the event says.
	 * @param eventId the event
	 * @param treeSize the tree size, or {@code null} for the latest signed head's
	 * @param reader the reader's organisation, or {@code null} for an anonymous reader
	 * @return the proof
	 */
	public Mono<InclusionProof> prove(String eventId, Long treeSize, java.util.UUID reader) {
		return prove(eventId, treeSize).flatMap(p -> {
			List<Long> seqs = p.leaves().stream().map(LeafProof::seq).toList();
			Flux<Long> shared = reader == null ? Flux.empty() : this.events.visibleAmong(OrgId.of(reader), seqs);
			return Flux.merge(this.store.readable(seqs, reader), shared)
			.collect(java.util.stream.Collectors.toSet())
			.map(ok -> new InclusionProof(p.eventId(), p.treeSize(), p.rootHash(), p.leaves().stream()
				.map(l -> ok.contains(l.seq()) ? l
						: new LeafProof(l.leafIndex(), l.seq(), l.leafHash(), null, l.auditPath()))
				.toList()));
		});
	}

	/**
	 * The full inclusion proof, event bodies included: for the service's own checks, never for callers.
	 * Inclusion proofs of an event in the tree of the latest signed head (or of an earlier size).
	 * @param eventId the event's {@code eventID}
	 * @param treeSize the tree size to prove into, or {@code null} for the latest head's
	 * @return the proofs; fails with {@code transparency-not-logged} when the event is not (yet)
	 * in that tree, {@code transparency-bad-size} when the size is beyond the latest head
	 */
	public Mono<InclusionProof> prove(String eventId, Long treeSize) {
		if (eventId == null || eventId.isBlank()) {
			return Mono.error(TraceabilityException.invalid("transparency-event-id-missing", "eventID is required"));
		}
		return headOrFail().flatMap(head -> {
			long size = treeSize == null ? head.treeSize() : treeSize;
			if (treeSize != null && (size < 1 || size > head.treeSize())) {
				return Mono.error(TraceabilityException.invalid("transparency-bad-size",
						"treeSize must be between 1 and the latest signed tree size " + head.treeSize(), size,
						head.treeSize()));
			}
			return this.store.leavesOfEvent(eventId, size).collectList().flatMap(leaves -> {
				if (leaves.isEmpty()) {
					return Mono.error(TraceabilityException.notFound("transparency-not-logged",
							"The event is not (yet) in the signed log", eventId));
				}
				Set<Merkle.Node> needed = new LinkedHashSet<>(Merkle.rootNodes(size));
				leaves.forEach(l -> needed.addAll(Merkle.inclusionNodes(l.leafIndex(), size)));
				return this.store.nodes(needed).publishOn(Schedulers.boundedElastic()).map(nodes -> {
					Merkle.NodeSource source = source(nodes);
					List<LeafProof> proofs = leaves.stream()
						.map(l -> new LeafProof(l.leafIndex(), l.seq(), l.leafHash(),
								l.doc() == null ? null : leafBytes(l.doc()),
								Merkle.inclusionProof(source, l.leafIndex(), size)))
						.toList();
					return new InclusionProof(eventId, size, Merkle.root(source, size), proofs);
				});
			});
		});
	}

	/**
	 * Consistency proof between two tree sizes, both at most the latest signed head's.
	 * @return the proof; fails with {@code transparency-bad-range} unless
	 * {@code 1 <= first <= second <= latest head size}
	 */
	public Mono<ConsistencyProof> consistency(long first, long second) {
		return headOrFail().flatMap(head -> {
			if (first < 1 || first > second || second > head.treeSize()) {
				return Mono.error(TraceabilityException.invalid("transparency-bad-range",
						"Need 1 <= first <= second <= " + head.treeSize(), first, second, head.treeSize()));
			}
			Set<Merkle.Node> needed = new LinkedHashSet<>(Merkle.consistencyNodes(first, second));
			needed.addAll(Merkle.rootNodes(first));
			needed.addAll(Merkle.rootNodes(second));
			return this.store.nodes(needed).map(nodes -> {
				Merkle.NodeSource source = source(nodes);
				return new ConsistencyProof(first, second, Merkle.root(source, first), Merkle.root(source, second),
						Merkle.consistencyProof(source, first, second));
			});
		});
	}

	private Mono<TreeHead> headOrFail() {
		return this.store.latestHead()
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("transparency-no-head",
					"The log has not signed a tree head yet")));
	}

	static Merkle.NodeSource source(Map<Merkle.Node, byte[]> nodes) {
		return node -> {
			byte[] h = nodes.get(node);
			if (h == null) {
				throw new IllegalStateException("transparency log is missing node " + node);
			}
			return h;
		};
	}

}
