package vn.nguon.traceability.consumer;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * Tells listeners which lots new events name, so caches of public lot views can drop them. It
 * tails the event store by record time rather than by sequence number, re-reading a grace window:
 * sequence numbers are not committed in order, so an event committed late (a gap in the sequence)
 * would be missed by a "seq greater than the last seen" reader. Each event is reported once.
 * Works for every replica on its own (no coordination needed), which keeps the app stateless.
 */
@Service
public class LotChangeFeed {

	private static final Logger log = LoggerFactory.getLogger(LotChangeFeed.class);

	private final DatabaseClient db;

	private final Duration grace;

	private final List<Consumer<Set<String>>> listeners = new CopyOnWriteArrayList<>();

	private final Map<Long, OffsetDateTime> seen = new ConcurrentHashMap<>();

	private final Disposable poller;

	private volatile OffsetDateTime since;

	public LotChangeFeed(DatabaseClient db, @Value("${nguon.resolver.change-poll:500ms}") Duration interval,
			@Value("${nguon.resolver.change-grace:10s}") Duration grace) {
		this.db = db;
		this.grace = grace;
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
		return this.db.sql("SELECT now() AS now").map(r -> r.get("now", OffsetDateTime.class)).one().flatMap(now -> {
			OffsetDateTime from = (this.since == null) ? now.minus(this.grace) : this.since.minus(this.grace);
			return this.db.sql("SELECT e.seq, e.record_time, k.epc FROM epcis_event e"
					+ " JOIN epcis_event_epc k ON k.seq = e.seq WHERE e.record_time >= :from")
				.bind("from", from)
				.map(r -> new Object[] { r.get("seq", Long.class), r.get("record_time", OffsetDateTime.class),
						r.get("epc", String.class) })
				.all()
				.collectList()
				.doOnNext(rows -> {
					Set<String> keys = new HashSet<>();
					Map<Long, OffsetDateTime> fresh = new java.util.HashMap<>();
					for (Object[] row : rows) {
						Long seq = (Long) row[0];
						if (!this.seen.containsKey(seq)) {
							fresh.put(seq, (OffsetDateTime) row[1]);
							String epc = (String) row[2];
							keys.add(epc);
						}
					}
					this.seen.putAll(fresh);
					this.seen.values().removeIf(t -> t.isBefore(from.minus(this.grace)));
					this.since = now;
					if (!keys.isEmpty()) {
						for (Consumer<Set<String>> l : this.listeners) {
							l.accept(keys);
						}
					}
				})
				.then();
		});
	}

	@PreDestroy
	void stop() {
		this.poller.dispose();
	}

}
