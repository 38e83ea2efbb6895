package vn.nguon.traceability.organisation;

import java.time.Instant;
import java.util.List;

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
 * @param glns the party GLNs (AI 417) it is known by along the chain, oldest first
 * @param disabledAt when the platform operator disabled it ({@code null}: active)
 */
public record Organisation(OrgId id, String slug, String name, String gs1CompanyPrefix, String sharingPolicy,
		boolean publicCoordinates, Instant createdAt, List<String> glns, Instant disabledAt) {

	public Organisation {
		glns = glns == null ? List.of() : List.copyOf(glns);
	}

	/** @return whether its members may sign in and its tokens work */
	public boolean active() {
		return this.disabledAt == null;
	}

}
