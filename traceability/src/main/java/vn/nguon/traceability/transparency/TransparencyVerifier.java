package vn.nguon.traceability.transparency;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * Checks the event store against the log from the server side: recomputes every logged
 * event's leaf from its current {@code epcis_event} row, rebuilds the root from the stored leaf
 * hashes and compares it with the latest signed head. Finds rows changed, deleted or swapped
 * behind the service's back (directly in PostgreSQL).
 */
@Service
public class TransparencyVerifier {

	private static final int PAGE = 10_000;

	private final LogStore store;

	private final TransparencyLog transparencyLog;

	TransparencyVerifier(LogStore store, TransparencyLog transparencyLog) {
		this.store = store;
		this.transparencyLog = transparencyLog;
	}

	/** @return the full report; reads every leaf, so for administrators and audits */
	public Mono<VerificationReport> verifyAll() {
		return this.store.state().zipWith(head()).flatMap(t -> {
			long size = t.getT1().treeSize();
			Optional<TreeHead> head = t.getT2();
			return signatureValid(head).flatMap(sigOk -> {
				Frontier frontier = Frontier.of(0, Map.of());
				byte[][] rootAtHead = new byte[1][];
				if (head.isPresent() && head.get().treeSize() == 0) {
					rootAtHead[0] = Merkle.emptyRoot();
				}
				List<VerificationReport.EventProblem> problems = new ArrayList<>();
				Map<Long, byte[]> changedHashes = new HashMap<>();
				long pages = (size + PAGE - 1) / PAGE;
				return Flux.range(0, (int) pages)
					.concatMap(p -> this.store.leaves((long) p * PAGE, Math.min(size, (long) (p + 1) * PAGE))
						.collectList()
						.publishOn(Schedulers.boundedElastic())
						.doOnNext(leaves -> {
							for (LogStore.LoggedLeaf leaf : leaves) {
								if (leaf.leafIndex() != frontier.size()) {
									throw new IllegalStateException("transparency log has no leaf " + frontier.size());
								}
								frontier.append(leaf.leafHash(), new ArrayList<>());
								if (head.isPresent() && frontier.size() == head.get().treeSize()) {
									rootAtHead[0] = frontier.root();
								}
								if (leaf.doc() == null) {
									problems.add(new VerificationReport.EventProblem(leaf.eventId(), leaf.seq(),
											leaf.leafIndex(), VerificationReport.Status.DELETED, null));
									continue;
								}
								byte[] now = Merkle.hashLeaf(TransparencyLog.leafBytes(leaf.doc()));
								if (!java.security.MessageDigest.isEqual(now, leaf.leafHash())) {
									problems.add(new VerificationReport.EventProblem(leaf.eventId(), leaf.seq(),
											leaf.leafIndex(), VerificationReport.Status.CHANGED, null));
									changedHashes.put(leaf.leafIndex(), now);
								}
							}
						}), 1)
					.then(Mono.defer(() -> this.store.leafIndexesByHash(changedHashes.values())))
					.zipWith(Mono.defer(this.store::unloggedEvents))
					.map(found -> {
						List<VerificationReport.EventProblem> out = new ArrayList<>();
						for (VerificationReport.EventProblem p : problems) {
							byte[] h = changedHashes.get(p.leafIndex());
							Long other = h == null ? null : found.getT1().get(Merkle.hex(h));
							out.add(other != null && other != p.leafIndex()
									? new VerificationReport.EventProblem(p.eventId(), p.seq(), p.leafIndex(),
											VerificationReport.Status.REORDERED, other)
									: p);
						}
						boolean rootOk = head.isPresent() && rootAtHead[0] != null
								&& java.security.MessageDigest.isEqual(rootAtHead[0], head.get().rootHash());
						return new VerificationReport(size, head.map(TreeHead::treeSize).orElse(-1L), sigOk,
								rootOk, found.getT2(), out);
					});
			});
		});
	}

	/**
	 * @param eventIds the events of one lot (as shown on its consumer page)
	 * @return whether every one of them proves into the latest signed head, with the rows as they
	 * are now; {@code false} for an empty set, before the first head, or when any is not logged yet
	 */
	public Mono<Boolean> lotVerified(Collection<String> eventIds) {
		return verifyEvents(eventIds).map(EventsVerification::verified);
	}

	/** @return the state of each event against the latest signed head */
	public Mono<EventsVerification> verifyEvents(Collection<String> eventIds) {
		Set<String> ids = new LinkedHashSet<>(eventIds);
		if (ids.isEmpty()) {
			return Mono.just(new EventsVerification(-1, Map.of()));
		}
		return head().flatMap(head -> {
			if (head.isEmpty()) {
				Map<String, EventsVerification.State> pending = new HashMap<>();
				ids.forEach(id -> pending.put(id, EventsVerification.State.PENDING));
				return Mono.just(new EventsVerification(-1, pending));
			}
			TreeHead h = head.get();
			return signatureValid(head).zipWith(this.store.leavesOfEvents(ids).collectList()).flatMap(t -> {
				boolean sigOk = t.getT1();
				List<LogStore.LoggedLeaf> leaves = t.getT2().stream().filter(l -> l.leafIndex() < h.treeSize()).toList();
				Set<Merkle.Node> needed = new LinkedHashSet<>();
				leaves.forEach(l -> needed.addAll(Merkle.inclusionNodes(l.leafIndex(), h.treeSize())));
				return this.store.nodes(needed).publishOn(Schedulers.boundedElastic()).map(nodes -> {
					Merkle.NodeSource source = TransparencyLog.source(nodes);
					Map<String, EventsVerification.State> states = new HashMap<>();
					ids.forEach(id -> states.put(id, EventsVerification.State.PENDING));
					for (LogStore.LoggedLeaf l : leaves) {
						boolean ok = false;
						if (sigOk && l.doc() != null) {
							try {
								ok = Merkle.verifyInclusion(l.leafIndex(), h.treeSize(),
										Merkle.hashLeaf(TransparencyLog.leafBytes(l.doc())),
										Merkle.inclusionProof(source, l.leafIndex(), h.treeSize()), h.rootHash());
							}
							catch (IllegalStateException missingNode) {
								ok = false;
							}
						}
						EventsVerification.State before = states.get(l.eventId());
						if (!ok) {
							states.put(l.eventId(), EventsVerification.State.FAILED);
						}
						else if (before == EventsVerification.State.PENDING) {
							states.put(l.eventId(), EventsVerification.State.VERIFIED);
						}
					}
					return new EventsVerification(h.treeSize(), states);
				});
			});
		});
	}

	private Mono<Optional<TreeHead>> head() {
		return this.transparencyLog.latestHead().map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	private Mono<Boolean> signatureValid(Optional<TreeHead> head) {
		if (head.isEmpty()) {
			return Mono.just(false);
		}
		return this.transparencyLog.publicKey(head.get().keyId())
			.map(spki -> head.get().verify(spki))
			.defaultIfEmpty(false);
	}

}
