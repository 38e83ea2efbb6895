package vn.nguon.api.security;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * The authenticated caller: a member of one organisation in one role, with the scopes of the
 * token used (all scopes for a browser session).
 *
 * @param userId the member's id ({@code null} for the bootstrap admin token)
 * @param orgId the organisation every query is scoped by
 * @param role {@code farmer}, {@code reviewer} or {@code admin}
 * @param scopes token scopes, e.g. {@code read}, {@code write}, {@code epcis}, {@code grading}
 * @param farmIds farms a farmer is assigned to (empty for other roles)
 */
public record Actor(UUID userId, OrgId orgId, String role, Set<String> scopes, Set<UUID> farmIds) {

	public Actor {
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(role, "role");
		scopes = Set.copyOf(scopes);
		farmIds = Set.copyOf(farmIds);
	}

	/**
	 * @param farmId a farm of the actor's organisation
	 * @return whether the actor may create or change batches of that farm: admins always,
	 * farmers for the farms assigned to them, reviewers never
	 */
	public boolean mayWriteFarm(UUID farmId) {
		return isAdmin() || ("farmer".equals(this.role) && this.farmIds.contains(farmId));
	}

	public boolean isAdmin() {
		return "admin".equals(this.role);
	}

}
