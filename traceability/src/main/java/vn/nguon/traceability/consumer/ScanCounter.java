package vn.nguon.traceability.consumer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Counts scans per lot and day without slowing the page: a scan increments an in-memory counter;
 * every {@code nguon.scans.flush-interval} (5 s) the counters are written with one upsert per lot
 * and day, and once more on an orderly shutdown. Counts of at most one interval are lost if the
 * process dies ({@code kill -9}, power); that is the price of never touching the database on the
 * page's path. A flush that fails (PostgreSQL out of reach) keeps what it could not write for the
 * next one.
 */
@Service
public class ScanCounter {

	/** Days are counted in Vietnam's time. */
	public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

	private static final Logger log = LoggerFactory.getLogger(ScanCounter.class);

	private final DatabaseClient db;

	private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();

	private final Disposable flusher;

	record Key(String gtin, String lot, LocalDate day) {
	}

	/**
	 * One row of counts.
	 * @param gtin GTIN-14
	 * @param lot lot code
	 * @param day the day (Vietnam time)
	 * @param scans scans that day
	 */
	public record ScanCount(String gtin, String lot, LocalDate day, long scans) {
	}

	public ScanCounter(DatabaseClient db, @Value("${nguon.scans.flush-interval:5s}") Duration interval) {
		this.db = db;
		this.flusher = Flux.interval(interval, interval).concatMap(tick -> flush().onErrorResume(ex -> {
			log.warn("Could not write scan counts: {}", ex.getMessage());
			return Mono.empty();
		})).subscribe();
	}

	/** Counts one scan of a lot now. */
	public void count(LotRef lot) {
		this.pending.computeIfAbsent(new Key(lot.gtin().value(), lot.lot().value(), LocalDate.now(ZONE)),
				k -> new LongAdder()).increment();
	}

	/** @return writes the pending counts (also called on shutdown and by tests) */
	public Mono<Void> flush() {
		List<Map.Entry<Key, Long>> batch = new ArrayList<>();
		for (Key key : this.pending.keySet()) {
			LongAdder adder = this.pending.remove(key);
			if (adder != null && adder.sum() > 0) {
				batch.add(Map.entry(key, adder.sum()));
			}
		}
		AtomicInteger written = new AtomicInteger();
		return Flux.fromIterable(batch)
			.concatMap(e -> this.db.sql("INSERT INTO lot_scan_day (gtin, lot, day, scans) VALUES (:g, :l, :d, :n)"
					+ " ON CONFLICT (gtin, lot, day) DO UPDATE SET scans = lot_scan_day.scans + EXCLUDED.scans")
				.bind("g", e.getKey().gtin())
				.bind("l", e.getKey().lot())
				.bind("d", e.getKey().day())
				.bind("n", e.getValue())
				.then()
				.doOnSuccess(done -> written.incrementAndGet()))
			.then()
			// PostgreSQL out of reach: what was not written waits for the next flush instead of being lost
			.doOnError(ex -> batch.subList(written.get(), batch.size()).forEach(this::restore));
	}

	private void restore(Map.Entry<Key, Long> counted) {
		this.pending.computeIfAbsent(counted.getKey(), k -> new LongAdder()).add(counted.getValue());
	}

	/**
	 * Scan counts of the lots of one organisation (its products or batches).
	 * @param org the organisation asking
	 * @param gtin only this product, or {@code null}
	 * @param lot only this lot (with gtin), or {@code null}
	 * @param from first day, inclusive
	 * @param to last day, inclusive
	 * @return counts per lot and day, newest day first
	 */
	public Flux<ScanCount> counts(OrgId org, Gtin gtin, String lot, LocalDate from, LocalDate to) {
		return counts(org, null, gtin, lot, from, to);
	}

	/**
	 * As {@link #counts(OrgId, Gtin, String, LocalDate, LocalDate)}, for a member who reads only some farms:
	 * then only the lots that are batches of those farms count (no product-wide rows).
	 * @param readableFarms the member's farms, {@code null} for every farm of the organisation
	 */
	public Flux<ScanCount> counts(OrgId org, java.util.Set<java.util.UUID> readableFarms, Gtin gtin, String lot,
			LocalDate from, LocalDate to) {
		if (readableFarms != null && readableFarms.isEmpty()) {
			return Flux.empty();
		}
		StringBuilder sql = new StringBuilder("SELECT s.gtin, s.lot, s.day, s.scans FROM lot_scan_day s"
				+ " WHERE s.day BETWEEN :from AND :to AND ");
		if (readableFarms == null) {
			sql.append("(EXISTS (SELECT 1 FROM product p WHERE p.gtin = s.gtin AND p.org_id = :org)"
					+ " OR EXISTS (SELECT 1 FROM batch b WHERE b.gtin = s.gtin AND b.lot = s.lot AND b.org_id = :org))");
		}
		else {
			sql.append("EXISTS (SELECT 1 FROM batch b WHERE b.gtin = s.gtin AND b.lot = s.lot AND b.org_id = :org"
					+ " AND b.farm_id = ANY(:farms))");
		}
		if (gtin != null) {
			sql.append(" AND s.gtin = :gtin");
		}
		if (lot != null) {
			sql.append(" AND s.lot = :lot");
		}
		sql.append(" ORDER BY s.day DESC, s.gtin, s.lot LIMIT 10000");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString())
			.bind("from", from)
			.bind("to", to)
			.bind("org", org.value());
		if (gtin != null) {
			spec = spec.bind("gtin", gtin.value());
		}
		if (lot != null) {
			spec = spec.bind("lot", lot);
		}
		if (readableFarms != null) {
			spec = spec.bind("farms", readableFarms.toArray(java.util.UUID[]::new));
		}
		return spec.map(row -> new ScanCount(row.get("gtin", String.class), row.get("lot", String.class),
				row.get("day", LocalDate.class), row.get("scans", Long.class))).all();
	}

	@PreDestroy
	void stop() {
		this.flusher.dispose();
		flush().block(Duration.ofSeconds(5));
	}

}
