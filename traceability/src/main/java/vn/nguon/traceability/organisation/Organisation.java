package vn.nguon.traceability.organisation;

import java.time.Instant;

/**
 * An organisation as stored.
 *
 * @param id identity
 * @param slug short unique name used in URLs
 * @param name display name
 * @param gs1CompanyPrefix GS1 company prefix, or {@code null} when the organisation uses an internal one
 * @param sharingPolicy what downstream receivers may read: {@code public}, {@code one_step_back} or {@code full}
 * @param publicCoordinates whether consumer pages may show exact farm coordinates
 * @param createdAt creation time
 */
public record Organisation(OrgId id, String slug, String name, String gs1CompanyPrefix, String sharingPolicy,
		boolean publicCoordinates, Instant createdAt) {
}
