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
 */
public record Actor(UUID userId, OrgId orgId, String role, Set<String> scopes) {

	public Actor {
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(role, "role");
		scopes = Set.copyOf(scopes);
	}

	public boolean isAdmin() {
		return "admin".equals(this.role);
	}

}
