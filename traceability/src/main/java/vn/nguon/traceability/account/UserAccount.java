package vn.nguon.traceability.account;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import vn.nguon.traceability.TraceabilityException;

/**
 * A person who signs in.
 *
 * @param id identity
 * @param email lower-cased e-mail address, unique
 * @param displayName name shown to other members
 * @param passwordHash encoded hash of the password (never the password)
 * @param disabled whether sign-in and tokens are refused
 * @param createdAt creation time
 */
public record UserAccount(UUID id, String email, String displayName, String passwordHash, boolean disabled,
		Instant createdAt) {

	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

	public UserAccount {
		Objects.requireNonNull(id, "id");
		email = normaliseEmail(email);
		Objects.requireNonNull(passwordHash, "passwordHash");
	}

	/**
	 * @param email an e-mail address as typed
	 * @return the address trimmed and lower-cased
	 * @throws TraceabilityException {@code invalid-email} when it is not an address
	 */
	public static String normaliseEmail(String email) {
		String normalised = email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
		if (normalised.length() > 254 || !EMAIL.matcher(normalised).matches()) {
			throw TraceabilityException.invalid("invalid-email", "Not an e-mail address.", String.valueOf(email));
		}
		return normalised;
	}

	/**
	 * @param displayName a display name as typed
	 * @return the name trimmed
	 * @throws TraceabilityException {@code invalid-display-name} when blank or longer than 200
	 */
	public static String validDisplayName(String displayName) {
		String trimmed = displayName == null ? "" : displayName.trim();
		if (trimmed.isEmpty() || trimmed.length() > 200) {
			throw TraceabilityException.invalid("invalid-display-name", "The name must have 1 to 200 characters.");
		}
		return trimmed;
	}

}
