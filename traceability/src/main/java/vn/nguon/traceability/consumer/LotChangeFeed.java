package vn.nguon.traceability.consumer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;

/**
 * Tells listeners which lots new events name, so caches of public lot views can drop them. It tails the
 * event store by sequence number and reads each event once: it asks for the events above the highest seq
 * it has seen, and again for the seqs missing below it (gaps). Sequence numbers are taken before commit,
 * so a gap is an event still being committed (it is reported when it appears) or one that never will be
 * (a rolled-back capture, a conflict): a gap is asked for during the grace period, then forgotten.
 * Works for every replica on its own (no coordination needed), which keeps the app stateless.
 * <p>
 * (It used to re-read every event of the last 10 s on each poll: under a capture of thousands of events
 * per second that decoded each event's keys some twenty times, 15 % of the service's CPU in the capture
 * flame graph.)
 */
@Service
public class LotChangeFeed {

	private static final Logger log = LoggerFactory.getLogger(LotChangeFeed.class);

	/** Most missing seqs remembered after one poll (a huge jump is not a list of gaps to chase). */
	private static final int MAX_GAPS = 10_000;

	private final DatabaseClient db;

	private final long graceNanos;

	private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

	/** Missing seqs below {@link #maxSeen}, with when they were first missed. */
	private final Map<Long, Long> gaps = new java.util.HashMap<>();

	private final Disposable poller;

	private long maxSeen = -1;

	public LotChangeFeed(DatabaseClient db, @Value("${nguon.resolver.change-poll:500ms}") Duration interval,
			@Value("${nguon.resolver.change-grace:10s}") Duration grace) {
		this.db = db;
		this.graceNanos = grace.toNanos();
		this.poller = Flux.interval(interval, interval).onBackpressureDrop().concatMap(tick -> poll().onErrorResume(ex -> {
			log.debug("Change feed poll failed: {}", ex.getMessage());
			return Mono.empty();
		})).subscribe();
	}

	/** @param listener called with the canonical keys of lots named by newly seen events */
	public void subscribe(Consumer<Set<String>> listener) {
		this.listeners.add(listener);
	}

	/** @return one poll (public for tests) */
	public Mono<Void> poll() {
		long[] state = snapshot();
		if (state == null) {
			// first poll: caches start empty, so only what comes after now matters
			return this.db.sql("SELECT coalesce(max(seq), 0) AS m FROM epcis_event")
				.map(r -> r.get("m", Long.class))
				.one()
				.doOnNext(this::start)
				.then();
		}
		long from = state[0];
		Long[] missing = missing();
		return this.db.sql("SELECT e.seq, k.epc FROM epcis_event e LEFT JOIN epcis_event_epc k ON k.seq = e.seq"
				+ " WHERE e.seq > $1 OR e.seq = ANY($2)")
			.bind(0, from)
			.bind(1, missing)
			.map(r -> new Object[] { r.get("seq", Long.class), r.get("epc", String.class) })
			.all()
			.collectList()
			.doOnNext(rows -> {
				Set<String> keys = new HashSet<>();
				Set<Long> seqs = new HashSet<>();
				for (Object[] row : rows) {
					seqs.add((Long) row[0]);
					if (row[1] != null) {
						keys.add((String) row[1]);
					}
				}
				seen(from, seqs);
				if (!keys.isEmpty()) {
					for (Consumer<Set<String>> l : this.listeners) {
						l.accept(keys);
					}
				}
			})
			.then();
	}

	private synchronized long[] snapshot() {
		return this.maxSeen < 0 ? null : new long[] { this.maxSeen };
	}

	private synchronized void start(long max) {
		if (this.maxSeen < 0) {
			this.maxSeen = max;
		}
	}

	private synchronized Long[] missing() {
		return this.gaps.keySet().toArray(Long[]::new);
	}

	/** Records the seqs one poll found above {@code from} or among the gaps. */
	private synchronized void seen(long from, Set<Long> seqs) {
		long now = System.nanoTime();
		long max = this.maxSeen;
		for (Long s : seqs) {
			this.gaps.remove(s);
			max = Math.max(max, s);
		}
		for (long s = Math.max(from, this.maxSeen) + 1; s < max && this.gaps.size() < MAX_GAPS; s++) {
			if (!seqs.contains(s)) {
				this.gaps.putIfAbsent(s, now);
			}
		}
		this.maxSeen = max;
		this.gaps.values().removeIf(t -> now - t > this.graceNanos);
	}

	@PreDestroy
	void stop() {
		this.poller.dispose();
	}

}
