package vn.nguon.traceability.gs1;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.AiTable.AiEntry;

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
 * <p>
 * The work is split by concern: {@link DigitalLinkParser} reads URIs, {@link ElementStrings} turns
 * bracketed element strings into links, {@link AiValues} checks values against their AI's format, and
 * {@link PercentEncoding} encodes and decodes them; this record is the value and its renderings.
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
		return DigitalLinkParser.parse(uri, options);
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
		return ElementStrings.fromElementString(bracketed, stem, options);
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
			AiValues.check(AiTable.lookup("21"), serial);
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
		return AiValues.checkDigitError(digits);
	}

	/**
	 * Percent-encodes a value for a Digital Link (see {@link PercentEncoding#escape}): unreserved characters
	 * stay, everything else is {@code %XX}, a space in a query is {@code +}, a dot-segment path value has
	 * its dots encoded.
	 * @param value the value
	 * @param query whether it goes into a query string
	 * @return the encoded value
	 */
	public static String escape(String value, boolean query) {
		return PercentEncoding.escape(value, query);
	}

	private static String trimSlash(String stem) {
		Objects.requireNonNull(stem, "stem");
		return stem.endsWith("/") ? stem.substring(0, stem.length() - 1) : stem;
	}

	static TraceabilityException invalid(String message) {
		return TraceabilityException.invalid(ERROR_CODE, message, message);
	}

}
