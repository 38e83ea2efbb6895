package vn.nguon.traceability.epcis;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.TraceabilityException;

/**
 * Reads EPCIS 2.0 JSON-LD: checks each event against the rules of the EPCIS 2.0 JSON schema
 * (event types, required fields, field types, actions), the CBV (GS1 identifiers with valid check
 * digits, lots and serials in character set 82, {@code eventTimeZoneOffset} within ±14:00), gives
 * events without {@code eventID} their CBV 2.0 hash id, and derives what the store indexes.
 * Every failure is an {@link EpcisException} of type {@code ValidationException}.
 * <p>
 * {@link #parse} reads one event in steps (type, times, action, fields, error declaration, keys, id),
 * each its own method; they stay in one class (over 300 lines) because they share the field tables above
 * and read the same event once, in order.
 */
public final class EventParser {

	/** The event types of EPCIS 2.0. */
	public static final List<String> EVENT_TYPES = List.of("ObjectEvent", "AggregationEvent", "TransactionEvent",
			"TransformationEvent", "AssociationEvent");

	private static final Pattern OFFSET = Pattern.compile("([+-])([0-9]{2}):([0-9]{2})");

	private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:\\S+");

	private static final Set<String> ACTIONS = Set.of("ADD", "OBSERVE", "DELETE");

	private static final Set<String> EPC_LISTS = Set.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");

	private static final Set<String> QUANTITY_LISTS = Set.of("quantityList", "childQuantityList", "inputQuantityList",
			"outputQuantityList");

	private static final Map<String, Set<String>> ALLOWED = Map.of("ObjectEvent",
			Set.of("epcList", "quantityList", "ilmd"), "AggregationEvent",
			Set.of("parentID", "childEPCs", "childQuantityList"), "TransactionEvent",
			Set.of("parentID", "epcList", "quantityList"), "TransformationEvent",
			Set.of("inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "ilmd"),
			"AssociationEvent", Set.of("parentID", "childEPCs", "childQuantityList"));

	private static final Set<String> TYPE_SPECIFIC = Set.of("epcList", "quantityList", "ilmd", "parentID", "childEPCs",
			"childQuantityList", "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList",
			"transformationID");

	private EventParser() {
	}

	/**
	 * The events of an EPCISDocument ({@code eventList} at the top or under {@code epcisBody}).
	 * @param document the document
	 * @return its events
	 */
	public static ArrayNode eventList(JsonNode document) {
		if (document == null || !document.isObject()) {
			throw EpcisException.validation("epcis-not-a-document", "The body must be a JSON object (an EPCISDocument).");
		}
		String type = document.path("type").asString("");
		if (!"EPCISDocument".equals(type)) {
			throw EpcisException.validation("epcis-not-a-document",
					"The body must be an EPCISDocument (\"type\": \"EPCISDocument\"), not '" + type + "'.", type);
		}
		requireString(document, "schemaVersion", "document");
		requireString(document, "creationDate", "document");
		if (dateTime(document.get("creationDate").asString()) == null) {
			throw invalid("document", "creationDate", "is not a date-time with a time zone");
		}
		JsonNode list = document.path("epcisBody").path("eventList");
		if (!list.isArray()) {
			throw EpcisException.validation("epcis-invalid-event",
					"The document needs epcisBody.eventList, an array of events.", "document", "epcisBody.eventList",
					"missing");
		}
		return (ArrayNode) list;
	}

	/**
	 * Namespace prefixes declared in one or more {@code @context} values.
	 * @param contexts {@code @context} nodes, outermost first
	 * @return prefix to namespace URI
	 */
	public static Map<String, String> prefixes(JsonNode... contexts) {
		Map<String, String> out = new HashMap<>();
		for (JsonNode context : contexts) {
			if (context == null) {
				continue;
			}
			List<JsonNode> items = new ArrayList<>();
			if (context.isArray()) {
				context.forEach(items::add);
			}
			else {
				items.add(context);
			}
			for (JsonNode item : items) {
				if (item.isObject()) {
					for (Map.Entry<String, JsonNode> e : item.properties()) {
						if (e.getValue().isString()) {
							out.put(e.getKey(), e.getValue().asString());
						}
					}
				}
			}
		}
		return out;
	}

	/**
	 * Validates one event and prepares it for storage.
	 * @param node the event object
	 * @param where position for messages, e.g. {@code eventList[3]}
	 * @param prefixes namespace prefixes in scope (from the document's {@code @context})
	 * @return the parsed event; its {@code doc} is a copy of {@code node} with {@code eventID} set
	 */
	public static ParsedEvent parse(JsonNode node, String where, Map<String, String> prefixes) {
		if (node == null || !node.isObject()) {
			throw EpcisException.validation("epcis-invalid-event", where + ": an event must be a JSON object.", where,
					"", "not an object");
		}
		ObjectNode event = (ObjectNode) node;
		String type = checkType(event, where);
		Map<String, String> scope = prefixes;
		if (event.has("@context")) {
			scope = new HashMap<>(prefixes);
			scope.putAll(prefixes(event.get("@context")));
		}
		OffsetDateTime eventTime = checkTimes(event, where);
		String offset = event.get("eventTimeZoneOffset").asString();
		String action = checkAction(event, type, where);
		checkFields(event, type, action, where);
		boolean correction = checkErrorDeclaration(event, where);
		List<ParsedEvent.Key> keys = new ArrayList<>();
		epcKeys(event, where, keys);
		quantityKeys(event, where, keys);
		partyKeys(event, where, keys);
		String readPoint = event.has("readPoint") ? Identifiers.canonical(event.get("readPoint").get("id").asString())
				: null;
		String bizLocation = event.has("bizLocation")
				? Identifiers.canonical(event.get("bizLocation").get("id").asString()) : null;

		String contentHash = EventHash.of(event, scope);
		ObjectNode doc = event.deepCopy();
		String eventId = eventId(event, doc, contentHash, correction, where);
		return new ParsedEvent(eventId, contentHash, correction, type, eventTime, offset, action,
				event.has("bizStep") ? Vocabulary.bizStep(event.get("bizStep").asString()) : null,
				event.has("disposition") ? Vocabulary.disposition(event.get("disposition").asString()) : null, readPoint,
				bizLocation, dedupe(keys), edges(type, action, keys), doc);
	}

	/** The event type, and no field that belongs to another type. */
	private static String checkType(ObjectNode event, String where) {
		String type = event.path("type").asString("");
		if (!EVENT_TYPES.contains(type)) {
			throw new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
					"epcis-unknown-event-type", where + ": unknown eventType '" + type + "'; expected one of "
							+ EVENT_TYPES,
					where, type);
		}
		for (String field : TYPE_SPECIFIC) {
			if (event.has(field) && !ALLOWED.get(type).contains(field)) {
				throw invalid(where, field, "is not a field of " + type);
			}
		}
		return type;
	}

	/** eventTime, eventTimeZoneOffset and recordTime: date-times with a zone, an offset within ±14:00. */
	private static OffsetDateTime checkTimes(ObjectNode event, String where) {
		requireString(event, "eventTime", where);
		OffsetDateTime eventTime = dateTime(event.get("eventTime").asString());
		if (eventTime == null) {
			throw invalid(where, "eventTime", "is not a date-time with a time zone (2026-11-25T08:30:00+07:00)");
		}
		requireString(event, "eventTimeZoneOffset", where);
		checkOffset(event.get("eventTimeZoneOffset").asString(), where);
		if (event.has("recordTime") && dateTime(event.get("recordTime").asString()) == null) {
			throw invalid(where, "recordTime", "is not a date-time with a time zone");
		}
		return eventTime;
	}

	/** The action: none for a TransformationEvent, else ADD, OBSERVE or DELETE. */
	private static String checkAction(ObjectNode event, String type, String where) {
		if ("TransformationEvent".equals(type)) {
			if (event.has("action")) {
				throw invalid(where, "action", "is not a field of TransformationEvent");
			}
			return null;
		}
		requireString(event, "action", where);
		String action = event.get("action").asString();
		if (!ACTIONS.contains(action)) {
			throw invalid(where, "action", "must be ADD, OBSERVE or DELETE, not '" + action + "'");
		}
		return action;
	}

	/** Fields each type requires, the types of the common fields, and the CBV vocabularies. */
	private static void checkFields(ObjectNode event, String type, String action, String where) {
		if ("TransactionEvent".equals(type) && !event.path("bizTransactionList").isArray()) {
			throw invalid(where, "bizTransactionList", "is required for a TransactionEvent");
		}
		if ("AssociationEvent".equals(type) && !event.has("parentID")) {
			throw invalid(where, "parentID", "is required for an AssociationEvent");
		}
		if ("AggregationEvent".equals(type) && !"OBSERVE".equals(action) && !event.has("parentID")) {
			throw invalid(where, "parentID", "is required for an AggregationEvent with action ADD or DELETE");
		}
		for (String f : List.of("eventID", "bizStep", "disposition", "parentID", "transformationID")) {
			if (event.has(f)) {
				requireString(event, f, where);
			}
		}
		for (String f : List.of("readPoint", "bizLocation")) {
			if (event.has(f)) {
				JsonNode v = event.get(f);
				if (!v.isObject() || !v.path("id").isString() || v.path("id").asString().isBlank()) {
					throw invalid(where, f, "must be an object with an \"id\"");
				}
				if (!URI.matcher(v.get("id").asString()).matches()) {
					throw invalid(where, f + ".id", "must be a URI (urn:epc:id:sgln:..., https://id.gs1.org/414/...)");
				}
			}
		}
		for (String f : List.of("ilmd", "persistentDisposition", "certificationInfo")) {
			if (event.has(f) && !event.get(f).isObject() && !"certificationInfo".equals(f)) {
				throw invalid(where, f, "must be an object");
			}
		}
		vocabulary(event, "bizStep", Vocabulary.BIZ_STEPS, where);
		vocabulary(event, "disposition", Vocabulary.DISPOSITIONS, where);
		if (event.has("persistentDisposition")) {
			for (String part : List.of("set", "unset")) {
				JsonNode list = event.get("persistentDisposition").get(part);
				if (list != null) {
					if (!list.isArray()) {
						throw invalid(where, "persistentDisposition." + part, "must be an array");
					}
					for (JsonNode d : list) {
						if (!d.isString() || !Vocabulary.acceptable(d.asString(), Vocabulary.DISPOSITIONS)) {
							throw invalid(where, "persistentDisposition." + part,
									"must hold CBV dispositions (bare words such as recalled) or other URIs");
						}
					}
				}
			}
		}
	}

	/** @return whether the event is an error declaration (then its declarationTime and reason are checked) */
	private static boolean checkErrorDeclaration(ObjectNode event, String where) {
		JsonNode declaration = event.get("errorDeclaration");
		boolean correction = declaration != null;
		if (correction) {
			if (!declaration.isObject() || !declaration.path("declarationTime").isString()
					|| dateTime(declaration.get("declarationTime").asString()) == null) {
				throw invalid(where, "errorDeclaration", "needs a declarationTime (date-time with a time zone)");
			}
			vocabulary(declaration, "reason", Vocabulary.ERROR_REASONS, where);
			if (declaration.has("correctiveEventIDs") && !declaration.get("correctiveEventIDs").isArray()) {
				throw invalid(where, "errorDeclaration.correctiveEventIDs", "must be an array");
			}
		}

		return correction;
	}

	/** The identifiers of the EPC lists and the parentID, as canonical keys. */
	private static void epcKeys(ObjectNode event, String where, List<ParsedEvent.Key> keys) {
		for (String list : EPC_LISTS) {
			if (event.has(list)) {
				JsonNode arr = event.get(list);
				if (!arr.isArray()) {
					throw invalid(where, list, "must be an array of identifiers");
				}
				for (JsonNode epc : arr) {
					if (!epc.isString() || !URI.matcher(epc.asString()).matches()) {
						throw invalid(where, list, "must contain identifiers written as URIs");
					}
					keys.add(new ParsedEvent.Key(role(list), Identifiers.canonical(epc.asString())));
				}
			}
		}
		if (event.has("parentID")) {
			keys.add(new ParsedEvent.Key("parent", Identifiers.canonical(event.get("parentID").asString())));
		}
	}

	/** The classes of the quantity lists, with their quantities checked. */
	private static void quantityKeys(ObjectNode event, String where, List<ParsedEvent.Key> keys) {
		for (String list : QUANTITY_LISTS) {
			if (event.has(list)) {
				JsonNode arr = event.get(list);
				if (!arr.isArray()) {
					throw invalid(where, list, "must be an array of quantity elements");
				}
				for (JsonNode q : arr) {
					if (!q.isObject() || !q.path("epcClass").isString()) {
						throw invalid(where, list, "elements need an epcClass");
					}
					if (q.has("quantity") && (!q.get("quantity").isNumber() || q.get("quantity").decimalValue().signum() < 0)) {
						throw invalid(where, list + ".quantity", "must be a number, not negative");
					}
					if (q.has("uom") && !q.get("uom").isString()) {
						throw invalid(where, list + ".uom", "must be a string");
					}
					keys.add(new ParsedEvent.Key(role(list), Identifiers.canonical(q.get("epcClass").asString())));
				}
			}
		}
	}

	/** Sources and destinations (as keys), business transactions, their CBV types; the sensor list's shape. */
	private static void partyKeys(ObjectNode event, String where, List<ParsedEvent.Key> keys) {
		for (String[] list : new String[][] { { "sourceList", "source" }, { "destinationList", "destination" },
				{ "bizTransactionList", "bizTransaction" } }) {
			if (event.has(list[0])) {
				JsonNode arr = event.get(list[0]);
				if (!arr.isArray()) {
					throw invalid(where, list[0], "must be an array");
				}
				for (JsonNode item : arr) {
					if (!item.isObject() || !item.path(list[1]).isString()) {
						throw invalid(where, list[0], "elements need a " + list[1]);
					}
					if (item.has("type")) {
						vocabulary(item, "type", "bizTransaction".equals(list[1]) ? Vocabulary.BIZ_TRANSACTION_TYPES
								: Vocabulary.SOURCE_DESTINATION_TYPES, where + "." + list[0]);
					}
					if (!"bizTransaction".equals(list[1])) {
						keys.add(new ParsedEvent.Key(list[1], Identifiers.canonical(item.get(list[1]).asString())));
					}
				}
			}
		}
		if (event.has("sensorElementList") && !event.get("sensorElementList").isArray()) {
			throw invalid(where, "sensorElementList", "must be an array");
		}
	}

	/** The eventID as given (a URI), or the CBV 2.0 hash id written into {@code doc}. */
	private static String eventId(ObjectNode event, ObjectNode doc, String contentHash, boolean correction,
			String where) {
		String eventId;
		if (event.has("eventID")) {
			eventId = event.get("eventID").asString();
			if (!eventId.contains(":")) {
				throw invalid(where, "eventID", "must be a URI (urn:uuid:..., ni:///sha-256;...)");
			}
		}
		else {
			if (correction) {
				throw invalid(where, "eventID", "is required with an errorDeclaration: it names the event declared in error");
			}
			eventId = contentHash;
			doc.put("eventID", eventId);
		}
		return eventId;
	}

	private static List<ParsedEvent.Key> dedupe(List<ParsedEvent.Key> keys) {
		return new ArrayList<>(new LinkedHashSet<>(keys));
	}

	private static List<ParsedEvent.Edge> edges(String type, String action, List<ParsedEvent.Key> keys) {
		Set<ParsedEvent.Edge> edges = new LinkedHashSet<>();
		if ("TransformationEvent".equals(type)) {
			for (ParsedEvent.Key in : keys) {
				if (!in.role().startsWith("input")) {
					continue;
				}
				for (ParsedEvent.Key out : keys) {
					if (out.role().startsWith("output") && !in.key().equals(out.key())) {
						edges.add(new ParsedEvent.Edge(in.key(), out.key()));
					}
				}
			}
		}
		else if ("AggregationEvent".equals(type) && "ADD".equals(action)) {
			String parent = keys.stream().filter(k -> "parent".equals(k.role())).map(ParsedEvent.Key::key).findFirst()
				.orElse(null);
			if (parent != null) {
				for (ParsedEvent.Key child : keys) {
					if (child.role().startsWith("child") && !child.key().equals(parent)) {
						edges.add(new ParsedEvent.Edge(child.key(), parent));
					}
				}
			}
		}
		return new ArrayList<>(edges);
	}

	private static String role(String list) {
		return switch (list) {
			case "epcList" -> "epc";
			case "childEPCs" -> "child";
			case "inputEPCList" -> "input";
			case "outputEPCList" -> "output";
			case "quantityList" -> "qty";
			case "childQuantityList" -> "child_qty";
			case "inputQuantityList" -> "input_qty";
			default -> "output_qty";
		};
	}

	/**
	 * Checks an {@code eventTimeZoneOffset}.
	 * @param offset the value, {@code ±hh:mm}
	 * @param where position for messages
	 */
	static void checkOffset(String offset, String where) {
		Matcher m = OFFSET.matcher(offset);
		if (!m.matches()) {
			throw new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
					"epcis-invalid-offset", where + ": eventTimeZoneOffset '" + offset
							+ "' must be written ±hh:mm, between -14:00 and +14:00",
					where, offset);
		}
		int hours = Integer.parseInt(m.group(2));
		int minutes = Integer.parseInt(m.group(3));
		if (minutes > 59 || hours > 14 || (hours == 14 && minutes > 0)) {
			throw new EpcisException(EpcisException.Type.ValidationException, TraceabilityException.Kind.INVALID,
					"epcis-invalid-offset", where + ": eventTimeZoneOffset '" + offset
							+ "' must be written ±hh:mm, between -14:00 and +14:00",
					where, offset);
		}
	}

	static OffsetDateTime dateTime(String value) {
		try {
			return OffsetDateTime.parse(value);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	private static void vocabulary(JsonNode node, String field, Set<String> words, String where) {
		JsonNode v = node.get(field);
		if (v == null) {
			return;
		}
		if (!v.isString() || !Vocabulary.acceptable(v.asString(), words)) {
			throw invalid(where, field, "must be a CBV value written as its bare word (for example "
					+ words.stream().sorted().findFirst().orElse("") + ") or a URI of another vocabulary, not '"
					+ v.asString("") + "'");
		}
	}

	private static void requireString(JsonNode node, String field, String where) {
		JsonNode v = node.get(field);
		if (v == null || v.isNull()) {
			throw invalid(where, field, "is required");
		}
		if (!v.isString() && !("schemaVersion".equals(field) && v.isNumber())) {
			throw invalid(where, field, "must be a string");
		}
	}

	private static EpcisException invalid(String where, String field, String why) {
		return EpcisException.validation("epcis-invalid-event", where + ": " + field + " " + why + ".", where, field,
				why);
	}

}
