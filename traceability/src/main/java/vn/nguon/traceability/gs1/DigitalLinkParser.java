package vn.nguon.traceability.gs1;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import vn.nguon.traceability.gs1.AiTable.AiEntry;
import vn.nguon.traceability.gs1.AiTable.DataAttribute;

/**
 * Parses a GS1 Digital Link URI as the GS1 Digital Link 1.2 grammar and the GS1 Syntax Engine do: the URI's
 * characters and host, the rightmost primary key in the path walking back pair by pair, the key-qualifier
 * path, the query string's data attributes (AIs allowed there, not repeated, not belonging in the path).
 * Each value is checked by {@link AiValues}.
 */
final class DigitalLinkParser {

	private static final String URI_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

	private static final String BAD_DOMAIN_CHARACTERS = "_~?#@!$&'()*+,;=%";

	/** Deprecated short names of AIs, accepted only with {@link Options#permitConvenienceAlphas()}. */
	private static final Map<String, String> CONVENIENCE_ALPHAS = Map.ofEntries(Map.entry("cpid", "8010"),
			Map.entry("cpsn", "8011"), Map.entry("cpv", "22"), Map.entry("gcn", "255"), Map.entry("gdti", "253"),
			Map.entry("giai", "8004"), Map.entry("ginc", "401"), Map.entry("gln", "414"), Map.entry("glnx", "254"),
			Map.entry("gmn", "8013"), Map.entry("grai", "8003"), Map.entry("gsin", "402"), Map.entry("gsrn", "8018"),
			Map.entry("gsrnp", "8017"), Map.entry("gtin", "01"), Map.entry("itip", "8006"), Map.entry("lot", "10"),
			Map.entry("party", "417"), Map.entry("refno", "8020"), Map.entry("ser", "21"), Map.entry("srin", "8019"),
			Map.entry("sscc", "00"));

	private DigitalLinkParser() {
	}

	/**
	 * Parses a Digital Link URI.
	 * @param uri the URI
	 * @param options non-default options
	 * @return the parsed link
	 * @throws TraceabilityException ({@code invalid-digital-link}) when it is not a valid Digital Link
	 */
	static DigitalLink parse(String uri, DigitalLink.Options options) {
		if (uri == null || uri.isEmpty()) {
			throw DigitalLink.invalid("A Digital Link URI is required");
		}
		for (int i = 0; i < uri.length(); i++) {
			if (URI_CHARACTERS.indexOf(uri.charAt(i)) < 0) {
				throw DigitalLink.invalid("The URI contains a character that URIs do not allow: '" + uri.charAt(i) + "'");
			}
		}
		int hostStart;
		if (uri.startsWith("https://") || uri.startsWith("HTTPS://")) {
			hostStart = 8;
		}
		else if (uri.startsWith("http://") || uri.startsWith("HTTP://")) {
			hostStart = 7;
		}
		else {
			throw DigitalLink.invalid("A Digital Link starts with http:// or https://");
		}
		int slash = uri.indexOf('/', hostStart);
		if (slash < 0 || slash == hostStart) {
			throw DigitalLink.invalid("A Digital Link needs a host and a path");
		}
		for (int i = hostStart; i < slash; i++) {
			if (BAD_DOMAIN_CHARACTERS.indexOf(uri.charAt(i)) >= 0) {
				throw DigitalLink.invalid("The host contains an illegal character: '" + uri.charAt(i) + "'");
			}
		}
		String rest = uri.substring(slash);
		int hash = rest.indexOf('#');
		if (hash >= 0) {
			rest = rest.substring(0, hash);
		}
		String query = null;
		int question = rest.indexOf('?');
		if (question >= 0) {
			query = rest.substring(question + 1);
			rest = rest.substring(0, question);
		}
		String[] segments = rest.substring(1).split("/", -1);
		// Walk back from the end, pair by pair, to the rightmost primary key.
		int keyIndex = -1;
		for (int valueIndex = segments.length - 1; valueIndex >= 1; valueIndex -= 2) {
			AiEntry entry = entryForPath(segments[valueIndex - 1], options);
			if (entry == null) {
				break;
			}
			if (entry.primaryKey()) {
				keyIndex = valueIndex - 1;
				break;
			}
		}
		if (keyIndex < 0) {
			throw DigitalLink.invalid("No GS1 primary key (such as /01/ for a GTIN) was found in the path");
		}
		String stem = uri.substring(0, slash) + joinSegments(segments, 0, keyIndex);
		List<DigitalLink.Element> pathElements = new ArrayList<>();
		List<AiEntry> pathEntries = new ArrayList<>();
		for (int i = keyIndex; i < segments.length; i += 2) {
			AiEntry entry = entryForPath(segments[i], options);
			String raw = segments[i + 1];
			if (raw.isEmpty()) {
				throw DigitalLink.invalid("The value of AI (" + entry.ai() + ") in the path is empty");
			}
			String value = PercentEncoding.unescape(raw, false);
			if (options.permitZeroSuppressedGtin() && entry.ai().equals("01")) {
				value = padGtin(value);
			}
			AiValues.check(entry, value);
			pathElements.add(new DigitalLink.Element(entry.ai(), value));
			pathEntries.add(entry);
		}
		List<DigitalLink.Element> attributes = new ArrayList<>();
		List<AiEntry> attributeEntries = new ArrayList<>();
		List<String> others = new ArrayList<>();
		if (query != null) {
			for (String param : query.split("&")) {
				if (param.isEmpty()) {
					continue;
				}
				int eq = param.indexOf('=');
				if (eq < 0) {
					others.add(param);
					continue;
				}
				String name = param.substring(0, eq);
				AiEntry entry = null;
				if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
					entry = AiTable.lookup(name);
					if (entry == null && options.permitUnknownAIs()) {
						entry = AiTable.unknown(name);
					}
					if (entry == null) {
						throw DigitalLink.invalid("The query parameter '" + name + "' is numeric but not a GS1 AI");
					}
				}
				if (entry == null) {
					others.add(param);
					continue;
				}
				String raw = param.substring(eq + 1);
				if (raw.isEmpty()) {
					throw DigitalLink.invalid("The value of AI (" + name + ") in the query string is empty");
				}
				String value = PercentEncoding.unescape(raw, true);
				if (options.permitZeroSuppressedGtin() && entry.ai().equals("01")) {
					value = padGtin(value);
				}
				AiValues.check(entry, value);
				attributes.add(new DigitalLink.Element(entry.ai(), value));
				attributeEntries.add(entry);
			}
		}
		List<String> pathAis = pathElements.stream().map(DigitalLink.Element::ai).toList();
		if (!AiTable.isValidPath(String.join(" ", pathAis))) {
			throw DigitalLink.invalid("The path /" + String.join("/…/", pathAis)
					+ "/… is not a valid key with qualifiers in order (e.g. /01/…/22/…/10/…/21/…)");
		}
		List<String> seen = new ArrayList<>(pathAis);
		for (int i = 0; i < attributes.size(); i++) {
			String ai = attributes.get(i).ai();
			if (seen.contains(ai)) {
				throw DigitalLink.invalid("AI (" + ai + ") appears twice");
			}
			seen.add(ai);
			DataAttribute kind = attributeEntries.get(i).dataAttribute();
			if (kind == DataAttribute.NO
					|| (kind == DataAttribute.UNKNOWN && !options.unknownAiNotDlAttrCheckDisabled())) {
				throw DigitalLink.invalid("AI (" + ai + ") may not be a Digital Link data attribute");
			}
			for (int j = 1; j <= pathAis.size(); j++) {
				List<String> trial = new ArrayList<>(pathAis);
				trial.add(j, ai);
				if (AiTable.isValidPath(String.join(" ", trial))) {
					throw DigitalLink.invalid("AI (" + ai + ") belongs in the path, not in the query string");
				}
			}
		}
		return new DigitalLink(stem, pathElements, attributes, others);
	}

	private static AiEntry entryForPath(String segment, DigitalLink.Options options) {
		if (options.permitConvenienceAlphas() && segment.length() >= 3 && segment.length() <= 5
				&& !Character.isDigit(segment.charAt(0))) {
			String ai = CONVENIENCE_ALPHAS.get(segment);
			if (ai != null) {
				return AiTable.lookup(ai);
			}
		}
		AiEntry entry = AiTable.lookup(segment);
		if (entry == null && options.permitUnknownAIs()) {
			entry = AiTable.unknown(segment);
		}
		return entry;
	}

	private static String joinSegments(String[] segments, int from, int to) {
		StringBuilder sb = new StringBuilder();
		for (int i = from; i < to; i++) {
			sb.append('/').append(segments[i]);
		}
		return sb.toString();
	}

	private static String padGtin(String value) {
		int n = value.length();
		return (n == 8 || n == 12 || n == 13) ? "0".repeat(14 - n) + value : value;
	}

}
