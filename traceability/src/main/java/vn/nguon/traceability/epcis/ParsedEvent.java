package vn.nguon.traceability.epcis;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.node.ObjectNode;

/**
 * One validated EPCIS 2.0 event, ready to store: the JSON-LD object as sent (with {@code eventID}
 * set) and what the store indexes.
 *
 * @param eventId the eventID as sent, or the CBV 2.0 event hash id
 * @param contentHash the CBV 2.0 event hash id of the content (equal to {@code eventId} when the
 * client sent none); tells an identical re-send from a different event under the same id
 * @param correction whether the event carries an {@code errorDeclaration}
 * @param eventType {@code ObjectEvent}, {@code AggregationEvent}, ...
 * @param eventTime when it happened
 * @param eventTimeZoneOffset the local offset, {@code +07:00}
 * @param action {@code ADD}, {@code OBSERVE}, {@code DELETE} or {@code null} (transformations)
 * @param bizStep bare CBV word ({@code shipping}) or the URI as sent for other vocabularies
 * @param disposition bare CBV word or the URI as sent
 * @param readPoint canonical key of the read point, or {@code null}
 * @param bizLocation canonical key of the business location, or {@code null}
 * @param keys canonical identifiers named by the event, with their role
 * @param edges genealogy edges (upstream key, downstream key) the event records
 * @param places canonical keys of places and parties the event names (bizLocation, source and
 * destination lists)
 * @param doc the event object as sent, with {@code eventID} set
 */
public record ParsedEvent(String eventId, String contentHash, boolean correction, String eventType,
		OffsetDateTime eventTime, String eventTimeZoneOffset, String action, String bizStep, String disposition,
		String readPoint, String bizLocation, List<Key> keys, List<Edge> edges, ObjectNode doc) {

	public ParsedEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(eventType, "eventType");
		Objects.requireNonNull(eventTime, "eventTime");
		keys = List.copyOf(keys);
		edges = List.copyOf(edges);
		Objects.requireNonNull(doc, "doc");
	}

	/**
	 * An identifier named by an event.
	 * @param role {@code epc}, {@code parent}, {@code child}, {@code input}, {@code output}, {@code qty},
	 * {@code child_qty}, {@code input_qty}, {@code output_qty}, {@code source}, {@code destination}
	 * @param key the canonical key ({@link Identifiers#canonical(String)})
	 */
	public record Key(String role, String key) {
	}

	/**
	 * Something flowed from one identifier into another (a transformation input into its output, a
	 * packed item into its container).
	 * @param from upstream canonical key
	 * @param to downstream canonical key
	 */
	public record Edge(String from, String to) {
	}

}
