package vn.nguon.traceability.organisation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What an organisation shows the public about itself on its lots' consumer pages, besides its name.
 * Every field is optional and chosen by the organisation's admins to be public (an office phone, not a
 * person's).
 *
 * @param displayName the name shown to consumers, when it differs from the registered one
 * @param phone office phone, digits with an optional leading {@code +} and spaces, dots, dashes, brackets
 * @param email office e-mail
 * @param website {@code http(s)} address
 * @param address postal address
 * @param about a short text (at most 1,000 characters)
 * @param certifications certifications the organisation holds, at most {@value PublicProfiles#MAX_CERTIFICATIONS}
 * @param logo whether a logo was uploaded, and its digest (for the logo's URL and ETag), else {@code null}
 * @param updatedAt when it was last saved ({@code null}: never)
 */
public record PublicProfile(String displayName, String phone, String email, String website, String address,
		String about, List<Certification> certifications, String logo, Instant updatedAt) {

	public PublicProfile {
		certifications = certifications == null ? List.of() : List.copyOf(certifications);
	}

	/** @return a profile with nothing in it */
	public static PublicProfile empty() {
		return new PublicProfile(null, null, null, null, null, null, List.of(), null, null);
	}

	/**
	 * A certification the organisation holds.
	 * @param standard the scheme, e.g. {@code VietGAP}
	 * @param agency the certifying body, or {@code null}
	 * @param value the certificate number, or {@code null}
	 * @param uri where to check it, or {@code null}
	 * @param validUntil its expiry, or {@code null}
	 */
	public record Certification(String standard, String agency, String value, String uri, LocalDate validUntil) {
	}

}
