package vn.nguon.api.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebSession;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.WebSessionRepository;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser sessions live in PostgreSQL: found by any store over the table, idle expiry, sign-out, new ids. */
@NguonIntegrationTest
class PostgresSessionTests {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Autowired
	WebSessionRepository repository;

	@Autowired
	DatabaseClient db;

	@Autowired
	ExpiredSessionSweeper sweeper;

	TestMembers members;

	OrgId org;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		this.members = TestMembers.from(this.context);
		this.org = this.members.organisation().id();
	}

	@Test
	void whenSignedInThenTheSessionIsARowUnderItsHashAndAnotherStoreFindsIt() {
		Member member = this.members.member(this.org, Role.REVIEWER);
		String cookie = signIn(member);
		assertThat(rows(PostgresWebSessionStore.hash(cookie))).isEqualTo(1);
		assertThat(rows(cookie)).as("the cookie value itself is not stored").isZero();

		// another replica, or this one after a restart: a brand-new store over the same table
		PostgresWebSessionStore other = new PostgresWebSessionStore(this.repository, Duration.ofHours(8),
				Clock.systemUTC());
		WebSession found = other.retrieveSession(cookie).block();
		assertThat(found).isNotNull();
		assertThat(found.getId()).isEqualTo(cookie);
		assertThat(found.<UUID>getAttribute(SessionSecurityContextRepository.USER)).isEqualTo(member.userId());
		assertThat(found.<UUID>getAttribute(SessionSecurityContextRepository.ORG)).isEqualTo(this.org.value());
		assertThat(found.isExpired()).isFalse();

		// the cookie alone signs in (nothing of it lives in the client)
		this.client.get().uri("/api/session").cookie("SESSION", cookie).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.userId").isEqualTo(member.userId().toString());
	}

	@Test
	void whenSignedOutThenTheRowIsGone() {
		Member member = this.members.member(this.org, Role.FARMER);
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		String cookie = sessionOf(signedIn);
		assertThat(rows(PostgresWebSessionStore.hash(cookie))).isEqualTo(1);
		signedIn.delete().uri("/api/session").exchange().expectStatus().isNoContent();
		assertThat(rows(PostgresWebSessionStore.hash(cookie))).isZero();
		this.client.get().uri("/api/session").cookie("SESSION", cookie).exchange().expectStatus().isUnauthorized();
	}

	@Test
	void whenSigningInAgainThenTheOldIdStopsWorking() {
		Member member = this.members.member(this.org, Role.REVIEWER);
		WebTestClient signedIn = TestMembers.signIn(this.client, member);
		String first = sessionOf(signedIn);
		String second = signedIn.post().uri("/api/session").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", member.email(), "password", TestMembers.PASSWORD))
			.exchange()
			.expectStatus().isOk()
			.expectBody().returnResult().getResponseCookies().getFirst("SESSION").getValue();
		assertThat(second).isNotEqualTo(first);
		assertThat(rows(PostgresWebSessionStore.hash(first))).isZero();
		assertThat(rows(PostgresWebSessionStore.hash(second))).isEqualTo(1);
		this.client.get().uri("/api/session").cookie("SESSION", first).exchange().expectStatus().isUnauthorized();
		this.client.get().uri("/api/session").cookie("SESSION", second).exchange().expectStatus().isOk();
	}

	@Test
	void changeSessionIdMovesTheRow() {
		PostgresWebSessionStore store = new PostgresWebSessionStore(this.repository, Duration.ofHours(1),
				Clock.systemUTC());
		WebSession session = store.createWebSession().block();
		session.getAttributes().put("n", "v");
		session.save().block();
		String old = session.getId();
		session.changeSessionId().block();
		assertThat(session.getId()).isNotEqualTo(old);
		assertThat(store.retrieveSession(old).blockOptional()).isEmpty();
		assertThat(rows(PostgresWebSessionStore.hash(old))).isZero();
		assertThat(store.retrieveSession(session.getId()).block().<String>getAttribute("n")).isEqualTo("v");
		store.removeSession(session.getId()).block();
		assertThat(store.retrieveSession(session.getId()).blockOptional()).isEmpty();
	}

	@Test
	void aSessionNotStartedIsNotStored() {
		PostgresWebSessionStore store = new PostgresWebSessionStore(this.repository, Duration.ofHours(1),
				Clock.systemUTC());
		WebSession session = store.createWebSession().block();
		session.save().block();
		assertThat(rows(PostgresWebSessionStore.hash(session.getId()))).isZero();
		session.start();
		session.save().block();
		assertThat(rows(PostgresWebSessionStore.hash(session.getId()))).isEqualTo(1);
		session.invalidate().block();
		assertThat(rows(PostgresWebSessionStore.hash(session.getId()))).isZero();
	}

	@Test
	void whenIdleLongerThanTheTimeoutThenTheSessionIsGone() {
		MutableClock clock = new MutableClock(Instant.now());
		PostgresWebSessionStore store = new PostgresWebSessionStore(this.repository, Duration.ofMinutes(4), clock);
		WebSession session = store.createWebSession().block();
		session.getAttributes().put(SessionSecurityContextRepository.USER, UUID.randomUUID());
		session.save().block();
		String id = session.getId();
		String hash = PostgresWebSessionStore.hash(id);
		Instant stored = lastAccess(hash);

		// used within the touch interval: found, but the row is not written
		clock.advance(Duration.ofSeconds(30));
		WebSession again = store.retrieveSession(id).block();
		assertThat(again).isNotNull();
		again.save().block();
		assertThat(lastAccess(hash)).isEqualTo(stored);

		// used after the touch interval: the access is recorded, which pushes the expiry
		clock.advance(Duration.ofMinutes(3));
		again = store.retrieveSession(id).block();
		assertThat(again).isNotNull();
		again.save().block();
		assertThat(lastAccess(hash)).isAfter(stored);
		clock.advance(Duration.ofMinutes(3));
		assertThat(store.retrieveSession(id).blockOptional()).as("7 min after creation, 3 after use").isPresent();

		// idle for longer than the timeout: not found, expired in memory, and swept
		clock.advance(Duration.ofMinutes(2));
		assertThat(store.retrieveSession(id).blockOptional()).isEmpty();
		assertThat(again.isExpired()).isTrue();
		assertThat(rows(hash)).as("still there until swept").isEqualTo(1);
		this.repository.deleteExpired(clock.instant(), ExpiredSessionSweeper.BATCH).block();
		assertThat(rows(hash)).isZero();
	}

	@Test
	void theSweeperDeletesExpiredRowsOnly() {
		PostgresWebSessionStore past = new PostgresWebSessionStore(this.repository, Duration.ofMinutes(1),
				Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
		PostgresWebSessionStore present = new PostgresWebSessionStore(this.repository, Duration.ofMinutes(1),
				Clock.systemUTC());
		WebSession expired = past.createWebSession().block();
		expired.start();
		expired.save().block();
		WebSession live = present.createWebSession().block();
		live.start();
		live.save().block();
		assertThat(this.sweeper.sweep().block()).isPositive();
		assertThat(rows(PostgresWebSessionStore.hash(expired.getId()))).isZero();
		assertThat(rows(PostgresWebSessionStore.hash(live.getId()))).isEqualTo(1);
	}

	@Test
	void unknownAttributeTypesAreLeftOutAndKnownOnesKeepTheirType() {
		Instant now = Instant.parse("2026-01-02T03:04:05Z");
		Map<String, Object> decoded = SessionAttributes.decode(SessionAttributes.encode(Map.of("s", "x", "u",
				new UUID(1, 2), "b", true, "i", 7, "l", 8L, "t", now, "other", new StringBuilder("no"))));
		assertThat(decoded).containsExactlyInAnyOrderEntriesOf(
				Map.of("s", "x", "u", new UUID(1, 2), "b", true, "i", 7, "l", 8L, "t", now));
		assertThat(SessionAttributes.decode("{\"x\":{\"class\":\"java.lang.Runtime\"},\"y\":{\"uuid\":\"bad\"}}"))
			.isEmpty();
		assertThat(SessionAttributes.decode("not json")).isEmpty();
	}

	private String signIn(Member member) {
		return sessionOf(TestMembers.signIn(this.client, member));
	}

	/** @return the SESSION cookie a signed-in client sends */
	private static String sessionOf(WebTestClient signedIn) {
		return signedIn.get().uri("/api/session").exchange().expectStatus().isOk().expectBody().returnResult()
			.getRequestHeaders().getFirst("Cookie").replaceAll(".*SESSION=([^;]+).*", "$1");
	}

	private long rows(String id) {
		return this.db.sql("SELECT count(*) AS n FROM web_session WHERE id = :id").bind("id", id)
			.map(row -> row.get("n", Long.class)).one().block();
	}

	private Instant lastAccess(String hash) {
		return this.db.sql("SELECT last_accessed_at FROM web_session WHERE id = :id").bind("id", hash)
			.map(row -> row.get("last_accessed_at", java.time.OffsetDateTime.class).toInstant()).one().block();
	}

	/** A clock the test moves. */
	static final class MutableClock extends Clock {

		private volatile Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration d) {
			this.now = this.now.plus(d);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
