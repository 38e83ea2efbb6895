package vn.nguon.traceability.farm;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Vietnam's provinces as they are since 1 July 2025 (National Assembly Resolution 202/2025/QH15:
 * 34 provincial units, two levels of local government, districts abolished), and the 63 names
 * before it mapped to the unit they merged into. A farm's address is commune + province; a
 * province typed with its former name ("Bình Định", "Tỉnh Hà Giang") is stored as today's
 * ("Gia Lai", "Tuyên Quang"); a name not on either list (a place abroad) is kept as typed.
 */
public final class Provinces {

	/** Today's 34 provincial units, by name. */
	public static final List<String> CURRENT = List.of("An Giang", "Bắc Ninh", "Cà Mau", "Cao Bằng", "Cần Thơ",
			"Đà Nẵng", "Đắk Lắk", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Nội", "Hà Tĩnh", "Hải Phòng",
			"Hưng Yên", "Huế", "Khánh Hòa", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Nghệ An", "Ninh Bình",
			"Phú Thọ", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sơn La", "Tây Ninh", "Thái Nguyên", "Thanh Hóa",
			"TP. Hồ Chí Minh", "Tuyên Quang", "Vĩnh Long");

	/** Former provinces that merged into another unit, to that unit. */
	private static final Map<String, String> MERGED = Map.ofEntries(Map.entry("Hà Giang", "Tuyên Quang"),
			Map.entry("Yên Bái", "Lào Cai"), Map.entry("Bắc Kạn", "Thái Nguyên"), Map.entry("Vĩnh Phúc", "Phú Thọ"),
			Map.entry("Hòa Bình", "Phú Thọ"), Map.entry("Bắc Giang", "Bắc Ninh"), Map.entry("Hải Dương", "Hải Phòng"),
			Map.entry("Thái Bình", "Hưng Yên"), Map.entry("Hà Nam", "Ninh Bình"), Map.entry("Nam Định", "Ninh Bình"),
			Map.entry("Quảng Bình", "Quảng Trị"), Map.entry("Thừa Thiên Huế", "Huế"), Map.entry("Quảng Nam", "Đà Nẵng"),
			Map.entry("Kon Tum", "Quảng Ngãi"), Map.entry("Bình Định", "Gia Lai"), Map.entry("Ninh Thuận", "Khánh Hòa"),
			Map.entry("Đắk Nông", "Lâm Đồng"), Map.entry("Bình Thuận", "Lâm Đồng"), Map.entry("Phú Yên", "Đắk Lắk"),
			Map.entry("Bình Dương", "TP. Hồ Chí Minh"), Map.entry("Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh"),
			Map.entry("Bà Rịa Vũng Tàu", "TP. Hồ Chí Minh"), Map.entry("Hồ Chí Minh", "TP. Hồ Chí Minh"),
			Map.entry("Bình Phước", "Đồng Nai"), Map.entry("Long An", "Tây Ninh"), Map.entry("Sóc Trăng", "Cần Thơ"),
			Map.entry("Hậu Giang", "Cần Thơ"), Map.entry("Bến Tre", "Vĩnh Long"), Map.entry("Trà Vinh", "Vĩnh Long"),
			Map.entry("Tiền Giang", "Đồng Tháp"), Map.entry("Bạc Liêu", "Cà Mau"), Map.entry("Kiên Giang", "An Giang"));

	private static final Map<String, String> BY_KEY = new HashMap<>();

	static {
		CURRENT.forEach(p -> BY_KEY.put(key(p), p));
		MERGED.forEach((old, now) -> BY_KEY.put(key(old), now));
		BY_KEY.put(key("Thành phố Hồ Chí Minh"), "TP. Hồ Chí Minh");
		BY_KEY.put(key("TP Hồ Chí Minh"), "TP. Hồ Chí Minh");
		BY_KEY.put(key("Sài Gòn"), "TP. Hồ Chí Minh");
	}

	private Provinces() {
	}

	/**
	 * @param name a province as typed, current or former, with or without "Tỉnh" / "Thành phố"
	 * @return today's name of the unit, or the name as typed when it is not a Vietnamese province
	 */
	public static String current(String name) {
		if (name == null || name.isBlank()) {
			return name;
		}
		String found = BY_KEY.get(key(name));
		return found != null ? found : name.strip();
	}

	/** @return whether the name is a province that no longer exists (merged on 1 July 2025) */
	public static boolean isFormer(String name) {
		String now = name == null || name.isBlank() ? null : BY_KEY.get(key(name));
		return now != null && !key(now).equals(key(name));
	}

	private static String key(String name) {
		String s = Normalizer.normalize(name.strip().toLowerCase(Locale.ROOT).replace('đ', 'd'), Normalizer.Form.NFD)
			.replaceAll("\\p{M}+", "")
			.replaceAll("[^a-z0-9]+", " ")
			.strip();
		for (String prefix : new String[] { "tinh ", "thanh pho ", "tp " }) {
			if (s.startsWith(prefix) && s.length() > prefix.length()) {
				s = s.substring(prefix.length());
			}
		}
		return s.replace(" ", "");
	}

}
