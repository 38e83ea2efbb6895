package vn.nguon.api.account;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.account.AccessToken;
import vn.nguon.traceability.account.Member;

/** Request and response bodies of the account endpoints. */
final class AccountViews {

	private AccountViews() {
	}

	/** Sign-in form. */
	record SignIn(String email, String password) {
	}

	/** Password change form. */
	record PasswordChange(String currentPassword, String newPassword) {
	}

	/** Who is calling; {@code operator}: an admin of the platform operator's organisation. */
	record Session(UUID userId, String email, String displayName, UUID organisationId, String organisationSlug,
			String organisationName, List<String> organisationGlns, String role, Set<String> scopes, Set<UUID> farmIds,
			boolean operator, String via) {
	}

	/** A new member with an initial password. */
	record NewMemberRequest(String email, String displayName, String password, String role, Set<UUID> farmIds) {
	}

	/**
	 * Changes to a member; absent fields stay as they are. {@code password}: a new initial password
	 * an admin sets when the member forgot theirs.
	 */
	record MemberChange(String role, Set<UUID> farmIds, Boolean disabled, String password) {
	}

	/** A member as shown to admins. */
	record MemberView(UUID userId, String email, String displayName, String role, Set<UUID> farmIds, boolean disabled,
			Instant createdAt) {

		static MemberView of(Member m) {
			return new MemberView(m.userId(), m.email(), m.displayName(), m.role().value(), m.farmIds(), m.disabled(),
					m.createdAt());
		}

	}

	/** A token to create. */
	record NewTokenRequest(String name, List<String> scopes, Integer expiresInDays) {
	}

	/** A token as listed (never the secret). */
	record TokenView(UUID id, String name, UUID userId, Set<String> scopes, String origin, Instant createdAt,
			Instant expiresAt, Instant lastUsedAt, Instant revokedAt, boolean active) {

		static TokenView of(AccessToken t) {
			return new TokenView(t.id(), t.name(), t.userId(), t.scopes(), t.origin(), t.createdAt(), t.expiresAt(),
					t.lastUsedAt(), t.revokedAt(), t.activeAt(Instant.now()));
		}

	}

	/** A token just created: the only time its secret is shown. */
	record CreatedToken(UUID id, String name, Set<String> scopes, Instant expiresAt, String secret) {
	}

}
