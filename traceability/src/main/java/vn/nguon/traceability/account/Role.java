package vn.nguon.traceability.account;

import java.util.Locale;

import vn.nguon.traceability.TraceabilityException;

/** What a member may do in an organisation. */
public enum Role {

	/** Creates and edits the batches of the farms assigned to them. */
	FARMER,
	/** Reviews the grades of the organisation. */
	REVIEWER,
	/** Manages members, farms, products, policies, tokens and models. */
	ADMIN;

	/** @return the stored and transported name: {@code farmer}, {@code reviewer} or {@code admin} */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value {@code farmer}, {@code reviewer} or {@code admin} (case-insensitive)
	 * @return the role
	 * @throws TraceabilityException {@code invalid-role} for anything else
	 */
	public static Role of(String value) {
		if (value != null) {
			for (Role role : values()) {
				if (role.value().equalsIgnoreCase(value.trim())) {
					return role;
				}
			}
		}
		throw TraceabilityException.invalid("invalid-role", "Role must be farmer, reviewer or admin.", value);
	}

}
