package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * An access token as listed (the secret is never stored, only its SHA-256).
 *
 * @param id identity
 * @param orgId organisation the token acts in
 * @param userId member acting through the token, or {@code null} for an organisation token (admin)
 * @param name label given by its creator
 * @param scopes what the token may be used for
 * @param origin {@code personal} or {@code config} (from {@code NGUON_ADMIN_TOKEN})
 * @param createdAt creation time
 * @param expiresAt expiry, or {@code null} for none
 * @param lastUsedAt last use (to the minute), or {@code null}
 * @param revokedAt revocation time, or {@code null}
 */
public record AccessToken(UUID id, OrgId orgId, UUID userId, String name, Set<String> scopes, String origin,
		Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

	public AccessToken {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(orgId, "orgId");
		scopes = Set.copyOf(scopes);
	}

	/** @return whether the token can still be used at {@code now} */
	public boolean activeAt(Instant now) {
		return this.revokedAt == null && (this.expiresAt == null || this.expiresAt.isAfter(now));
	}

}
