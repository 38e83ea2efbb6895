package vn.nguon.traceability.farm;

import vn.nguon.traceability.TraceabilityException;

/**
 * What a caller says about a farm when registering or changing it.
 *
 * @param name display name, 1 to 200 characters
 * @param gln GLN of the farm, or {@code null} (then an internal id is used in events)
 * @param commune commune (xã / phường), optional
 * @param district the former district (huyện / thị xã), optional: districts were abolished on 1 July
 * 2025, so it is kept for old records only and not shown as part of the address
 * @param province province (tỉnh / thành phố), optional; a former province's name is stored as the
 * unit it merged into ({@link Provinces})
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
		province = Provinces.current(optionalText(province, "province"));
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
