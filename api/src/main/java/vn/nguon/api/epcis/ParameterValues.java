package vn.nguon.api.epcis;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.util.MultiValueMap;

import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.Vocabulary;

/**
 * Reading the values of query parameters: lists ({@code |}-separated, the parameter may repeat),
 * single values, times, numbers, booleans and CBV values in all their spellings. A malformed
 * value is a {@code QueryParameterException} naming the parameter.
 */
final class ParameterValues {

	private ParameterValues() {
	}

	static EpcisException invalid(String name, String value, String message) {
		return EpcisException.queryParameter("epcis-invalid-query-parameter", message, name, value);
	}

	/** Every value of a list parameter; an empty list value is malformed (the standard asks for one item at least). */
	static List<String> list(MultiValueMap<String, String> params, String name) {
		List<String> raw = params.get(name);
		if (raw == null) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		for (String v : raw) {
			for (String part : (v == null ? "" : v).split("\\|")) {
				if (!part.isBlank()) {
					out.add(part.trim());
				}
			}
		}
		if (out.isEmpty()) {
			throw invalid(name, String.valueOf(raw), name + " needs at least one value.");
		}
		return out;
	}

	static String single(MultiValueMap<String, String> params, String name) {
		List<String> v = params.get(name);
		if (v == null || v.isEmpty()) {
			return null;
		}
		if (v.size() > 1) {
			throw invalid(name, v.toString(), name + " may be given only once.");
		}
		return v.get(0);
	}

	static Instant time(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		return v == null ? null : time(name, v);
	}

	static Instant time(String name, String v) {
		try {
			// a '+' of an offset sent unencoded arrives as a space (form decoding of query strings)
			return OffsetDateTime.parse(v.trim().replace(' ', '+')).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw invalid(name, v,
					name + " must be a date-time with a time zone, e.g. 2026-06-01T00:00:00+07:00, not '" + v + "'.");
		}
	}

	static BigDecimal number(String name, String v) {
		try {
			return new BigDecimal(v.trim());
		}
		catch (NumberFormatException ex) {
			throw invalid(name, v, name + " must be a number, not '" + v + "'.");
		}
	}

	static Boolean bool(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		if (v == null) {
			return null;
		}
		if (!v.equals("true") && !v.equals("false")) {
			throw invalid(name, v, name + " must be true or false, not '" + v + "'.");
		}
		return Boolean.valueOf(v);
	}

	static Integer positive(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		if (v == null) {
			return null;
		}
		try {
			int n = Integer.parseInt(v);
			if (n < 1) {
				throw new NumberFormatException();
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw invalid(name, v, name + " must be a positive whole number, not '" + v + "'.");
		}
	}

	/**
	 * @param values CBV values in any spelling
	 * @param kind {@code BizStep}, {@code Disp}, {@code BTT}, {@code SDT} or {@code ER}
	 * @return each value in every spelling an event may carry (bare word, URN, web URIs), or as given
	 * when it is not a CBV word
	 */
	static List<String> cbvForms(List<String> values, String kind) {
		List<String> out = new ArrayList<>();
		for (String v : values) {
			String bare = Vocabulary.bare(v, kind);
			out.add(bare);
			if (!bare.contains(":")) {
				String urn = switch (kind) {
					case "BizStep" -> "bizstep";
					case "Disp" -> "disp";
					case "BTT" -> "btt";
					case "SDT" -> "sdt";
					default -> "er";
				};
				out.add("urn:epcglobal:cbv:" + urn + ":" + bare);
				out.add("https://ref.gs1.org/cbv/" + kind + "-" + bare);
				out.add("https://gs1.org/voc/" + kind + "-" + bare);
			}
		}
		return out;
	}

	/** Measurement types: bare ({@code Temperature}), {@code gs1:Temperature} or the GS1 Web Vocabulary URI. */
	static List<String> measurementForms(List<String> values) {
		List<String> out = new ArrayList<>();
		for (String v : values) {
			String bare = v;
			for (String p : List.of("gs1:", "https://gs1.org/voc/", "https://ref.gs1.org/voc/", "http://gs1.org/voc/")) {
				if (v.startsWith(p)) {
					bare = v.substring(p.length());
				}
			}
			out.add(bare);
			if (!bare.contains(":")) {
				out.add("gs1:" + bare);
				out.add("https://gs1.org/voc/" + bare);
				out.add("https://ref.gs1.org/voc/" + bare);
			}
		}
		return out;
	}

	/** A value compared for equality with a field of any JSON type: the text, and the number or boolean it spells. */
	static List<Object> anyType(List<String> values) {
		List<Object> out = new ArrayList<>();
		for (String v : values) {
			out.add(v);
			if (v.equals("true") || v.equals("false")) {
				out.add(Boolean.valueOf(v));
			}
			else {
				try {
					out.add(new BigDecimal(v));
				}
				catch (NumberFormatException ex) {
					// text only
				}
			}
		}
		return out;
	}

	/** For GT/GE/LT/LE on a field of unknown type: a number when it reads as one, else a time. */
	static Object ordered(String name, String v) {
		try {
			return new BigDecimal(v.trim());
		}
		catch (NumberFormatException ex) {
			try {
				return time(name, v);
			}
			catch (EpcisException notTime) {
				throw invalid(name, v, name + " compares with a number or a date-time with a time zone, not '" + v + "'.");
			}
		}
	}

}
