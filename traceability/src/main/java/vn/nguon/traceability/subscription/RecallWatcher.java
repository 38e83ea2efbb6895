package vn.nguon.traceability.subscription;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The recall watcher of {@link SubscriptionDispatcher}'s pass: turns new recalls into alert rows. */
final class RecallWatcher {

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	RecallWatcher(DatabaseClient db, TransactionalOperator tx) {
		this.db = db;
		this.tx = tx;
	}

	/**
	 * Recall alerts: for each new event with disposition {@code recalled} (up to the horizon, one
	 * instance at a time), every organisation other than the recalling one that captured an event
	 * naming the recalled lot or a lot downstream of it (trace forward over the genealogy edges)
	 * gets an alert row per lot; stream subscriptions deliver them too.
	 */
	Mono<Void> watch(long h) {
		return this.db.sql("SELECT cursor_seq FROM recall_watch_state WHERE id = 1 FOR UPDATE SKIP LOCKED")
			.map(row -> row.get("cursor_seq", Long.class))
			.one()
			.filter(c -> c < h)
			.flatMap(c -> this.db.sql("""
					WITH RECURSIVE rec AS (
						SELECT e.seq, e.event_id, e.org_id, k.epc AS lot FROM epcis_event e
						JOIN epcis_event_epc k ON k.seq = e.seq
						WHERE e.disposition = 'recalled' AND e.seq > $1 AND e.seq <= $2
							AND k.role IN ('epc', 'qty') AND k.epc LIKE '01/%/10/%'
					), down(seq, event_id, org_id, recalled, lot, depth) AS (
						SELECT seq, event_id, org_id, lot, lot COLLATE "C", 0 FROM rec
						UNION
						SELECT d.seq, d.event_id, d.org_id, d.recalled, g.to_key, d.depth + 1
						FROM lot_edge g JOIN down d ON g.from_key = d.lot WHERE d.depth < 64
					)
					INSERT INTO recall_alert (org_id, lot_key, recalled_key, recall_seq, recall_event_id, recalling_org)
					SELECT DISTINCT h.org_id, d.lot, d.recalled, d.seq, d.event_id, d.org_id
					FROM down d JOIN epcis_event_epc h ON h.epc = d.lot
					WHERE h.org_id <> d.org_id
					ON CONFLICT DO NOTHING""")
				.bind(0, c)
				.bind(1, h)
				.then()
				.then(this.db.sql("UPDATE recall_watch_state SET cursor_seq = $1 WHERE id = 1").bind(0, h).then()))
			.as(this.tx::transactional);
	}

}
