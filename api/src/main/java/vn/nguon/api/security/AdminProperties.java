package vn.nguon.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, from configuration at first start (never a hard-coded password).
 * Invalid values stop the service at startup with a clear message.
 *
 * @param email {@code NGUON_ADMIN_EMAIL}: with the password, creates the first organisation's
 * admin when no account with this address exists
 * @param password {@code NGUON_ADMIN_PASSWORD} (at least {@value Passwords#MIN_LENGTH} characters)
 * @param token {@code NGUON_ADMIN_TOKEN}: when set, an admin API token with exactly this value
 * (at least 32 characters); only its SHA-256 is stored
 * @param organisation name of the organisation created for the first administrator
 */
@ConfigurationProperties("nguon.admin")
public record AdminProperties(String email, String password, String token, String organisation) {

	/** Shortest accepted {@code NGUON_ADMIN_TOKEN}. */
	public static final int MIN_TOKEN_LENGTH = 32;

	public AdminProperties {
		if (token != null && !token.isBlank() && token.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(
					"NGUON_ADMIN_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters long");
		}
		boolean hasEmail = email != null && !email.isBlank();
		boolean hasPassword = password != null && !password.isEmpty();
		if (hasEmail != hasPassword) {
			throw new IllegalArgumentException("Set both NGUON_ADMIN_EMAIL and NGUON_ADMIN_PASSWORD, or neither");
		}
		if (hasPassword && (password.length() < Passwords.MIN_LENGTH || password.length() > Passwords.MAX_LENGTH)) {
			throw new IllegalArgumentException("NGUON_ADMIN_PASSWORD must have " + Passwords.MIN_LENGTH + " to "
					+ Passwords.MAX_LENGTH + " characters");
		}
		if (organisation == null || organisation.isBlank()) {
			organisation = "Hợp tác xã Nguồn";
		}
	}

	public boolean hasToken() {
		return this.token != null && !this.token.isBlank();
	}

	public boolean hasAdminAccount() {
		return this.email != null && !this.email.isBlank();
	}

	@Override
	public String toString() {
		return "AdminProperties[email=" + this.email + ", password=" + (this.password == null ? "unset" : "***")
				+ ", token=" + (hasToken() ? "***" : "unset") + ", organisation=" + this.organisation + "]";
	}

}
