package vn.nguon.traceability.transparency;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Canonicalization Scheme (RFC 8785): the one byte sequence of a JSON value that every
 * implementation agrees on. Object members sorted by the UTF-16 code units of their names,
 * no whitespace, strings with the minimal escaping of ECMAScript's {@code JSON.stringify},
 * numbers as IEEE 754 doubles printed with ECMAScript's {@code Number.prototype.toString},
 * UTF-8 output. These bytes are the leaves of the transparency log.
 */
public final class Jcs {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
		.build();

	private Jcs() {
	}

	/**
	 * @param json JSON text
	 * @return its canonical form as UTF-8 bytes
	 * @throws IllegalArgumentException if the text is not JSON or holds a value JCS cannot
	 * represent (NaN, infinity, a lone surrogate)
	 */
	public static byte[] canonicalize(String json) {
		JsonNode node;
		try {
			node = MAPPER.readTree(json);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
		}
		return canonicalize(node);
	}

	/** @return the canonical form of a JSON value as UTF-8 bytes */
	public static byte[] canonicalize(JsonNode node) {
		StringBuilder sb = new StringBuilder(256);
		write(node, sb);
		String s = sb.toString();
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
					throw new IllegalArgumentException("lone surrogate in JSON string");
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				throw new IllegalArgumentException("lone surrogate in JSON string");
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 16);
		out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
		return out.toByteArray();
	}

	/** @return the canonical form as a string */
	public static String canonicalString(JsonNode node) {
		return new String(canonicalize(node), StandardCharsets.UTF_8);
	}

	private static void write(JsonNode node, StringBuilder sb) {
		switch (node.getNodeType()) {
			case NULL, MISSING -> sb.append("null");
			case BOOLEAN -> sb.append(node.booleanValue() ? "true" : "false");
			case NUMBER -> sb.append(number(toDouble(node)));
			case STRING -> string(node.stringValue(), sb);
			case ARRAY -> {
				sb.append('[');
				boolean first = true;
				for (JsonNode element : node.values()) {
					if (!first) {
						sb.append(',');
					}
					first = false;
					write(element, sb);
				}
				sb.append(']');
			}
			case OBJECT -> {
				List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
				// String.compareTo compares UTF-16 code units, which is exactly what RFC 8785 3.2.3 asks
				members.sort(Map.Entry.comparingByKey());
				sb.append('{');
				boolean first = true;
				for (Map.Entry<String, JsonNode> m : members) {
					if (!first) {
						sb.append(',');
					}
					first = false;
					string(m.getKey(), sb);
					sb.append(':');
					write(m.getValue(), sb);
				}
				sb.append('}');
			}
			default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
		}
	}

	private static double toDouble(JsonNode node) {
		Number n = node.numberValue();
		if (n instanceof BigDecimal d) {
			return Double.parseDouble(d.toString());
		}
		return n.doubleValue();
	}

	private static void string(String s, StringBuilder sb) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"' -> sb.append("\\\"");
				case '\\' -> sb.append("\\\\");
				case '\b' -> sb.append("\\b");
				case '\f' -> sb.append("\\f");
				case '\n' -> sb.append("\\n");
				case '\r' -> sb.append("\\r");
				case '\t' -> sb.append("\\t");
				default -> {
					if (c < 0x20) {
						sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
					}
					else {
						sb.append(c);
					}
				}
			}
		}
		sb.append('"');
	}

	/**
	 * Formats a double as ECMAScript's {@code Number.prototype.toString} does (ECMA-262,
	 * Number::toString): the shortest decimal that reads back as the same double, the closest
	 * one when several have that length, plain notation for exponents from -6 to 20.
	 * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
	 */
	public static String number(double x) {
		if (Double.isNaN(x) || Double.isInfinite(x)) {
			throw new IllegalArgumentException("JSON cannot hold " + x);
		}
		if (x == 0) {
			return "0";
		}
		if (x == Math.rint(x) && Math.abs(x) < 0x1p53) {
			return Long.toString((long) x);
		}
		String sign = x < 0 ? "-" : "";
		BigDecimal shortest = shortest(Math.abs(x));
		// digits and exponent n so that value = 0.digits * 10^n (ECMA-262's s, k, n)
		BigDecimal stripped = shortest.stripTrailingZeros();
		String digits = stripped.unscaledValue().toString();
		int k = digits.length();
		int n = k - stripped.scale();
		StringBuilder sb = new StringBuilder(sign);
		if (k <= n && n <= 21) {
			sb.append(digits).append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21) {
			sb.append(digits, 0, n).append('.').append(digits, n, k);
		}
		else if (-6 < n && n <= 0) {
			sb.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			int e = n - 1;
			sb.append(digits.charAt(0));
			if (k > 1) {
				sb.append('.').append(digits, 1, k);
			}
			sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
		}
		return sb.toString();
	}

	private static BigDecimal shortest(double x) {
		BigDecimal exact = new BigDecimal(x);
		for (int p = 1; p <= 17; p++) {
			BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
			if (Double.parseDouble(nearest.toString()) == x) {
				return nearest;
			}
			// Just above a power of two the interval of numbers reading back as x is lopsided:
			// the nearest p-digit decimal may miss it while its neighbour hits.
			BigDecimal ulp = nearest.ulp();
			BigDecimal up = nearest.add(ulp);
			BigDecimal down = nearest.subtract(ulp);
			boolean upOk = Double.parseDouble(up.toString()) == x && up.precision() <= p;
			boolean downOk = down.signum() > 0 && Double.parseDouble(down.toString()) == x && down.precision() <= p;
			if (upOk && downOk) {
				return up.subtract(exact).abs().compareTo(exact.subtract(down).abs()) <= 0 ? up : down;
			}
			if (upOk) {
				return up;
			}
			if (downOk) {
				return down;
			}
		}
		return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
	}

}
