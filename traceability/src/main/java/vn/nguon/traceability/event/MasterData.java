package vn.nguon.traceability.event;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.r2dbc.core.DatabaseClient;

import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.Identifiers;
import vn.nguon.traceability.epcis.Vocabulary;
import vn.nguon.traceability.organisation.OrgId;

/**
 * The master data a captured document carries in {@code epcisHeader.epcisMasterData.vocabularyList}
 * (EPCIS 2.0 section 7.1.3): each vocabulary element with its attributes and children, kept per
 * organisation in {@code epcis_vocabulary_element}. Element ids are written as the event columns hold
 * the same values (a canonical location key, a bare CBV word), so a query joins them directly;
 * attribute names have their prefix expanded ({@code cbvmda:sst} and {@code urn:epcglobal:cbv:mda#sst}
 * are both {@code urn:epcglobal:cbv:mda:sst}). A later capture of an element adds to its attributes
 * (a value sent again replaces the stored one) and to its children.
 */
final class MasterData {

	static final String READ_POINT = "urn:epcglobal:epcis:vtype:ReadPoint";

	static final String BUSINESS_LOCATION = "urn:epcglobal:epcis:vtype:BusinessLocation";

	static final String BUSINESS_STEP = "urn:epcglobal:epcis:vtype:BusinessStep";

	static final String DISPOSITION = "urn:epcglobal:epcis:vtype:Disposition";

	static final String EPC_CLASS = "urn:epcglobal:epcis:vtype:EPCClass";

	/** CBV master data attributes: the namespace of EPCIS 2.0's context and the one of the XML binding. */
	private static final String CBVMDA = "urn:epcglobal:cbv:mda:";

	private static final String CBVMDA_XML = "urn:epcglobal:cbv:mda#";

	private static final String UPSERT = """
			INSERT INTO epcis_vocabulary_element (org_id, vocabulary_type, element_id, attributes, children)
			SELECT $1, t, i, a::jsonb, ARRAY(SELECT jsonb_array_elements_text(c::jsonb))
			FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(t, i, a, c)
			ON CONFLICT (org_id, vocabulary_type, element_id) DO UPDATE
			SET attributes = epcis_vocabulary_element.attributes || EXCLUDED.attributes,
				children = ARRAY(SELECT DISTINCT x FROM unnest(epcis_vocabulary_element.children || EXCLUDED.children) x),
				updated_at = now()
			""";

	/**
	 * One vocabulary element.
	 * @param type the vocabulary type URI
	 * @param id the element id as the event columns hold it
	 * @param attributes attribute name (expanded) to value
	 * @param children the children's ids, as {@code id} is written
	 */
	record Element(String type, String id, ObjectNode attributes, List<String> children) {
	}

	private MasterData() {
	}

	/**
	 * @param document a captured EPCISDocument (already schema-checked)
	 * @param prefixes the namespace prefixes of the document's {@code @context}
	 * @param json for the attribute objects
	 * @return its master data elements, one per type and id (repeats merged in document order)
	 * @throws EpcisException when an element's id is a broken GS1 identifier
	 */
	static List<Element> of(JsonNode document, Map<String, String> prefixes, JsonMapper json) {
		JsonNode list = document.path("epcisHeader").path("epcisMasterData").path("vocabularyList");
		if (!list.isArray()) {
			return List.of();
		}
		Map<String, Element> elements = new LinkedHashMap<>();
		for (int v = 0; v < list.size(); v++) {
			JsonNode vocabulary = list.get(v);
			String type = vocabulary.path("type").asString("");
			JsonNode items = vocabulary.path("vocabularyElementList");
			for (int e = 0; e < items.size(); e++) {
				JsonNode item = items.get(e);
				String id = elementId(type, item.path("id").asString(""));
				Element element = elements.computeIfAbsent(type + " " + id,
						k -> new Element(type, id, json.createObjectNode(), new ArrayList<>()));
				for (JsonNode attribute : item.path("attributes")) {
					element.attributes().set(attributeName(attribute.path("id").asString(""), prefixes),
							attribute.has("attribute") ? attribute.get("attribute") : json.nullNode());
				}
				Set<String> children = new LinkedHashSet<>(element.children());
				for (JsonNode child : item.path("children")) {
					children.add(elementId(type, child.asString("")));
				}
				element.children().clear();
				element.children().addAll(children);
			}
		}
		return List.copyOf(elements.values());
	}

	/**
	 * Stores the elements (in the capture's transaction).
	 * @param db the database
	 * @param json for the JSON written
	 * @param org the capturing organisation
	 * @param elements the elements
	 * @return completes when written
	 */
	static Mono<Void> store(DatabaseClient db, JsonMapper json, OrgId org, List<Element> elements) {
		if (elements.isEmpty()) {
			return Mono.empty();
		}
		int n = elements.size();
		String[] types = new String[n];
		String[] ids = new String[n];
		String[] attributes = new String[n];
		String[] children = new String[n];
		for (int i = 0; i < n; i++) {
			Element e = elements.get(i);
			types[i] = e.type();
			ids[i] = e.id();
			attributes[i] = json.writeValueAsString(e.attributes());
			children[i] = json.writeValueAsString(e.children());
		}
		return db.sql(UPSERT).bind(0, org.value()).bind(1, types).bind(2, ids).bind(3, attributes).bind(4, children)
			.then();
	}

	/**
	 * @param type the vocabulary type
	 * @param id the element id as sent
	 * @return the id as the event columns hold the same value
	 * @throws EpcisException for a broken GS1 identifier
	 */
	static String elementId(String type, String id) {
		return switch (type) {
			case BUSINESS_STEP -> Vocabulary.bizStep(id);
			case DISPOSITION -> Vocabulary.disposition(id);
			case READ_POINT, BUSINESS_LOCATION, EPC_CLASS -> Identifiers.canonical(id);
			default -> id;
		};
	}

	/**
	 * @param name an attribute name as written ({@code cbvmda:sst}, {@code urn:epcglobal:cbv:mda#sst},
	 * {@code ex:colour} with {@code ex} bound in the context, or a full URI)
	 * @param prefixes the namespace prefixes in scope
	 * @return the name with its prefix expanded, CBV attributes in the namespace of EPCIS 2.0's context
	 */
	static String attributeName(String name, Map<String, String> prefixes) {
		String n = name.trim();
		if (n.startsWith(CBVMDA_XML)) {
			return CBVMDA + n.substring(CBVMDA_XML.length());
		}
		int colon = n.indexOf(':');
		if (colon > 0 && !n.startsWith("urn:") && !n.startsWith("http:") && !n.startsWith("https:")) {
			String prefix = n.substring(0, colon);
			String ns = "cbvmda".equals(prefix) ? CBVMDA : prefixes.get(prefix);
			if (ns != null) {
				return attributeName(ns + n.substring(colon + 1), Map.of());
			}
		}
		return n;
	}

}
