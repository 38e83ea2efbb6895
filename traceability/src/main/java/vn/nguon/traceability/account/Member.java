package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * A user's membership in one organisation (never carries the password hash).
 *
 * @param userId the user
 * @param orgId the organisation
 * @param email the user's e-mail address
 * @param displayName the user's name
 * @param role what the member may do
 * @param farmIds farms assigned to the member (meaningful for farmers)
 * @param disabled whether the user is disabled
 * @param createdAt when the membership was created
 */
public record Member(UUID userId, OrgId orgId, String email, String displayName, Role role, Set<UUID> farmIds,
		boolean disabled, Instant createdAt) {

	public Member {
		Objects.requireNonNull(userId, "userId");
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(role, "role");
		farmIds = Set.copyOf(farmIds);
	}

}
