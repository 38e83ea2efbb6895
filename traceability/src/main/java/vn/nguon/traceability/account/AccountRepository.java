package vn.nguon.traceability.account;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Users, memberships and farm assignments. Every member query is scoped by organisation: a
 * member of another organisation is simply not found, and neither is a member of a disabled
 * organisation (so its sessions end on their next request).
 */
@Repository
public class AccountRepository {

	private static final String MEMBER_SELECT = """
			SELECT u.id, u.email, u.display_name, u.disabled, m.org_id, m.role, m.created_at,
			       COALESCE(array_agg(f.farm_id) FILTER (WHERE f.farm_id IS NOT NULL), '{}') AS farm_ids
			FROM membership m
			JOIN organisation o ON o.id = m.org_id AND o.disabled_at IS NULL
			JOIN app_user u ON u.id = m.user_id
			LEFT JOIN member_farm f ON f.user_id = m.user_id AND f.org_id = m.org_id
			""";

	private static final String MEMBER_GROUP = " GROUP BY u.id, m.org_id, m.role, m.created_at";

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	public AccountRepository(DatabaseClient db, ReactiveTransactionManager transactions) {
		this.db = db;
		this.tx = TransactionalOperator.create(transactions);
	}

	/**
	 * @param email an e-mail address (normalised here)
	 * @return the user with that address, password hash included, or empty
	 */
	public Mono<UserAccount> findUserByEmail(String email) {
		return this.db
			.sql("SELECT id, email, display_name, password_hash, disabled, created_at FROM app_user WHERE email = :email")
			.bind("email", UserAccount.normaliseEmail(email))
			.map(AccountRepository::user)
			.one();
	}

	/** @return the user with that id, password hash included, or empty */
	public Mono<UserAccount> findUserById(UUID userId) {
		return this.db
			.sql("SELECT id, email, display_name, password_hash, disabled, created_at FROM app_user WHERE id = :id")
			.bind("id", userId)
			.map(AccountRepository::user)
			.one();
	}

	/**
	 * Creates a user and their membership in one transaction.
	 * @param orgId the organisation
	 * @param command what to create
	 * @return the new member
	 * @throws TraceabilityException {@code email-taken} (conflict) or {@code unknown-farm} (invalid)
	 */
	public Mono<Member> createMember(OrgId orgId, NewMember command) {
		UUID userId = UUID.randomUUID();
		Mono<Member> work = this.db
			.sql("INSERT INTO app_user (id, email, display_name, password_hash) VALUES (:id, :email, :name, :hash)")
			.bind("id", userId)
			.bind("email", command.email())
			.bind("name", command.displayName())
			.bind("hash", command.passwordHash())
			.then()
			.onErrorMap(DuplicateKeyException.class,
					e -> TraceabilityException.conflict("email-taken", "An account with this e-mail address exists.",
							command.email()))
			.then(this.db.sql("INSERT INTO membership (user_id, org_id, role) VALUES (:user, :org, :role)")
				.bind("user", userId)
				.bind("org", orgId.value())
				.bind("role", command.role().value())
				.then())
			.then(replaceFarms(orgId, userId, command.farmIds()))
			.then(Mono.defer(() -> findMember(orgId, userId)));
		return this.tx.transactional(work);
	}

	/** @return the member of that organisation, or empty (also for members of other organisations) */
	public Mono<Member> findMember(OrgId orgId, UUID userId) {
		return this.db.sql(MEMBER_SELECT + " WHERE m.org_id = :org AND m.user_id = :user" + MEMBER_GROUP)
			.bind("org", orgId.value())
			.bind("user", userId)
			.map(AccountRepository::member)
			.one();
	}

	/** @return the user's oldest membership, the organisation they act in after signing in */
	public Mono<Member> findFirstMembership(UUID userId) {
		return this.db.sql(MEMBER_SELECT + " WHERE m.user_id = :user" + MEMBER_GROUP + " ORDER BY m.created_at, m.org_id LIMIT 1")
			.bind("user", userId)
			.map(AccountRepository::member)
			.one();
	}

	/** @return the members of the organisation by name */
	public Flux<Member> listMembers(OrgId orgId) {
		return this.db.sql(MEMBER_SELECT + " WHERE m.org_id = :org" + MEMBER_GROUP + " ORDER BY u.display_name, u.id")
			.bind("org", orgId.value())
			.map(AccountRepository::member)
			.all();
	}

	/**
	 * Changes a member's role.
	 * @return the changed member, or empty when not a member of that organisation
	 * @throws TraceabilityException {@code last-admin} (conflict) when this would leave the
	 * organisation without an enabled admin
	 */
	public Mono<Member> changeRole(OrgId orgId, UUID userId, Role role) {
		Mono<Member> work = findMember(orgId, userId)
			.flatMap(member -> guardLastAdmin(member, role != Role.ADMIN)
				.then(this.db.sql("UPDATE membership SET role = :role WHERE org_id = :org AND user_id = :user")
					.bind("role", role.value())
					.bind("org", orgId.value())
					.bind("user", userId)
					.then())
				.then(Mono.defer(() -> findMember(orgId, userId))));
		return this.tx.transactional(work);
	}

	/**
	 * Replaces the farms assigned to a member.
	 * @return the changed member, or empty when not a member of that organisation
	 * @throws TraceabilityException {@code unknown-farm} when a farm is not the organisation's
	 */
	public Mono<Member> assignFarms(OrgId orgId, UUID userId, Set<UUID> farmIds) {
		Mono<Member> work = findMember(orgId, userId)
			.flatMap(member -> replaceFarms(orgId, userId, farmIds).then(Mono.defer(() -> findMember(orgId, userId))));
		return this.tx.transactional(work);
	}

	/**
	 * Disables or enables a member's account.
	 * @return the changed member, or empty when not a member of that organisation
	 * @throws TraceabilityException {@code last-admin} when disabling the last enabled admin
	 */
	public Mono<Member> setDisabled(OrgId orgId, UUID userId, boolean disabled) {
		Mono<Member> work = findMember(orgId, userId)
			.flatMap(member -> guardLastAdmin(member, disabled)
				.then(this.db.sql("UPDATE app_user SET disabled = :disabled WHERE id = :user")
					.bind("disabled", disabled)
					.bind("user", userId)
					.then())
				.then(Mono.defer(() -> findMember(orgId, userId))));
		return this.tx.transactional(work);
	}

	/** Stores a new password hash for the user. */
	public Mono<Void> changePasswordHash(UUID userId, String passwordHash) {
		return this.db.sql("UPDATE app_user SET password_hash = :hash, password_changed_at = now() WHERE id = :id")
			.bind("hash", passwordHash)
			.bind("id", userId)
			.then();
	}

	/**
	 * Creates the first administrator unless a user with that e-mail address exists.
	 * @return whether a user was created
	 */
	public Mono<Boolean> createAdminIfAbsent(OrgId orgId, String email, String displayName, String passwordHash) {
		return findUserByEmail(email).map(existing -> false)
			.switchIfEmpty(Mono.defer(() -> createMember(orgId,
					new NewMember(email, displayName, passwordHash, Role.ADMIN, Set.of()))
				.map(created -> true)));
	}

	private Mono<Void> guardLastAdmin(Member member, boolean losesAdmin) {
		if (member.role() != Role.ADMIN || member.disabled() || !losesAdmin) {
			return Mono.empty();
		}
		return this.db.sql("""
				SELECT count(*) AS n FROM membership m JOIN app_user u ON u.id = m.user_id
				WHERE m.org_id = :org AND m.role = 'admin' AND NOT u.disabled AND m.user_id <> :user
				""")
			.bind("org", member.orgId().value())
			.bind("user", member.userId())
			.map(row -> row.get("n", Long.class))
			.one()
			.flatMap(others -> others > 0 ? Mono.<Void>empty()
					: Mono.error(TraceabilityException.conflict("last-admin",
							"The organisation must keep at least one enabled admin.")));
	}

	private Mono<Void> replaceFarms(OrgId orgId, UUID userId, Set<UUID> farmIds) {
		UUID[] ids = farmIds.toArray(UUID[]::new);
		Mono<Void> check = ids.length == 0 ? Mono.empty()
				: this.db.sql("SELECT count(*) AS n FROM farm WHERE org_id = :org AND id = ANY(:ids)")
					.bind("org", orgId.value())
					.bind("ids", ids)
					.map(row -> row.get("n", Long.class))
					.one()
					.flatMap(n -> n == ids.length ? Mono.<Void>empty()
							: Mono.error(TraceabilityException.invalid("unknown-farm",
									"A farm is not one of the organisation's farms.")));
		Mono<Void> delete = this.db.sql("DELETE FROM member_farm WHERE org_id = :org AND user_id = :user")
			.bind("org", orgId.value())
			.bind("user", userId)
			.then();
		Mono<Void> insert = ids.length == 0 ? Mono.empty()
				: this.db.sql("""
						INSERT INTO member_farm (user_id, org_id, farm_id)
						SELECT :user, :org, unnest(CAST(:ids AS uuid[]))
						""")
					.bind("user", userId)
					.bind("org", orgId.value())
					.bind("ids", ids)
					.then();
		return check.then(delete).then(insert);
	}

	static UserAccount user(Readable row) {
		return new UserAccount(row.get("id", UUID.class), row.get("email", String.class),
				row.get("display_name", String.class), row.get("password_hash", String.class),
				Boolean.TRUE.equals(row.get("disabled", Boolean.class)), instant(row, "created_at"));
	}

	static Member member(Readable row) {
		UUID[] farms = row.get("farm_ids", UUID[].class);
		return new Member(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("email", String.class), row.get("display_name", String.class),
				Role.of(row.get("role", String.class)), farms == null ? Set.of() : Set.copyOf(Arrays.asList(farms)),
				Boolean.TRUE.equals(row.get("disabled", Boolean.class)), instant(row, "created_at"));
	}

	static Instant instant(Readable row, String column) {
		OffsetDateTime value = row.get(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

}
