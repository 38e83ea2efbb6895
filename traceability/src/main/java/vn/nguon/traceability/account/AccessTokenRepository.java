package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Access tokens, found by the SHA-256 of their secret. The secret itself never reaches this
 * class; callers hash it first.
 */
@Repository
public class AccessTokenRepository {

	/** Origin of tokens created through the API. */
	public static final String PERSONAL = "personal";

	/** Origin of the token configured with {@code NGUON_ADMIN_TOKEN}. */
	public static final String CONFIG = "config";

	private static final Pattern HASH = Pattern.compile("^[0-9a-f]{64}$");

	private static final String COLUMNS = "id, org_id, user_id, name, scopes, origin, created_at, expires_at, last_used_at, revoked_at";

	private final DatabaseClient db;

	public AccessTokenRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Stores a new token.
	 * @param orgId organisation the token acts in
	 * @param userId member acting through it, or {@code null} for an organisation (admin) token
	 * @param name label
	 * @param secretHash lower-case hex SHA-256 of the secret
	 * @param scopes scopes (validated)
	 * @param expiresAt expiry, or {@code null} for none
	 * @return the stored token
	 */
	public Mono<AccessToken> create(OrgId orgId, UUID userId, String name, String secretHash, Set<String> scopes,
			Instant expiresAt) {
		String label = name == null ? "" : name.trim();
		if (label.isEmpty() || label.length() > 100) {
			return Mono.error(TraceabilityException.invalid("invalid-token-name", "The name must have 1 to 100 characters."));
		}
		String[] validScopes = Scope.validate(scopes).toArray(String[]::new);
		DatabaseClient.GenericExecuteSpec spec = this.db
			.sql("INSERT INTO access_token (id, org_id, user_id, name, secret_hash, scopes, expires_at) "
					+ "VALUES (:id, :org, :user, :name, :hash, :scopes, :expires) RETURNING " + COLUMNS)
			.bind("id", UUID.randomUUID())
			.bind("org", orgId.value())
			.bind("name", label)
			.bind("hash", checkHash(secretHash))
			.bind("scopes", validScopes);
		spec = (userId == null) ? spec.bindNull("user", UUID.class) : spec.bind("user", userId);
		spec = (expiresAt == null) ? spec.bindNull("expires", Instant.class) : spec.bind("expires", expiresAt);
		return spec.map(AccessTokenRepository::token).one();
	}

	/**
	 * @param secretHash lower-case hex SHA-256 of a presented secret
	 * @return the token when it may be used now, with its member's current role and farms;
	 * empty when unknown, revoked, expired, its organisation is disabled, or its user is disabled or no
	 * longer a member
	 */
	public Mono<ActiveToken> findActive(String secretHash) {
		if (secretHash == null || !HASH.matcher(secretHash).matches()) {
			return Mono.empty();
		}
		return this.db.sql("""
				SELECT t.id, t.org_id, t.user_id, t.scopes, t.last_used_at, m.role, u.disabled,
				       (SELECT COALESCE(array_agg(f.farm_id), '{}') FROM member_farm f
				         WHERE f.user_id = t.user_id AND f.org_id = t.org_id) AS farm_ids
				FROM access_token t
				JOIN organisation o ON o.id = t.org_id AND o.disabled_at IS NULL
				LEFT JOIN app_user u ON u.id = t.user_id
				LEFT JOIN membership m ON m.user_id = t.user_id AND m.org_id = t.org_id
				WHERE t.secret_hash = :hash AND t.revoked_at IS NULL
				  AND (t.expires_at IS NULL OR t.expires_at > now())
				  AND (t.user_id IS NULL OR (m.role IS NOT NULL AND NOT u.disabled))
				""")
			.bind("hash", secretHash)
			.map(row -> {
				UUID userId = row.get("user_id", UUID.class);
				Role role = userId == null ? Role.ADMIN : Role.of(row.get("role", String.class));
				UUID[] farms = row.get("farm_ids", UUID[].class);
				return new ActiveToken(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)), userId, role,
						Set.of(row.get("scopes", String[].class)),
						role == Role.FARMER && farms != null ? Set.copyOf(Arrays.asList(farms)) : Set.of(),
						AccountRepository.instant(row, "last_used_at"));
			})
			.one();
	}

	/** Records that the token was used now. */
	public Mono<Void> touch(UUID tokenId) {
		return this.db.sql("UPDATE access_token SET last_used_at = now() WHERE id = :id").bind("id", tokenId).then();
	}

	/**
	 * @param orgId organisation
	 * @param userId only this member's tokens, or {@code null} for all tokens of the organisation
	 * @return the tokens, newest first, revoked ones included
	 */
	public Flux<AccessToken> list(OrgId orgId, UUID userId) {
		String sql = "SELECT " + COLUMNS + " FROM access_token WHERE org_id = :org"
				+ (userId == null ? "" : " AND user_id = :user") + " ORDER BY created_at DESC, id";
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("org", orgId.value());
		if (userId != null) {
			spec = spec.bind("user", userId);
		}
		return spec.map(AccessTokenRepository::token).all();
	}

	/**
	 * Revokes a token (idempotent).
	 * @param orgId organisation of the caller
	 * @param tokenId the token
	 * @param userId only when it is this member's token, or {@code null} for any token of the organisation
	 * @return the token as revoked, or empty when not found for that caller
	 */
	public Mono<AccessToken> revoke(OrgId orgId, UUID tokenId, UUID userId) {
		String sql = "UPDATE access_token SET revoked_at = COALESCE(revoked_at, now()) WHERE id = :id AND org_id = :org"
				+ (userId == null ? "" : " AND user_id = :user") + " RETURNING " + COLUMNS;
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql).bind("id", tokenId).bind("org", orgId.value());
		if (userId != null) {
			spec = spec.bind("user", userId);
		}
		return spec.map(AccessTokenRepository::token).one();
	}

	/**
	 * Makes the configured admin token (and only it) usable: stores it when absent, re-enables
	 * it when it was revoked, and revokes configured tokens with another secret.
	 * @param orgId organisation the token acts in as admin
	 * @param secretHash hash of the configured secret, or {@code null} when none is configured
	 * @return completion
	 */
	public Mono<Void> syncConfigToken(OrgId orgId, String secretHash) {
		if (secretHash == null) {
			return this.db.sql("UPDATE access_token SET revoked_at = now() WHERE origin = 'config' AND revoked_at IS NULL")
				.then();
		}
		Mono<Void> revokeOthers = this.db
			.sql("UPDATE access_token SET revoked_at = now() WHERE origin = 'config' AND revoked_at IS NULL"
					+ " AND secret_hash <> :hash")
			.bind("hash", checkHash(secretHash))
			.then();
		Mono<Void> upsert = this.db.sql("""
				INSERT INTO access_token (id, org_id, user_id, name, secret_hash, scopes, origin)
				VALUES (:id, :org, NULL, 'NGUON_ADMIN_TOKEN', :hash, ARRAY['read','write','epcis','grading','admin'], 'config')
				ON CONFLICT (secret_hash) DO UPDATE SET revoked_at = NULL, expires_at = NULL
				WHERE access_token.origin = 'config'
				""")
			.bind("id", UUID.randomUUID())
			.bind("org", orgId.value())
			.bind("hash", checkHash(secretHash))
			.then();
		return revokeOthers.then(upsert);
	}

	private static String checkHash(String secretHash) {
		Objects.requireNonNull(secretHash, "secretHash");
		if (!HASH.matcher(secretHash).matches()) {
			throw new IllegalArgumentException("secret hash must be 64 lower-case hex digits");
		}
		return secretHash;
	}

	static AccessToken token(Readable row) {
		return new AccessToken(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("user_id", UUID.class), row.get("name", String.class), Set.of(row.get("scopes", String[].class)),
				row.get("origin", String.class), AccountRepository.instant(row, "created_at"),
				AccountRepository.instant(row, "expires_at"), AccountRepository.instant(row, "last_used_at"),
				AccountRepository.instant(row, "revoked_at"));
	}

}
