package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import vn.nguon.traceability.TraceabilityException;

/**
 * The schedule of a subscription (EPCIS 2.0 query schedule), in UTC. Fields {@code second},
 * {@code minute}, {@code hour}, {@code dayOfMonth}, {@code month} (1-12), {@code dayOfWeek}
 * (1 = Monday ... 7 = Sunday). Supported values per field: {@code *}, a number, a comma list of
 * numbers, a range {@code a-b}, or a step {@code *}{@code /n}. A missing field means: every value
 * for fields coarser than the finest one given, the lowest value for finer fields (so
 * {@code {"minute": "*}{@code /5"}} runs at second 0 every five minutes).
 *
 * @param fields field name to expression, as given
 */
public record Schedule(Map<String, String> fields) {

	static final List<String> NAMES = List.of("second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek");

	private static final int[] MIN = { 0, 0, 0, 1, 1, 1 };

	private static final int[] MAX = { 59, 59, 23, 31, 12, 7 };

	public Schedule {
		fields = new LinkedHashMap<>(fields);
		for (String name : fields.keySet()) {
			if (!NAMES.contains(name)) {
				throw invalid("Unknown schedule field '" + name + "'; supported: " + NAMES + ".");
			}
		}
		if (fields.isEmpty()) {
			throw invalid("A schedule needs at least one of " + NAMES + ".");
		}
		fields = java.util.Collections.unmodifiableMap(fields);
		sets(fields);
	}

	/**
	 * @param after an instant
	 * @return the first run strictly after it
	 */
	public Instant next(Instant after) {
		BitSet[] s = sets(this.fields);
		ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
		ZonedDateTime end = t.plusYears(5);
		while (t.isBefore(end)) {
			if (!s[4].get(t.getMonthValue())) {
				t = t.plusMonths(1).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
				continue;
			}
			if (!s[3].get(t.getDayOfMonth()) || !s[5].get(t.getDayOfWeek().getValue())) {
				t = t.plusDays(1).truncatedTo(ChronoUnit.DAYS);
				continue;
			}
			if (!s[2].get(t.getHour())) {
				t = t.plusHours(1).truncatedTo(ChronoUnit.HOURS);
				continue;
			}
			if (!s[1].get(t.getMinute())) {
				t = t.plusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
				continue;
			}
			if (!s[0].get(t.getSecond())) {
				t = t.plusSeconds(1);
				continue;
			}
			return t.toInstant();
		}
		throw invalid("The schedule " + this.fields + " never runs.");
	}

	private static BitSet[] sets(Map<String, String> fields) {
		int finest = -1;
		for (int i = 0; i < NAMES.size(); i++) {
			if (fields.containsKey(NAMES.get(i)) && finest < 0) {
				finest = i;
			}
		}
		BitSet[] out = new BitSet[NAMES.size()];
		for (int i = 0; i < NAMES.size(); i++) {
			String expr = fields.get(NAMES.get(i));
			if (expr == null) {
				expr = (i < finest && i < 3) ? String.valueOf(MIN[i]) : "*";
			}
			out[i] = parse(NAMES.get(i), expr.trim(), MIN[i], MAX[i]);
		}
		return out;
	}

	private static BitSet parse(String name, String expr, int min, int max) {
		BitSet set = new BitSet();
		try {
			for (String part : expr.split(",")) {
				part = part.trim();
				if (part.equals("*")) {
					set.set(min, max + 1);
				}
				else if (part.startsWith("*/")) {
					int step = Integer.parseInt(part.substring(2));
					if (step < 1) {
						throw new NumberFormatException();
					}
					for (int v = min; v <= max; v += step) {
						set.set(v);
					}
				}
				else if (part.contains("-")) {
					int a = Integer.parseInt(part.substring(0, part.indexOf('-')));
					int b = Integer.parseInt(part.substring(part.indexOf('-') + 1));
					if (a < min || b > max || a > b) {
						throw new NumberFormatException();
					}
					set.set(a, b + 1);
				}
				else {
					int v = Integer.parseInt(part);
					if (v < min || v > max) {
						throw new NumberFormatException();
					}
					set.set(v);
				}
			}
		}
		catch (RuntimeException ex) {
			throw invalid("Schedule field " + name + " must be *, n, a,b, a-b or */n with values " + min + "-" + max
					+ ", not '" + expr + "'.");
		}
		return set;
	}

	private static TraceabilityException invalid(String message) {
		return TraceabilityException.invalid("subscription-invalid-schedule", message);
	}

}
