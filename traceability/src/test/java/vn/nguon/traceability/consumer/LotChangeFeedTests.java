package vn.nguon.traceability.consumer;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.traceability.support.TraceabilityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The change feed reads each event once by seq and still reports an event committed after one with a
 * higher seq (its seq was a gap when the later one was read).
 */
@SpringBootTest(classes = TraceabilityTestApplication.class, properties = { TraceabilityTestApplication.DATABASE,
		TraceabilityTestApplication.LATER_MIGRATIONS })
class LotChangeFeedTests {

	@Autowired
	DatabaseClient db;

	@Autowired
	ConnectionFactory connections;

	private static final String INSERT = "INSERT INTO epcis_event (event_id, org_id, doc, content_hash, event_type,"
			+ " event_time, event_time_zone_offset) VALUES ($1, $2, '{}'::jsonb, 'x', 'ObjectEvent', now(), '+07:00')"
			+ " RETURNING seq";

	@Test
	void anEventCommittedLateIsReportedOnceAndNothingTwice() {
		UUID org = UUID.randomUUID();
		this.db.sql("INSERT INTO organisation (id, slug, name) VALUES (:id, :slug, 'Feed test')")
			.bind("id", org).bind("slug", "feed-" + org.toString().substring(0, 8)).then().block();
		LotChangeFeed feed = new LotChangeFeed(this.db, Duration.ofHours(1), Duration.ofMinutes(1));
		List<Set<String>> reported = new CopyOnWriteArrayList<>();
		feed.subscribe(reported::add);
		try {
			feed.poll().block(); // starts at the current end of the store
			Connection slow = Mono.from(this.connections.create()).block();
			try {
				Mono.from(slow.beginTransaction()).block();
				long early = Mono.from(slow.createStatement(INSERT).bind(0, "urn:uuid:" + UUID.randomUUID()).bind(1, org)
					.execute()).flatMap(r -> Mono.from(r.map((row, meta) -> row.get("seq", Long.class)))).block();
				Mono.from(slow.createStatement("INSERT INTO epcis_event_epc (seq, org_id, role, epc) VALUES ($1, $2,"
						+ " 'epc', '01/08930000000019/10/LATE')").bind(0, early).bind(1, org).execute())
					.flatMap(r -> Mono.from(r.getRowsUpdated())).block();
				long later = insert(org, "01/08930000000019/10/SOON");
				assertThat(later).isGreaterThan(early);

				feed.poll().block();
				assertThat(reported).containsExactly(Set.of("01/08930000000019/10/SOON"));

				Mono.from(slow.commitTransaction()).block();
			}
			finally {
				Mono.from(slow.close()).block();
			}
			feed.poll().block();
			assertThat(reported).containsExactly(Set.of("01/08930000000019/10/SOON"), Set.of("01/08930000000019/10/LATE"));
			feed.poll().block();
			assertThat(reported).as("nothing is reported twice").hasSize(2);
		}
		finally {
			feed.stop();
			this.db.sql("DELETE FROM epcis_event_epc WHERE org_id = :o").bind("o", org).then().block();
			this.db.sql("DELETE FROM epcis_event WHERE org_id = :o").bind("o", org).then().block();
			this.db.sql("DELETE FROM organisation WHERE id = :o").bind("o", org).then().block();
		}
	}

	private long insert(UUID org, String epc) {
		long seq = this.db.sql(INSERT).bind(0, "urn:uuid:" + UUID.randomUUID()).bind(1, org)
			.map(r -> r.get("seq", Long.class)).one().block();
		this.db.sql("INSERT INTO epcis_event_epc (seq, org_id, role, epc) VALUES ($1, $2, 'epc', $3)")
			.bind(0, seq).bind(1, org).bind(2, epc).then().block();
		return seq;
	}

}
