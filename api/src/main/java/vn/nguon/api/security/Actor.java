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
 * @param operator whether the actor is an admin of the platform operator's organisation
 * ({@link PlatformOperator})
 */
public record Actor(UUID userId, OrgId orgId, String role, Set<String> scopes, Set<UUID> farmIds, boolean operator) {

	public Actor {
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(role, "role");
		scopes = Set.copyOf(scopes);
		farmIds = Set.copyOf(farmIds);
		operator = operator && "admin".equals(role);
	}

	/** An actor that is not the platform operator. */
	public Actor(UUID userId, OrgId orgId, String role, Set<String> scopes, Set<UUID> farmIds) {
		this(userId, orgId, role, scopes, farmIds, false);
	}

	/** @return this actor, marked as the platform operator when its organisation is the operator's */
	public Actor inOperatorOrganisation(OrgId operatorOrg) {
		return new Actor(this.userId, this.orgId, this.role, this.scopes, this.farmIds, this.orgId.equals(operatorOrg));
	}

	/**
	 * @param farmId a farm of the actor's organisation
	 * @return whether the actor may create or change batches of that farm: admins always,
	 * farmers for the farms assigned to them, reviewers never
	 */
	public boolean mayWriteFarm(UUID farmId) {
		return isAdmin() || ("farmer".equals(this.role) && this.farmIds.contains(farmId));
	}

	/**
	 * @return the farms whose batches, photos, grades and labels the actor may read: the assigned
	 * ones for a farmer, {@code null} (every farm of the organisation) for reviewers and admins
	 */
	public Set<UUID> readableFarms() {
		return "farmer".equals(this.role) ? this.farmIds : null;
	}

	/** @return whether the actor may read a batch of that farm ({@code null}: a batch of no farm) */
	public boolean mayReadFarm(UUID farmId) {
		return !"farmer".equals(this.role) || (farmId != null && this.farmIds.contains(farmId));
	}

	public boolean isAdmin() {
		return "admin".equals(this.role);
	}

}
