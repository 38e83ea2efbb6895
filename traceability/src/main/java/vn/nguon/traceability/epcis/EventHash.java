package vn.nguon.traceability.epcis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The CBV 2.0 event hash id ({@code ni:///sha-256;<hex>?ver=CBV2.0}), the identity of an event
 * that was captured without {@code eventID}.
 * <p>
 * The pre-hash string follows the CBV 2.0 canonicalisation: {@code eventType=...}, then the
 * standard fields in the fixed CBV order, each as {@code name=value} with nested elements
 * prefixed by their parent's name; the items of a list are sorted; timestamps in UTC with
 * milliseconds; CBV values as their web URIs ({@code https://ref.gs1.org/cbv/BizStep-shipping});
 * GS1 identifiers as canonical GS1 Digital Link URIs on {@code id.gs1.org}; numbers without
 * superfluous zeros; then the user extension fields (names expanded to their namespace URI),
 * sorted. {@code eventID}, {@code recordTime}, {@code errorDeclaration},
 * {@code certificationInfo} and {@code @context} do not take part. Field order and list order in
 * the JSON therefore never change the hash.
 */
public final class EventHash {

	private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");


	private static final Set<String> NOT_HASHED = Set.of("type", "@context", "eventID", "recordTime",
			"errorDeclaration", "certificationInfo");

	private static final List<String> ORDER = List.of("eventTime", "eventTimeZoneOffset", "epcList", "parentID",
			"inputEPCList", "childEPCs", "quantityList", "childQuantityList", "inputQuantityList", "outputEPCList",
			"outputQuantityList", "action", "transformationID", "bizStep", "disposition", "persistentDisposition",
			"readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList");

	private EventHash() {
	}

	/**
	 * @param event the event object
	 * @param prefixes namespace prefixes declared in the {@code @context}s ({@code "example" -> "https://ns.example.com/epcis/"})
	 * @return the hash id
	 */
	public static String of(JsonNode event, Map<String, String> prefixes) {
		return id(prehash(event, prefixes));
	}

	static String id(String prehash) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(prehash.getBytes(StandardCharsets.UTF_8));
			return "ni:///sha-256;" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param event the event object
	 * @param prefixes namespace prefixes
	 * @return the canonical pre-hash string
	 */
	public static String prehash(JsonNode event, Map<String, String> prefixes) {
		StringBuilder sb = new StringBuilder(512);
		sb.append("eventType=").append(event.path("type").asString(""));
		for (String name : ORDER) {
			JsonNode v = event.get(name);
			if (v == null || v.isNull()) {
				continue;
			}
			switch (name) {
				case "eventTime" -> sb.append("eventTime=").append(time(v.asString()));
				case "epcList", "inputEPCList", "childEPCs", "outputEPCList" -> {
					List<String> items = new ArrayList<>();
					for (JsonNode epc : v) {
						items.add("epc=" + identifier(epc.asString()));
					}
					appendList(sb, name, items);
				}
				case "quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList" -> {
					List<String> items = new ArrayList<>();
					for (JsonNode q : v) {
						StringBuilder item = new StringBuilder("quantityElement");
						if (q.has("epcClass")) {
							item.append("epcClass=").append(identifier(q.get("epcClass").asString()));
						}
						if (q.has("quantity")) {
							item.append("quantity=").append(number(q.get("quantity")));
						}
						if (q.has("uom")) {
							item.append("uom=").append(q.get("uom").asString().trim());
						}
						items.add(item.toString());
					}
					appendList(sb, name, items);
				}
				case "bizStep" -> sb.append("bizStep=").append(vocabulary(v.asString(), "BizStep"));
				case "disposition" -> sb.append("disposition=").append(vocabulary(v.asString(), "Disp"));
				case "persistentDisposition" -> {
					StringBuilder pd = new StringBuilder();
					for (String part : List.of("set", "unset")) {
						List<String> items = new ArrayList<>();
						for (JsonNode d : v.path(part)) {
							items.add(part + "=" + vocabulary(d.asString(), "Disp"));
						}
						Collections.sort(items);
						items.forEach(pd::append);
					}
					if (!pd.isEmpty()) {
						sb.append(name).append(pd);
					}
				}
				case "readPoint", "bizLocation" -> {
					if (v.has("id")) {
						sb.append(name).append("id=").append(identifier(v.get("id").asString()));
					}
				}
				case "bizTransactionList", "sourceList", "destinationList" -> {
					String field = switch (name) {
						case "bizTransactionList" -> "bizTransaction";
						case "sourceList" -> "source";
						default -> "destination";
					};
					String vocab = "bizTransactionList".equals(name) ? "BTT" : "SDT";
					List<String> items = new ArrayList<>();
					for (JsonNode item : v) {
						StringBuilder s = new StringBuilder();
						if (item.has("type")) {
							s.append("type=").append(vocabulary(item.get("type").asString(), vocab));
						}
						if (item.has(field)) {
							s.append(field).append('=').append(identifier(item.get(field).asString()));
						}
						items.add(s.toString());
					}
					appendList(sb, name, items);
				}
				case "sensorElementList" -> sb.append(generic(name, v, prefixes));
				default -> sb.append(name).append('=').append(scalar(v));
			}
		}
		List<String> rest = new ArrayList<>();
		for (Map.Entry<String, JsonNode> field : event.properties()) {
			String name = field.getKey();
			if (NOT_HASHED.contains(name) || ORDER.contains(name)) {
				continue;
			}
			rest.add(generic(expand(name, prefixes), field.getValue(), prefixes));
		}
		Collections.sort(rest);
		rest.forEach(sb::append);
		return sb.toString();
	}

	private static void appendList(StringBuilder sb, String name, List<String> items) {
		if (items.isEmpty()) {
			return;
		}
		Collections.sort(items);
		sb.append(name);
		items.forEach(sb::append);
	}

	private static String generic(String name, JsonNode v, Map<String, String> prefixes) {
		if (v.isArray()) {
			List<String> items = new ArrayList<>();
			for (JsonNode item : v) {
				items.add(generic(name, item, prefixes));
			}
			Collections.sort(items);
			return String.join("", items);
		}
		if (v.isObject()) {
			List<String> children = new ArrayList<>();
			for (Map.Entry<String, JsonNode> f : v.properties()) {
				if (f.getKey().startsWith("@")) {
					continue;
				}
				children.add(generic(expand(f.getKey(), prefixes), f.getValue(), prefixes));
			}
			Collections.sort(children);
			return name + String.join("", children);
		}
		if (v.isNull()) {
			return name;
		}
		return name + "=" + scalar(v);
	}

	private static String scalar(JsonNode v) {
		if (v.isNumber()) {
			return number(v);
		}
		String s = v.asString().trim();
		if (s.startsWith("urn:epc:") || s.startsWith("http")) {
			return identifier(s);
		}
		return s;
	}

	private static String number(JsonNode v) {
		BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asString().trim());
		return d.stripTrailingZeros().toPlainString();
	}

	private static String expand(String name, Map<String, String> prefixes) {
		int colon = name.indexOf(':');
		if (colon > 0 && !name.startsWith("http")) {
			String ns = prefixes.get(name.substring(0, colon));
			if (ns != null) {
				return ns + name.substring(colon + 1);
			}
		}
		return name;
	}

	static String time(String value) {
		try {
			return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).format(UTC_MILLIS);
		}
		catch (DateTimeParseException ex) {
			return value;
		}
	}

	/** CBV value as its web URI: {@code shipping} and {@code urn:epcglobal:cbv:bizstep:shipping} alike. */
	static String vocabulary(String value, String kind) {
		String word = Vocabulary.bare(value.trim(), kind);
		return word.contains(":") ? word : "https://ref.gs1.org/cbv/" + kind + "-" + word;
	}

	/** GS1 identifiers as canonical Digital Link URIs; other identifiers as sent. */
	static String identifier(String value) {
		String key = Identifiers.canonical(value);
		return (!key.isEmpty() && Character.isDigit(key.charAt(0))) ? "https://id.gs1.org/" + key : key;
	}

}
