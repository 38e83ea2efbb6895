package vn.nguon.traceability.event;

import java.time.Instant;
import java.util.Objects;

import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.organisation.OrgId;

/**
 * One event as stored: its EPCIS 2.0 JSON-LD form exactly as sent (with {@code eventID} always
 * set; identifiers are indexed in canonical form, see {@code epcis.Identifiers}), who captured it
 * and when.
 *
 * @param seq capture order, strictly increasing over the whole store
 * @param eventId the {@code eventID} (given by the client, or the CBV 2.0 hash id)
 * @param orgId the organisation that captured it
 * @param recordTime when it was stored
 * @param event the event as JSON-LD (one element of an EPCISDocument's {@code eventList})
 */
public record StoredEvent(long seq, String eventId, OrgId orgId, Instant recordTime, ObjectNode event) {

	public StoredEvent {
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(event, "event");
	}

}
