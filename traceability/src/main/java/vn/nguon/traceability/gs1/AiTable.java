package vn.nguon.traceability.gs1;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The GS1 Application Identifiers this service understands, compiled from the facts of the GS1
 * Barcode Syntax Dictionary (format of each AI, whether it needs an FNC1 separator, whether it may
 * be a Digital Link data attribute, and the Digital Link primary keys with their ordered key
 * qualifiers). One line per AI or AI range: {@code AI flags format... [dlpkey=q,q|q]}, where the
 * flags are {@code F} (predefined length, no FNC1) or {@code V} (variable), then {@code A}
 * (allowed as a Digital Link data attribute) or {@code -}.
 * <p>
 * Over 300 lines: most of it is the table itself, one line per AI.
 */
final class AiTable {

	private static final String TABLE = """
			00 FA N18,csum,gcppos2 dlpkey=
			01 FA N14,csum,gcppos2 dlpkey=22,10,21|235
			02 FA N14,csum,gcppos2
			03 F- N14,csum,gcppos2
			10 VA X..20
			11 FA N6,yymmd0
			12 FA N6,yymmd0
			13 FA N6,yymmd0
			15 FA N6,yymmd0
			16 FA N6,yymmd0
			17 FA N6,yymmd0
			20 FA N2
			21 V- X..20
			22 V- X..20
			235 V- X..28
			240 VA X..30
			241 VA X..30
			242 VA N..6
			243 VA X..20
			250 VA X..30
			251 VA X..30
			253 VA N13,csum,gcppos1 [X..17] dlpkey=
			254 V- X..20
			255 VA N13,csum,gcppos1 [N..12] dlpkey=
			30 VA N..8
			3100-3105 FA N6
			3110-3115 FA N6
			3120-3125 FA N6
			3130-3135 FA N6
			3140-3145 FA N6
			3150-3155 FA N6
			3160-3165 FA N6
			3200-3205 FA N6
			3210-3215 FA N6
			3220-3225 FA N6
			3230-3235 FA N6
			3240-3245 FA N6
			3250-3255 FA N6
			3260-3265 FA N6
			3270-3275 FA N6
			3280-3285 FA N6
			3290-3295 FA N6
			3300-3305 FA N6
			3310-3315 FA N6
			3320-3325 FA N6
			3330-3335 FA N6
			3340-3345 FA N6
			3350-3355 FA N6
			3360-3365 FA N6
			3370-3375 FA N6
			3400-3405 FA N6
			3410-3415 FA N6
			3420-3425 FA N6
			3430-3435 FA N6
			3440-3445 FA N6
			3450-3455 FA N6
			3460-3465 FA N6
			3470-3475 FA N6
			3480-3485 FA N6
			3490-3495 FA N6
			3500-3505 FA N6
			3510-3515 FA N6
			3520-3525 FA N6
			3530-3535 FA N6
			3540-3545 FA N6
			3550-3555 FA N6
			3560-3565 FA N6
			3570-3575 FA N6
			3600-3605 FA N6
			3610-3615 FA N6
			3620-3625 FA N6
			3630-3635 FA N6
			3640-3645 FA N6
			3650-3655 FA N6
			3660-3665 FA N6
			3670-3675 FA N6
			3680-3685 FA N6
			3690-3695 FA N6
			37 VA N..8
			3900-3909 VA N..15
			3910-3919 VA N3,iso4217 N..15
			3920-3929 VA N..15
			3930-3939 VA N3,iso4217 N..15
			3940-3943 VA N4
			3950-3955 VA N6
			400 VA X..30
			401 VA X..30,gcppos1 dlpkey=
			402 VA N17,csum,gcppos1 dlpkey=
			403 VA X..30
			410 FA N13,csum,gcppos1
			411 FA N13,csum,gcppos1
			412 FA N13,csum,gcppos1
			413 FA N13,csum,gcppos1
			414 FA N13,csum,gcppos1 dlpkey=254|7040
			415 FA N13,csum,gcppos1 dlpkey=8020
			416 FA N13,csum,gcppos1
			417 FA N13,csum,gcppos1 dlpkey=7040
			420 VA X..20
			421 VA N3,iso3166 X..9
			422 VA N3,iso3166
			423 VA N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166
			424 VA N3,iso3166
			425 VA N3,iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166 [N3],iso3166
			426 VA N3,iso3166
			427 VA X..3
			4300 VA X..35,pcenc
			4301 VA X..35,pcenc
			4302 VA X..70,pcenc
			4303 VA X..70,pcenc
			4304 VA X..70,pcenc
			4305 VA X..70,pcenc
			4306 VA X..70,pcenc
			4307 VA X2,iso3166alpha2
			4308 VA X..30
			4309 VA N10,latitude N10,longitude
			4310 VA X..35,pcenc
			4311 VA X..35,pcenc
			4312 VA X..70,pcenc
			4313 VA X..70,pcenc
			4314 VA X..70,pcenc
			4315 VA X..70,pcenc
			4316 VA X..70,pcenc
			4317 VA X2,iso3166alpha2
			4318 VA X..20
			4319 VA X..30
			4320 VA X..35,pcenc
			4321 VA N1,yesno
			4322 VA N1,yesno
			4323 VA N1,yesno
			4324 VA N6,yymmd0 N4,hhmi
			4325 VA N6,yymmd0 N4,hhmi
			4326 VA N6,yymmdd
			4330 VA N6 [X1],hyphen
			4331 VA N6 [X1],hyphen
			4332 VA N6 [X1],hyphen
			4333 VA N6 [X1],hyphen
			7001 VA N13
			7002 VA X..30
			7003 VA N6,yymmdd N4,hhmi
			7004 VA N..4
			7005 VA X..12
			7006 VA N6,yymmdd
			7007 VA N6,yymmdd [N6],yymmdd
			7008 VA X..3
			7009 VA X..10
			7010 VA X..2
			7011 VA N6,yymmdd [N4],hhmi
			7020 VA X..20
			7021 VA X..20
			7022 VA X..20
			7023 VA X..30,gcppos1
			7030 VA N3,iso3166999 X..27
			7031 VA N3,iso3166999 X..27
			7032 VA N3,iso3166999 X..27
			7033 VA N3,iso3166999 X..27
			7034 VA N3,iso3166999 X..27
			7035 VA N3,iso3166999 X..27
			7036 VA N3,iso3166999 X..27
			7037 VA N3,iso3166999 X..27
			7038 VA N3,iso3166999 X..27
			7039 VA N3,iso3166999 X..27
			7040 V- N1 X1 X1 X1,importeridx
			7041 V- X..4,packagetype
			710 VA X..20
			711 VA X..20
			712 VA X..20
			713 VA X..20
			714 VA X..20
			715 VA X..20
			716 VA X..20
			717 VA X..20
			7230 VA X2 X..28
			7231 VA X2 X..28
			7232 VA X2 X..28
			7233 VA X2 X..28
			7234 VA X2 X..28
			7235 VA X2 X..28
			7236 VA X2 X..28
			7237 VA X2 X..28
			7238 VA X2 X..28
			7239 VA X2 X..28
			7240 VA X..20
			7241 VA N2,mediatype
			7242 VA X..25
			7250 VA N8,yyyymmdd
			7251 VA N8,yyyymmdd N4,hhmi
			7252 VA N1,iso5218
			7253 VA X..40,pcenc
			7254 VA X..40,pcenc
			7255 VA X..10
			7256 VA X..90,pcenc
			7257 VA X..70,pcenc
			7258 VA X3,posinseqslash
			7259 VA X..40,pcenc
			8001 VA N4,nonzero N5,nonzero N3,nonzero N1,winding N1
			8002 VA X..20
			8003 VA N1,zero N13,csum,gcppos1 [X..16] dlpkey=
			8004 VA X..30,gcppos1 dlpkey=7040
			8005 VA N6
			8006 VA N14,csum,gcppos2 N4,pieceoftotal dlpkey=22,10,21
			8007 VA X..34,iban
			8008 VA N6,yymmdd N2,hh [N2],mi [N2],ss
			8009 VA X..50
			8010 VA Y..30,gcppos1 dlpkey=8011
			8011 V- N..12,nozeroprefix
			8012 VA X..20
			8013 VA X..25,csumalpha,gcppos1 dlpkey=
			8014 V- X..25,csumalpha,gcppos1,hasnondigit
			8017 VA N18,csum,gcppos1 dlpkey=8019
			8018 VA N18,csum,gcppos1 dlpkey=8019
			8019 V- N..10
			8020 V- X..25
			8026 VA N14,csum,gcppos2 N4,pieceoftotal
			8030 VA Z..90
			8040 V- N15
			8041 V- N15
			8042 V- N32
			8043 V- N18 [N..2]
			8110 VA X..70,couponcode
			8111 VA N4
			8112 VA X..70,couponposoffer
			8200 V- X..70
			90 VA X..30
			91-99 VA X..90
			""";

	/** Every valid key-qualifier path, as space-separated AIs ("01", "01 10", "01 22 10 21" ...), sorted. */
	static final List<String> KEY_QUALIFIER_PATHS;

	private static final Map<String, AiEntry> ENTRIES = new HashMap<>();

	static {
		TreeSet<String> paths = new TreeSet<>();
		for (String line : TABLE.strip().split("\n")) {
			String[] parts = line.strip().split("\\s+");
			String dlpkey = null;
			List<Component> components = new ArrayList<>();
			for (int i = 2; i < parts.length; i++) {
				if (parts[i].startsWith("dlpkey=")) {
					dlpkey = parts[i].substring(7);
				}
				else {
					components.add(Component.parse(parts[i]));
				}
			}
			boolean fixed = parts[1].charAt(0) == 'F';
			boolean attribute = parts[1].charAt(1) == 'A';
			String[] range = parts[0].split("-");
			int from = Integer.parseInt(range[0]);
			int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
			for (int n = from; n <= to; n++) {
				String ai = String.format("%0" + range[0].length() + "d", n);
				ENTRIES.put(ai, new AiEntry(ai, fixed, attribute ? DataAttribute.YES : DataAttribute.NO,
						List.copyOf(components), dlpkey != null));
				if (dlpkey != null) {
					addPaths(paths, ai, dlpkey);
				}
			}
		}
		KEY_QUALIFIER_PATHS = List.copyOf(paths);
	}

	private AiTable() {
	}

	/** Adds the key alone and every in-order choice of qualifiers of each alternative. */
	private static void addPaths(TreeSet<String> paths, String key, String dlpkey) {
		paths.add(key);
		if (dlpkey.isEmpty()) {
			return;
		}
		for (String alternative : dlpkey.split("\\|")) {
			List<String> chosen = new ArrayList<>(List.of(key));
			for (String qualifier : alternative.split(",")) {
				int n = chosen.size();
				for (int k = 0; k < n; k++) {
					chosen.add(chosen.get(k) + " " + qualifier);
				}
			}
			paths.addAll(chosen);
		}
	}

	/**
	 * @param ai an AI as written (2 to 4 digits)
	 * @return its entry, or {@code null} when unknown
	 */
	static AiEntry lookup(String ai) {
		return ENTRIES.get(ai);
	}

	/**
	 * An AI this table does not list, accepted only when the caller permits unknown AIs: its length
	 * must not clash with a known AI (no known AI is a prefix of it or starts with it).
	 * @param ai the digits
	 * @return a permissive entry, or {@code null} when the digits cannot be an AI
	 */
	static AiEntry unknown(String ai) {
		if (ai.length() < 2 || ai.length() > 4 || !ai.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return null;
		}
		for (String known : ENTRIES.keySet()) {
			if (known.startsWith(ai) || ai.startsWith(known)) {
				return null;
			}
		}
		return new AiEntry(ai, false, DataAttribute.UNKNOWN, List.of(Component.parse("X..90")), false);
	}

	/** Whether the space-separated AI sequence is a valid Digital Link key-qualifier path. */
	static boolean isValidPath(String aiSequence) {
		return Collections.binarySearch(KEY_QUALIFIER_PATHS, aiSequence) >= 0;
	}

	/** Whether an AI may be written in a query string as a data attribute. */
	enum DataAttribute {

		YES, NO, UNKNOWN

	}

	/**
	 * One AI.
	 * @param ai the AI digits
	 * @param fixedLength predefined length (no FNC1 separator needed after it)
	 * @param dataAttribute whether it may be a Digital Link data attribute
	 * @param components the format, component by component
	 * @param primaryKey whether it is a Digital Link primary key
	 */
	record AiEntry(String ai, boolean fixedLength, DataAttribute dataAttribute, List<Component> components,
			boolean primaryKey) {
	}

	/**
	 * One component of an AI format, e.g. {@code N13,csum} or {@code [X..17]}.
	 * @param type N (digits), X (character set 82), Y (character set 39) or Z (base64url)
	 * @param min minimum length
	 * @param max maximum length
	 * @param optional whether the component may be absent
	 * @param linters content checks by name
	 */
	record Component(char type, int min, int max, boolean optional, List<String> linters) {

		static Component parse(String spec) {
			String[] parts = spec.split(",");
			String head = parts[0];
			boolean optional = head.startsWith("[");
			head = head.replace("[", "").replace("]", "");
			char type = head.charAt(0);
			boolean variable = head.startsWith("..", 1);
			int n = Integer.parseInt(head.substring(variable ? 3 : 1));
			List<String> linters = new ArrayList<>();
			for (int i = 1; i < parts.length; i++) {
				linters.add(parts[i]);
			}
			return new Component(type, variable ? 1 : n, n, optional, List.copyOf(linters));
		}

	}

}
