package vn.nguon.traceability.subscription;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

import vn.nguon.traceability.event.StoredEvent;

/** Builds EPCIS 2.0 {@code EPCISQueryDocument}s around stored events. */
@Component
public class QueryDocuments {

	/** The EPCIS 2.0 JSON-LD context. */
	public static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

	private final JsonMapper json;

	public QueryDocuments(JsonMapper json) {
		this.json = json;
	}

	/**
	 * @param queryName the query's name ({@code queryName} of the results)
	 * @param subscriptionId the subscription, or null for a plain query answer
	 * @param events the events, in order
	 * @return the document
	 */
	public ObjectNode document(String queryName, String subscriptionId, List<StoredEvent> events) {
		ObjectNode doc = this.json.createObjectNode();
		ArrayNode context = doc.putArray("@context");
		context.add(EPCIS_CONTEXT);
		List<JsonNode> seen = new ArrayList<>();
		ArrayNode list = this.json.createArrayNode();
		for (StoredEvent e : events) {
			JsonNode c = e.event().get("@context");
			if (c != null) {
				for (JsonNode item : c.isArray() ? c : this.json.createArrayNode().add(c)) {
					if (item.isObject() && !seen.contains(item)) {
						seen.add(item);
						context.add(item);
					}
				}
			}
			list.add(e.event());
		}
		doc.put("type", "EPCISQueryDocument");
		doc.put("schemaVersion", "2.0");
		doc.put("creationDate", java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)));
		ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
		if (subscriptionId != null) {
			results.put("subscriptionID", subscriptionId);
		}
		results.put("queryName", queryName);
		results.putObject("resultsBody").set("eventList", list);
		return doc;
	}

	/** @return the document as bytes */
	public byte[] bytes(ObjectNode doc) {
		return this.json.writeValueAsBytes(doc);
	}

}
