package vn.nguon.traceability.gs1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.AiTable.AiEntry;
import vn.nguon.traceability.gs1.AiTable.DataAttribute;

/**
 * A GS1 Digital Link URI (uncompressed form, GS1 Digital Link 1.2 grammar): a stem (scheme, host
 * and any path before the identifiers), a primary key with its key qualifiers in the path, data
 * attributes in the query string, and other query parameters that are not AIs (kept, not
 * validated).
 * <p>
 * Parsing checks what a GS1 parser checks: scheme {@code http(s)} in one case, a host without
 * illegal characters, the rightmost primary key AI in the path, qualifiers that form a valid
 * ordered key-qualifier path (GTIN: 22, 10, 21 in that order, or 235), every value against its AI
 * format (length, character set 82 / 39 / 64, GS1 check digit, dates), data attributes that are AIs
 * allowed in a query string, not duplicated and not belonging in the path. Every rejection is a
 * {@link TraceabilityException} with code {@code invalid-digital-link}.
 *
 * @param stem scheme, host and any path before the primary key, without trailing slash
 * @param path primary key first, then its qualifiers, in path order
 * @param attributes data attributes from the query string, in received order
 * @param otherParameters query parameters that are not AIs, raw ({@code linkType=gs1:pip} ...)
 */
public record DigitalLink(String stem, List<Element> path, List<Element> attributes, List<String> otherParameters) {

	/** The canonical stem, used when building URIs without one. */
	public static final String CANONICAL_STEM = "https://id.gs1.org";

	/** Stable error code of every rejection. */
	public static final String ERROR_CODE = "invalid-digital-link";

	private static final String URI_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%";

	private static final String BAD_DOMAIN_CHARACTERS = "_~?#@!$&'()*+,;=%";

	private static final String CSET_39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

	private static final String CSET_64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=";

	/** Deprecated short names of AIs, accepted only with {@link Options#permitConvenienceAlphas()}. */
	private static final Map<String, String> CONVENIENCE_ALPHAS = Map.ofEntries(Map.entry("cpid", "8010"),
			Map.entry("cpsn", "8011"), Map.entry("cpv", "22"), Map.entry("gcn", "255"), Map.entry("gdti", "253"),
			Map.entry("giai", "8004"), Map.entry("ginc", "401"), Map.entry("gln", "414"), Map.entry("glnx", "254"),
			Map.entry("gmn", "8013"), Map.entry("grai", "8003"), Map.entry("gsin", "402"), Map.entry("gsrn", "8018"),
			Map.entry("gsrnp", "8017"), Map.entry("gtin", "01"), Map.entry("itip", "8006"), Map.entry("lot", "10"),
			Map.entry("party", "417"), Map.entry("refno", "8020"), Map.entry("ser", "21"), Map.entry("srin", "8019"),
			Map.entry("sscc", "00"));

	private static final Pattern BRACKETED_AI = Pattern.compile("\\((\\d{2,4})\\)");

	public DigitalLink {
		Objects.requireNonNull(stem, "stem");
		path = List.copyOf(path);
		attributes = List.copyOf(attributes);
		otherParameters = List.copyOf(otherParameters);
		if (path.isEmpty()) {
			throw invalid("A Digital Link needs a primary key");
		}
	}

	/**
	 * One AI and its (decoded) value.
	 * @param ai the AI digits, e.g. {@code 01}
	 * @param value the value, percent-decoded
	 */
	public record Element(String ai, String value) {

		public Element {
			Objects.requireNonNull(ai, "ai");
			Objects.requireNonNull(value, "value");
		}

	}

	/**
	 * Non-default parsing options, named as in the GS1 Syntax Engine; all off by default.
	 * @param permitConvenienceAlphas accept legacy path names such as {@code /gtin/}
	 * @param permitZeroSuppressedGtin accept GTIN-8, -12 and -13 for AI 01 and pad them to 14 digits
	 * @param permitUnknownAIs accept AIs not in the table
	 * @param unknownAiNotDlAttrCheckDisabled let unknown AIs be data attributes
	 */
	public record Options(boolean permitConvenienceAlphas, boolean permitZeroSuppressedGtin, boolean permitUnknownAIs,
			boolean unknownAiNotDlAttrCheckDisabled) {

		/** The strict defaults. */
		public static final Options DEFAULTS = new Options(false, false, false, false);

	}

	/**
	 * Parses a Digital Link URI with the default (strict) options.
	 * @param uri the URI
	 * @return the parsed link
	 * @throws TraceabilityException ({@code invalid-digital-link}) when it is not a valid Digital Link
	 */
	public static DigitalLink parse(String uri) {
		return parse(uri, Options.DEFAULTS);
	}

	/**
	 * Parses a Digital Link URI.
	 * @param uri the URI
	 * @param options non-default options
	 * @return the parsed link
	 * @throws TraceabilityException ({@code invalid-digital-link}) when it is not a valid Digital Link
	 */
	public static DigitalLink parse(String uri, Options options) {
		if (uri == null || uri.isEmpty()) {
			throw invalid("A Digital Link URI is required");
		}
		for (int i = 0; i < uri.length(); i++) {
			if (URI_CHARACTERS.indexOf(uri.charAt(i)) < 0) {
				throw invalid("The URI contains a character that URIs do not allow: '" + uri.charAt(i) + "'");
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
			throw invalid("A Digital Link starts with http:// or https://");
		}
		int slash = uri.indexOf('/', hostStart);
		if (slash < 0 || slash == hostStart) {
			throw invalid("A Digital Link needs a host and a path");
		}
		for (int i = hostStart; i < slash; i++) {
			if (BAD_DOMAIN_CHARACTERS.indexOf(uri.charAt(i)) >= 0) {
				throw invalid("The host contains an illegal character: '" + uri.charAt(i) + "'");
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
			throw invalid("No GS1 primary key (such as /01/ for a GTIN) was found in the path");
		}
		String stem = uri.substring(0, slash) + joinSegments(segments, 0, keyIndex);
		List<Element> pathElements = new ArrayList<>();
		List<AiEntry> pathEntries = new ArrayList<>();
		for (int i = keyIndex; i < segments.length; i += 2) {
			AiEntry entry = entryForPath(segments[i], options);
			String raw = segments[i + 1];
			if (raw.isEmpty()) {
				throw invalid("The value of AI (" + entry.ai() + ") in the path is empty");
			}
			String value = unescape(raw, false);
			if (options.permitZeroSuppressedGtin() && entry.ai().equals("01")) {
				value = padGtin(value);
			}
			checkValue(entry, value);
			pathElements.add(new Element(entry.ai(), value));
			pathEntries.add(entry);
		}
		List<Element> attributes = new ArrayList<>();
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
						throw invalid("The query parameter '" + name + "' is numeric but not a GS1 AI");
					}
				}
				if (entry == null) {
					others.add(param);
					continue;
				}
				String raw = param.substring(eq + 1);
				if (raw.isEmpty()) {
					throw invalid("The value of AI (" + name + ") in the query string is empty");
				}
				String value = unescape(raw, true);
				if (options.permitZeroSuppressedGtin() && entry.ai().equals("01")) {
					value = padGtin(value);
				}
				checkValue(entry, value);
				attributes.add(new Element(entry.ai(), value));
				attributeEntries.add(entry);
			}
		}
		List<String> pathAis = pathElements.stream().map(Element::ai).toList();
		if (!AiTable.isValidPath(String.join(" ", pathAis))) {
			throw invalid("The path /" + String.join("/…/", pathAis)
					+ "/… is not a valid key with qualifiers in order (e.g. /01/…/22/…/10/…/21/…)");
		}
		List<String> seen = new ArrayList<>(pathAis);
		for (int i = 0; i < attributes.size(); i++) {
			String ai = attributes.get(i).ai();
			if (seen.contains(ai)) {
				throw invalid("AI (" + ai + ") appears twice");
			}
			seen.add(ai);
			DataAttribute kind = attributeEntries.get(i).dataAttribute();
			if (kind == DataAttribute.NO
					|| (kind == DataAttribute.UNKNOWN && !options.unknownAiNotDlAttrCheckDisabled())) {
				throw invalid("AI (" + ai + ") may not be a Digital Link data attribute");
			}
			for (int j = 1; j <= pathAis.size(); j++) {
				List<String> trial = new ArrayList<>(pathAis);
				trial.add(j, ai);
				if (AiTable.isValidPath(String.join(" ", trial))) {
					throw invalid("AI (" + ai + ") belongs in the path, not in the query string");
				}
			}
		}
		return new DigitalLink(stem, pathElements, attributes, others);
	}

	/**
	 * Builds a Digital Link from GS1 element strings in bracketed form, as a GS1 encoder does: the
	 * first AI that is a primary key goes into the path with the qualifiers that match best; the
	 * other AIs become data attributes (predefined-length ones first), duplicates dropped.
	 * @param bracketed e.g. {@code (01)09520123456788(10)ABC123(17)201225}
	 * @param stem the stem ({@code null} for {@link #CANONICAL_STEM}); a trailing slash is trimmed
	 * @param options non-default options (unknown AIs)
	 * @return the link
	 * @throws TraceabilityException ({@code invalid-digital-link}) when no link can be built
	 */
	public static DigitalLink fromElementString(String bracketed, String stem, Options options) {
		List<Element> elements = new ArrayList<>();
		List<AiEntry> entries = new ArrayList<>();
		Matcher m = BRACKETED_AI.matcher(bracketed == null ? "" : bracketed);
		int previousEnd = -1;
		String previousAi = null;
		while (m.find()) {
			if (previousAi != null) {
				addElement(elements, entries, previousAi, bracketed.substring(previousEnd, m.start()), options);
			}
			else if (m.start() != 0) {
				throw invalid("An element string starts with a bracketed AI");
			}
			previousAi = m.group(1);
			previousEnd = m.end();
		}
		if (previousAi == null) {
			throw invalid("An element string starts with a bracketed AI");
		}
		addElement(elements, entries, previousAi, bracketed.substring(previousEnd), options);
		int keyPosition = -1;
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).primaryKey()) {
				keyPosition = i;
				break;
			}
		}
		if (keyPosition < 0) {
			throw invalid("A Digital Link cannot be made without a primary key AI");
		}
		String key = elements.get(keyPosition).ai();
		List<String> paths = AiTable.KEY_QUALIFIER_PATHS;
		int start = paths.indexOf(key);
		String best = key;
		int bestCount = 0;
		for (int p = start + 1; p < paths.size(); p++) {
			String[] tokens = paths.get(p).split(" ");
			if (!tokens[0].equals(key)) {
				break;
			}
			int count = 0;
			for (int t = 1; t < tokens.length; t++) {
				for (Element e : elements) {
					if (e.ai().equals(tokens[t])) {
						count++;
					}
				}
			}
			if (count > bestCount) {
				bestCount = count;
				best = paths.get(p);
			}
		}
		List<String> pathAis = List.of(best.split(" "));
		List<Element> path = new ArrayList<>();
		for (String ai : pathAis) {
			elements.stream().filter(e -> e.ai().equals(ai)).findFirst().ifPresent(path::add);
		}
		List<Element> attributes = new ArrayList<>();
		for (boolean fixedPass : new boolean[] { true, false }) {
			List<String> done = new ArrayList<>();
			for (int i = 0; i < elements.size(); i++) {
				Element e = elements.get(i);
				AiEntry entry = entries.get(i);
				if (entry.fixedLength() != fixedPass || pathAis.contains(e.ai()) || done.contains(e.ai())) {
					continue;
				}
				done.add(e.ai());
				if (entry.dataAttribute() == DataAttribute.NO || (entry.dataAttribute() == DataAttribute.UNKNOWN
						&& !options.unknownAiNotDlAttrCheckDisabled())) {
					throw invalid("AI (" + e.ai() + ") may not be a Digital Link data attribute");
				}
				attributes.add(e);
			}
		}
		String s = (stem == null) ? CANONICAL_STEM : stem;
		if (s.endsWith("/")) {
			s = s.substring(0, s.length() - 1);
		}
		return new DigitalLink(s, path, attributes, List.of());
	}

	/**
	 * The Digital Link of a lot (or of one serialised unit of it).
	 * @param stem scheme and host, e.g. the public base URL
	 * @param lot the lot
	 * @param serial the serial number (AI 21), or {@code null}
	 * @return the link
	 */
	public static DigitalLink of(String stem, LotRef lot, String serial) {
		List<Element> path = new ArrayList<>();
		path.add(new Element("01", lot.gtin().value()));
		path.add(new Element("10", lot.lot().value()));
		if (serial != null) {
			checkValue(AiTable.lookup("21"), serial);
			path.add(new Element("21", serial));
		}
		return new DigitalLink(trimSlash(stem), path, List.of(), List.of());
	}

	/**
	 * The Digital Link of a product (GTIN only).
	 * @param stem scheme and host
	 * @param gtin the product
	 * @return the link
	 */
	public static DigitalLink of(String stem, Gtin gtin) {
		return new DigitalLink(trimSlash(stem), List.of(new Element("01", gtin.value())), List.of(), List.of());
	}

	/** @return the URI: stem, percent-encoded path, then data attributes (other parameters are not written) */
	public String toUri() {
		StringBuilder sb = new StringBuilder(this.stem);
		sb.append(pathString());
		String sep = "?";
		for (Element e : this.attributes) {
			sb.append(sep).append(e.ai()).append('=').append(escape(e.value(), true));
			sep = "&";
		}
		return sb.toString();
	}

	/** @return the identifier part of the path, e.g. {@code /01/09520123456788/10/ABC%2F1} */
	public String pathString() {
		StringBuilder sb = new StringBuilder();
		for (Element e : this.path) {
			sb.append('/').append(e.ai()).append('/').append(escape(e.value(), false));
		}
		return sb.toString();
	}

	/**
	 * @return the GS1 element string in the notation of the GS1 Syntax Engine: {@code ^} for the leading
	 * FNC1 and for each separator after a variable-length AI, path AIs first, then attributes
	 */
	public String elementString() {
		StringBuilder sb = new StringBuilder();
		boolean fnc1 = true;
		List<Element> all = new ArrayList<>(this.path);
		all.addAll(this.attributes);
		for (Element e : all) {
			if (fnc1) {
				sb.append('^');
			}
			sb.append(e.ai()).append(e.value());
			AiEntry entry = AiTable.lookup(e.ai());
			fnc1 = entry == null || !entry.fixedLength();
		}
		return sb.toString();
	}

	/** @return the primary key AI, e.g. {@code 01} */
	public String primaryKeyAi() {
		return this.path.get(0).ai();
	}

	/**
	 * @param ai an AI
	 * @return its value in the path or attributes, if present
	 */
	public Optional<String> value(String ai) {
		for (Element e : this.path) {
			if (e.ai().equals(ai)) {
				return Optional.of(e.value());
			}
		}
		for (Element e : this.attributes) {
			if (e.ai().equals(ai)) {
				return Optional.of(e.value());
			}
		}
		return Optional.empty();
	}

	/** @return the GTIN when the primary key is AI 01 */
	public Optional<Gtin> gtin() {
		return primaryKeyAi().equals("01") ? Optional.of(new Gtin(this.path.get(0).value())) : Optional.empty();
	}

	/** @return the lot when the path is {@code /01/…/10/…} (with or without 22 or 21) */
	public Optional<LotRef> lotRef() {
		if (!primaryKeyAi().equals("01")) {
			return Optional.empty();
		}
		return this.path.stream()
			.filter(e -> e.ai().equals("10"))
			.findFirst()
			.map(e -> new LotRef(new Gtin(this.path.get(0).value()), new LotCode(e.value())));
	}

	/** @return the serial (AI 21) in the path, if any */
	public Optional<String> serial() {
		return this.path.stream().filter(e -> e.ai().equals("21")).map(Element::value).findFirst();
	}

	/**
	 * @param stem another stem
	 * @return the same identifiers under another stem, without data attributes or other parameters
	 */
	public DigitalLink withStem(String stem) {
		return new DigitalLink(trimSlash(stem), this.path, List.of(), List.of());
	}

	@Override
	public String toString() {
		return toUri();
	}

	/**
	 * Checks a GS1 key's mod-10 check digit (GTIN-8/12/13/14, GLN, SSCC...).
	 * @param digits the key including its check digit
	 * @return {@code null} when valid, else one of {@code too-short}, {@code non-digit}, {@code incorrect-check-digit}
	 */
	public static String checkDigitError(String digits) {
		if (digits == null || digits.isEmpty()) {
			return "too-short";
		}
		for (int i = 0; i < digits.length(); i++) {
			if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
				return "non-digit";
			}
		}
		int expected = Gtin.checkDigit(digits.substring(0, digits.length() - 1));
		return (expected == digits.charAt(digits.length() - 1) - '0') ? null : "incorrect-check-digit";
	}

	/**
	 * Percent-encodes a value for a Digital Link: unreserved characters stay, everything else
	 * (including {@code +} and {@code /}) is {@code %XX}; in a query a space becomes {@code +}. A path
	 * value that is a dot-segment ({@code .} or {@code ..}) has its dots encoded too ({@code %2E}), or
	 * every URL client would remove the segment (RFC 3986 section 5.2.4) and the label's link would lead
	 * elsewhere.
	 * @param value the value
	 * @param query whether it goes into a query string
	 * @return the encoded value
	 */
	public static String escape(String value, boolean query) {
		if (!query && (".".equals(value) || "..".equals(value))) {
			return value.replace(".", "%2E");
		}
		StringBuilder sb = new StringBuilder(value.length() + 8);
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				sb.append((char) c);
			}
			else if (c == ' ' && query) {
				sb.append('+');
			}
			else {
				sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
			}
		}
		return sb.toString();
	}

	private static void addElement(List<Element> elements, List<AiEntry> entries, String ai, String value,
			Options options) {
		AiEntry entry = AiTable.lookup(ai);
		if (entry == null && options.permitUnknownAIs()) {
			entry = AiTable.unknown(ai);
		}
		if (entry == null) {
			throw invalid("Unknown AI (" + ai + ")");
		}
		checkValue(entry, value);
		elements.add(new Element(ai, value));
		entries.add(entry);
	}

	private static AiEntry entryForPath(String segment, Options options) {
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

	private static String trimSlash(String stem) {
		Objects.requireNonNull(stem, "stem");
		return stem.endsWith("/") ? stem.substring(0, stem.length() - 1) : stem;
	}

	/** Decodes %XX (bytes, read as UTF-8) and, in a query, '+' as a space; a decoded NUL is refused. */
	private static String unescape(String raw, boolean query) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
				int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
				if (b == 0) {
					throw invalid("A decoded value contains a NUL character");
				}
				out.write(b);
				i += 2;
			}
			else if (c == '+' && query) {
				out.write(' ');
			}
			else {
				out.write(c);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	/** Checks a value against the AI's format, component by component, and the components' linters. */
	static void checkValue(AiEntry entry, String value) {
		int pos = 0;
		for (AiTable.Component component : entry.components()) {
			if (pos >= value.length()) {
				if (component.optional()) {
					break;
				}
				throw invalid("The value of AI (" + entry.ai() + ") is too short: '" + value + "'");
			}
			int take = (component.min() == component.max()) ? component.max()
					: Math.min(component.max(), value.length() - pos);
			if (pos + take > value.length()) {
				throw invalid("The value of AI (" + entry.ai() + ") is too short: '" + value + "'");
			}
			String part = value.substring(pos, pos + take);
			checkCharacters(entry, component.type(), part, value);
			for (String linter : component.linters()) {
				lint(entry, linter, part, value);
			}
			pos += take;
		}
		if (pos < value.length()) {
			throw invalid("The value of AI (" + entry.ai() + ") is too long: '" + value + "'");
		}
	}

	private static void checkCharacters(AiEntry entry, char type, String part, String value) {
		String allowed = switch (type) {
			case 'N' -> "0123456789";
			case 'X' -> LotCode.CSET_82;
			case 'Y' -> CSET_39;
			default -> CSET_64;
		};
		for (int i = 0; i < part.length(); i++) {
			if (allowed.indexOf(part.charAt(i)) < 0) {
				throw invalid("The value of AI (" + entry.ai() + ") contains '" + part.charAt(i)
						+ "', which its format does not allow: '" + value + "'");
			}
		}
	}

	private static void lint(AiEntry entry, String linter, String part, String value) {
		boolean ok = switch (linter) {
			case "csum" -> checkDigitError(part) == null;
			case "yymmd0" -> date(part, true);
			case "yymmdd" -> date(part, false);
			case "yyyymmd0" -> part.length() == 8 && date(part.substring(2), true);
			case "yyyymmdd" -> part.length() == 8 && date(part.substring(2), false);
			case "hhmi" -> part.length() == 4 && Integer.parseInt(part.substring(0, 2)) < 24
					&& Integer.parseInt(part.substring(2)) < 60;
			case "hh" -> Integer.parseInt(part) < 24;
			case "mi", "ss" -> Integer.parseInt(part) < 60;
			case "zero" -> part.equals("0");
			case "nonzero" -> !part.chars().allMatch(c -> c == '0');
			case "yesno" -> part.equals("0") || part.equals("1");
			case "hyphen" -> part.equals("-");
			case "nozeroprefix" -> part.equals("0") || !part.startsWith("0");
			// Other linters (company prefix positions, ISO code lists, IBAN ...) are not checked here.
			default -> true;
		};
		if (!ok) {
			throw invalid("The value of AI (" + entry.ai() + ") fails the " + linter + " check: '" + value + "'");
		}
	}

	private static boolean date(String yymmdd, boolean dayZeroAllowed) {
		int month = Integer.parseInt(yymmdd.substring(2, 4));
		int day = Integer.parseInt(yymmdd.substring(4, 6));
		if (month < 1 || month > 12) {
			return false;
		}
		if (day == 0) {
			return dayZeroAllowed;
		}
		int year = 2000 + Integer.parseInt(yymmdd.substring(0, 2));
		return day <= java.time.YearMonth.of(year, month).lengthOfMonth();
	}

	private static TraceabilityException invalid(String message) {
		return TraceabilityException.invalid(ERROR_CODE, message, message);
	}

}
