package vn.nguon.traceability.farm;

import vn.nguon.traceability.TraceabilityException;

/**
 * What a caller says about a farm when registering or changing it.
 *
 * @param name display name, 1 to 200 characters
 * @param gln GLN of the farm, or {@code null} (then an internal id is used in events)
 * @param commune commune (xã / phường), optional
 * @param district district (huyện / thị xã), optional
 * @param province province (tỉnh), optional
 * @param location plot point or polygon, optional
 */
public record FarmDraft(String name, Gln gln, String commune, String district, String province,
		GeoLocation location) {

	public FarmDraft {
		name = name == null ? null : name.strip();
		if (name == null || name.isEmpty() || name.length() > 200) {
			throw TraceabilityException.invalid("invalid-farm-name", "A farm name has 1 to 200 characters");
		}
		commune = optionalText(commune, "commune");
		district = optionalText(district, "district");
		province = optionalText(province, "province");
	}

	static String optionalText(String value, String what) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String v = value.strip();
		if (v.length() > 200) {
			throw TraceabilityException.invalid("text-too-long", "The " + what + " has more than 200 characters", what);
		}
		return v;
	}

}
