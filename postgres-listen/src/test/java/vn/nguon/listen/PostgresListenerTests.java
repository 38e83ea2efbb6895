package vn.nguon.listen;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the machine's PostgreSQL (127.0.0.1:5432, user postgres, database postgres: only NOTIFY and
 * pg_terminate_backend of its own session, nothing stored): notifications arrive after {@link PostgresListener.Ready}, and when the
 * listening backend is killed the listener reconnects, says so, and hears the channel again.
 */
class PostgresListenerTests {

	static final String CHANNEL = "nguon_listen_test";

	final ConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
		.host(System.getProperty("nguon.test.pg.host", "127.0.0.1"))
		.port(Integer.getInteger("nguon.test.pg.port", 5432))
		.username("postgres")
		.database(System.getProperty("nguon.test.pg.database", "postgres"))
		.build());

	void sql(String statement) {
		Flux.usingWhen(this.factory.create(), c -> Flux.from(c.createStatement(statement).execute())
			.flatMap(r -> r.getRowsUpdated()), Connection::close).blockLast(Duration.ofSeconds(10));
	}

	PostgresListener.Event next(BlockingQueue<PostgresListener.Event> events) throws InterruptedException {
		PostgresListener.Event e = events.poll(20, TimeUnit.SECONDS);
		assertThat(e).as("an event within 20 s").isNotNull();
		return e;
	}

	@Test
	void hearsTheChannelAndComesBackAfterItsBackendIsKilled() throws InterruptedException {
		PostgresListener listener = new PostgresListener(this.factory, CHANNEL, Duration.ofSeconds(1));
		BlockingQueue<PostgresListener.Event> events = new LinkedBlockingQueue<>();
		Disposable subscription = listener.events().subscribe(events::add);
		try {
			assertThat(next(events)).isEqualTo(new PostgresListener.Ready(false));
			assertThat(listener.isListening()).isTrue();
			sql("NOTIFY " + CHANNEL + ", 'one'");
			sql("NOTIFY nguon_listen_other, 'not ours'");
			sql("NOTIFY " + CHANNEL);
			assertThat(List.of(next(events), next(events))).containsExactly(new PostgresListener.Message("one"),
					new PostgresListener.Message(""));

			sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
					+ listener.applicationName() + "'");
			assertThat(next(events)).isEqualTo(new PostgresListener.Ready(true));
			sql("NOTIFY " + CHANNEL + ", 'two'");
			assertThat(next(events)).isEqualTo(new PostgresListener.Message("two"));
		}
		finally {
			subscription.dispose();
		}
		Mono.delay(Duration.ofMillis(500)).block();
		assertThat(listener.isListening()).isFalse();
	}

	@Test
	void refusesAChannelNameThatIsNotAPlainIdentifier() {
		assertThatThrownBy(() -> new PostgresListener(this.factory, "x; DROP TABLE y", Duration.ofSeconds(1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
