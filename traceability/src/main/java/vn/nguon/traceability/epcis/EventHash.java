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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * The CBV 2.0 event hash id ({@code ni:///sha-256;<hex>?ver=CBV2.0}), the identity of an event
 * that was captured without {@code eventID}.
 * <p>
 * The pre-hash string follows CBV 2.0 section 8.9: {@code eventType=...}, then the standard fields
 * in the fixed CBV order ({@code eventTime}, {@code eventTimeZoneOffset}, {@code certificationInfo},
 * the EPC and quantity lists, {@code action} ... {@code destinationList}, the sensor elements,
 * {@code ilmd}), each as {@code name=value} with nested elements prefixed by their parent's name
 * and their own fields in the standard's order (CBV 2.0 names each {@code sensorElement} but not
 * the {@code sensorElementList}); the items of a list are sorted; timestamps in UTC with
 * milliseconds; CBV values as their web URIs ({@code https://ref.gs1.org/cbv/BizStep-shipping},
 * sensor types {@code https://gs1.org/voc/Temperature}); EPC URNs of every GS1 key type and GS1
 * Digital Link URIs on any domain as canonical GS1 Digital Link URIs on {@code id.gs1.org}; numbers
 * (also numbers written as strings in user extensions) without superfluous zeros. Then the user
 * extension fields, sorted, named {@code {namespace}localName} with the prefix expanded from the
 * {@code @context} (CBV master data {@code cbvmda:} with the namespace of its XML binding,
 * {@code urn:epcglobal:cbv:mda}); those inside standard fields (a sensor report's, say) come here
 * too, under the names of the fields they are in (CBV 2.1 moves them beneath their field).
 * {@code eventID}, {@code recordTime}, {@code errorDeclaration} and {@code @context} do not take
 * part. Field order and list order in the JSON therefore never change the hash.
 * {@code EventHashOracleTests} compares it with OpenEPCIS's implementation.
 * <p>
 * Over 300 lines: the canonicalisation of CBV 2.0 section 8.9 is one ordered list of rules, kept in one place
 * so it can be checked against the standard line by line.
 */
public final class EventHash {

	private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

	private static final Set<String> NOT_HASHED = Set.of("type", "@context", "eventID", "recordTime",
			"errorDeclaration", "rdfs:comment", "comment");

	private static final List<String> ORDER = List.of("eventTime", "eventTimeZoneOffset", "certificationInfo",
			"epcList", "parentID", "inputEPCList", "childEPCs", "quantityList", "childQuantityList",
			"inputQuantityList", "outputEPCList", "outputQuantityList", "action", "transformationID", "bizStep",
			"disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
			"destinationList", "sensorElementList", "ilmd");

	private static final List<String> SENSOR_METADATA = List.of("time", "startTime", "endTime", "deviceID",
			"deviceMetadata", "rawData", "dataProcessingMethod", "bizRules");

	private static final List<String> SENSOR_REPORT = List.of("type", "exception", "deviceID", "deviceMetadata",
			"rawData", "dataProcessingMethod", "time", "microorganism", "chemicalSubstance", "value", "component",
			"stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue", "maxValue", "meanValue", "sDev",
			"percRank", "percValue", "uom", "coordinateReferenceSystem");

	private static final Pattern NUMERIC = Pattern.compile("-?\\d+(\\.\\d+)?");

	private static final Set<String> TIMES = Set.of("time", "startTime", "endTime");

	/** Prefixes of the EPCIS 2.0 context that events use without declaring them. */
	private static final Map<String, String> DEFAULT_PREFIXES = Map.of("cbvmda", "urn:epcglobal:cbv:mda",
			"gs1", "https://gs1.org/voc/", "cbv", "https://ref.gs1.org/cbv/", "epcis", "https://ref.gs1.org/epcis/");

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
	 * @param declared namespace prefixes
	 * @return the canonical pre-hash string
	 */
	public static String prehash(JsonNode event, Map<String, String> declared) {
		Map<String, String> prefixes = new HashMap<>(DEFAULT_PREFIXES);
		prefixes.putAll(declared);
		// the XML binding's namespace of the CBV master data attributes, whatever the context spells it
		if ("urn:epcglobal:cbv:mda:".equals(prefixes.get("cbvmda"))) {
			prefixes.put("cbvmda", "urn:epcglobal:cbv:mda");
		}
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
				case "sensorElementList" -> {
					// CBV 2.0 names each sensorElement but not the list (CBV 2.1 adds sensorElementList)
					List<String> items = new ArrayList<>();
					for (JsonNode element : v) {
						items.add(sensorElement(element));
					}
					Collections.sort(items);
					items.forEach(sb::append);
				}
				case "ilmd" -> sb.append("ilmd").append(extensions(v, Set.of(), prefixes));
				case "certificationInfo" -> {
					List<String> items = new ArrayList<>();
					for (JsonNode c : v.isArray() ? (Iterable<JsonNode>) v : List.of(v)) {
						items.add("certificationInfo=" + scalar(c));
					}
					Collections.sort(items);
					items.forEach(sb::append);
				}
				default -> sb.append(name).append('=').append(scalar(v));
			}
		}
		List<String> rest = new ArrayList<>(nestedExtensions(event, prefixes));
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

	/**
	 * {@code sensorElement}, its {@code sensorMetadata}'s standard fields, then its sorted
	 * {@code sensorReport}s' standard fields.
	 */
	private static String sensorElement(JsonNode element) {
		StringBuilder s = new StringBuilder("sensorElement");
		JsonNode metadata = element.get("sensorMetadata");
		if (metadata != null && metadata.isObject()) {
			s.append("sensorMetadata").append(sensorFields(metadata, SENSOR_METADATA));
		}
		List<String> reports = new ArrayList<>();
		for (JsonNode report : element.path("sensorReport")) {
			reports.add("sensorReport" + sensorFields(report, SENSOR_REPORT));
		}
		Collections.sort(reports);
		reports.forEach(s::append);
		return s.toString();
	}

	private static String sensorFields(JsonNode node, List<String> order) {
		StringBuilder s = new StringBuilder();
		for (String field : order) {
			JsonNode v = node.get(field);
			if (v == null || v.isNull()) {
				continue;
			}
			String value;
			if (TIMES.contains(field)) {
				value = time(v.asString());
			}
			else if ("type".equals(field) || "exception".equals(field)) {
				value = word(v.asString(), "https://gs1.org/voc/");
			}
			else if ("component".equals(field)) {
				value = word(v.asString(), "https://ref.gs1.org/cbv/Comp-");
			}
			else {
				value = scalar(v);
			}
			s.append(field).append('=').append(value);
		}
		return s.toString();
	}

	/**
	 * The user extensions inside standard fields ({@code readPoint}, {@code bizLocation}, a
	 * sensor element, its metadata and reports), each under the names of the standard fields it
	 * is in: CBV 2.0 puts them with the other user extensions after the standard fields (CBV 2.1
	 * moves them beneath their field). A field the standard does not list for its element, such
	 * as {@code bizRules} in a {@code sensorReport}, counts as an extension there.
	 */
	private static List<String> nestedExtensions(JsonNode event, Map<String, String> prefixes) {
		List<String> out = new ArrayList<>();
		for (String name : List.of("readPoint", "bizLocation")) {
			JsonNode v = event.get(name);
			if (v != null && v.isObject()) {
				String ext = extensions(v, Set.of("id"), prefixes);
				if (!ext.isEmpty()) {
					out.add(name + ext);
				}
			}
		}
		for (JsonNode element : event.path("sensorElementList")) {
			StringBuilder s = new StringBuilder();
			JsonNode metadata = element.get("sensorMetadata");
			if (metadata != null && metadata.isObject()) {
				String ext = extensions(metadata, Set.copyOf(SENSOR_METADATA), prefixes);
				if (!ext.isEmpty()) {
					s.append("sensorMetadata").append(ext);
				}
			}
			List<String> reports = new ArrayList<>();
			for (JsonNode report : element.path("sensorReport")) {
				String ext = extensions(report, Set.copyOf(SENSOR_REPORT), prefixes);
				if (!ext.isEmpty()) {
					reports.add("sensorReport" + ext);
				}
			}
			Collections.sort(reports);
			reports.forEach(s::append);
			s.append(extensions(element, Set.of("sensorMetadata", "sensorReport"), prefixes));
			if (!s.isEmpty()) {
				out.add("sensorElement" + s);
			}
		}
		return out;
	}

	/** A bare word of a vocabulary as its URI; a URI or compact URI as sent. */
	private static String word(String value, String base) {
		String v = value.trim();
		return v.contains(":") ? v : base + v;
	}

	/** The fields of an object other than the standard ones, as sorted user extensions. */
	private static String extensions(JsonNode node, Set<String> standard, Map<String, String> prefixes) {
		List<String> items = new ArrayList<>();
		for (Map.Entry<String, JsonNode> f : node.properties()) {
			if (standard.contains(f.getKey()) || f.getKey().startsWith("@")) {
				continue;
			}
			items.add(generic(expand(f.getKey(), prefixes), f.getValue(), prefixes));
		}
		Collections.sort(items);
		return String.join("", items);
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
			return name + extensions(v, Set.of(), prefixes);
		}
		if (v.isString() && NUMERIC.matcher(v.asString().trim()).matches()) {
			// a number in a string reads as the same number in XML
			return name + "=" + number(v);
		}
		return name + "=" + scalar(v);
	}

	private static String scalar(JsonNode v) {
		if (v.isNumber()) {
			return number(v);
		}
		if (v.isNull()) {
			return "null";
		}
		String s = v.asString().trim();
		if (s.startsWith("urn:epc:") || s.startsWith("http")) {
			try {
				return identifier(s);
			}
			catch (EpcisException ex) {
				return s;
			}
		}
		return s;
	}

	private static String number(JsonNode v) {
		BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asString().trim());
		return d.stripTrailingZeros().toPlainString();
	}

	/** A user extension name as {@code {namespace}localName}; names of undeclared prefixes as sent. */
	private static String expand(String name, Map<String, String> prefixes) {
		int colon = name.indexOf(':');
		if (colon > 0 && !name.startsWith("http")) {
			String ns = prefixes.get(name.substring(0, colon));
			if (ns != null) {
				return "{" + ns + "}" + name.substring(colon + 1);
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

	/** GS1 identifiers (EPC URNs of every GS1 key, Digital Link URIs) as canonical Digital Link URIs; others as sent. */
	static String identifier(String value) {
		String s = value.trim();
		String key = s.startsWith("urn:epc:id:") ? EpcUris.digitalLinkPath(s) : null;
		if (key == null) {
			key = Identifiers.canonical(s);
		}
		return (!key.isEmpty() && Character.isDigit(key.charAt(0))) ? "https://id.gs1.org/" + key : key;
	}

}
