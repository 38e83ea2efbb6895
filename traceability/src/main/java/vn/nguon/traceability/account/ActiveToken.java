package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * A token found by its secret's hash that may be used now: not revoked, not expired, and its user
 * (if any) enabled and still a member.
 *
 * @param tokenId the token
 * @param orgId organisation it acts in
 * @param userId member acting, or {@code null} for an organisation token
 * @param role the member's current role ({@code ADMIN} for an organisation token)
 * @param scopes scopes of the token
 * @param farmIds farms assigned to the member
 * @param lastUsedAt last recorded use, or {@code null}
 */
public record ActiveToken(UUID tokenId, OrgId orgId, UUID userId, Role role, Set<String> scopes, Set<UUID> farmIds,
		Instant lastUsedAt) {

	public ActiveToken {
		Objects.requireNonNull(tokenId, "tokenId");
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(role, "role");
		scopes = Set.copyOf(scopes);
		farmIds = Set.copyOf(farmIds);
	}

}
