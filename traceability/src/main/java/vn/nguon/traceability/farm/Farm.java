package vn.nguon.traceability.farm;

import java.time.Instant;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.UUID;

import vn.nguon.traceability.organisation.OrgId;

/**
 * A farm as stored.
 *
 * @param id identity
 * @param orgId owning organisation
 * @param name display name
 * @param gln GLN, or {@code null}
 * @param commune commune, or {@code null}
 * @param district the former district (abolished on 1 July 2025), or {@code null}
 * @param province province, or {@code null}
 * @param location plot geometry, or {@code null}
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record Farm(UUID id, OrgId orgId, String name, Gln gln, String commune, String district, String province,
		GeoLocation location, Instant createdAt, Instant updatedAt) {

	public Farm {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(orgId, "orgId");
	}

	/**
	 * @param id a farm id
	 * @return the identifier of a farm in EPCIS readPoint / bizLocation: its GLN Digital Link URI
	 * when it has a GLN, else the internal {@code urn:nguon:farm:{uuid}}
	 */
	public static String internalUri(UUID id) {
		return "urn:nguon:farm:" + id;
	}

	/** @return the location identifier used in events */
	public String locationUri() {
		return this.gln != null ? this.gln.uri() : internalUri(this.id);
	}

	/** @return name and administrative place, e.g. "Vườn ông Ba, Cát Hanh, Gia Lai" */
	public String description() {
		StringJoiner j = new StringJoiner(", ");
		j.add(this.name);
		// two levels since 1 July 2025: commune and today's province (the former district is not shown)
		for (String s : new String[] { this.commune, Provinces.current(this.province) }) {
			if (s != null) {
				j.add(s);
			}
		}
		return j.toString();
	}

}
