package vn.nguon.traceability.account;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Command: create a user and make them a member of an organisation.
 *
 * @param email e-mail address (normalised here)
 * @param displayName name
 * @param passwordHash encoded hash of the initial password
 * @param role role in the organisation
 * @param farmIds farms assigned (must belong to the organisation)
 */
public record NewMember(String email, String displayName, String passwordHash, Role role, Set<UUID> farmIds) {

	public NewMember {
		email = UserAccount.normaliseEmail(email);
		displayName = UserAccount.validDisplayName(displayName);
		Objects.requireNonNull(passwordHash, "passwordHash");
		Objects.requireNonNull(role, "role");
		farmIds = farmIds == null ? Set.of() : Set.copyOf(farmIds);
	}

}
