package vn.nguon.traceability.subscription;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The safe horizon of the event store's tail: the largest seq H such that every event with a
 * seq up to H is visible now or will never exist. Sequence numbers are taken before commit, so a
 * hole below a visible event is either a transaction still running (its rows appear when it
 * commits) or one that rolled back / skipped the value (ON CONFLICT DO NOTHING). A hole is
 * passed only when (a) the oldest transaction still running ({@code pg_snapshot_xmin}) is
 * not older than the first transaction id not yet started ({@code pg_snapshot_xmax}) when the
 * hole was first seen, so every transaction that could have taken that seq has ended, and (b)
 * the hole has been seen for at least the grace period (covers a seq taken by a statement whose
 * transaction had no id yet). Kept in memory per dispatcher: after a restart holes are seen anew.
 */
final class SeqHorizon {

	private static final int CHUNK = 5000;

	private final DatabaseClient db;

	private final Duration grace;

	private final Map<Long, long[]> holes = new HashMap<>();

	private long horizon = -1;

	SeqHorizon(DatabaseClient db, Duration grace) {
		this.db = db;
		this.grace = grace;
	}

	/** @return the current safe horizon, advanced as far as possible */
	Mono<Long> advance() {
		Mono<Long> start = current() >= 0 ? Mono.just(current())
				: this.db.sql("SELECT coalesce((SELECT min(cursor_seq) FROM subscription),"
						+ " (SELECT max(seq) FROM epcis_event), 0) AS h")
					.map(row -> row.get("h", Long.class))
					.one()
					.map(this::init);
		return start.flatMap(this::step);
	}

	private synchronized long current() {
		return this.horizon;
	}

	private synchronized long init(long h) {
		if (this.horizon < 0) {
			this.horizon = h;
		}
		return this.horizon;
	}

	private Mono<Long> step(long from) {
		return this.db.sql("SELECT array(SELECT seq FROM epcis_event WHERE seq > $1 ORDER BY seq LIMIT " + CHUNK
				+ ") AS seqs, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin,"
				+ " pg_snapshot_xmax(pg_current_snapshot())::text AS xmax")
			.bind(0, from)
			.map(row -> new Object[] { row.get("seqs", Long[].class), Long.parseLong(row.get("xmin", String.class)),
					Long.parseLong(row.get("xmax", String.class)) })
			.one()
			.flatMap(r -> {
				Long[] seqs = (Long[]) r[0];
				long reached = walk(from, seqs, (Long) r[1], (Long) r[2]);
				if (seqs.length == CHUNK && reached == seqs[seqs.length - 1]) {
					return step(reached);
				}
				return Mono.just(reached);
			});
	}

	private synchronized long walk(long from, Long[] seqs, long xmin, long xmax) {
		if (from < this.horizon) {
			return this.horizon; // another call went further meanwhile
		}
		long now = System.nanoTime();
		long expected = from + 1;
		outer: for (Long s : seqs) {
			long[] seen = new long[] { now, xmax };
			for (long g = expected; g < s && g < expected + 100_000; g++) {
				this.holes.putIfAbsent(g, seen);
			}
			while (expected < s) {
				long[] hole = this.holes.computeIfAbsent(expected, k -> seen);
				if (xmin >= hole[1] && now - hole[0] >= this.grace.toNanos()) {
					this.holes.remove(expected);
					expected++;
				}
				else {
					break outer;
				}
			}
			this.holes.remove(s);
			expected = s + 1;
		}
		this.horizon = expected - 1;
		this.holes.keySet().removeIf(k -> k <= this.horizon);
		return this.horizon;
	}

}
