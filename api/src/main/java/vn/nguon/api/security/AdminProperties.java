package vn.nguon.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, from configuration at first start (never a hard-coded password).
 *
 * @param email {@code NGUON_ADMIN_EMAIL}
 * @param password {@code NGUON_ADMIN_PASSWORD}
 * @param token {@code NGUON_ADMIN_TOKEN}: when set, an admin API token with exactly this value
 * (at least 32 characters)
 * @param organisation name of the organisation created for the first administrator
 */
@ConfigurationProperties("nguon.admin")
public record AdminProperties(String email, String password, String token, String organisation) {

	public AdminProperties {
		if (token != null && !token.isBlank() && token.length() < 32) {
			throw new IllegalArgumentException("NGUON_ADMIN_TOKEN must be at least 32 characters long");
		}
		if (organisation == null || organisation.isBlank()) {
			organisation = "Hợp tác xã Nguồn";
		}
	}

	public boolean hasToken() {
		return this.token != null && !this.token.isBlank();
	}

}
