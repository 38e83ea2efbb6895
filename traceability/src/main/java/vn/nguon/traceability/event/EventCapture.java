package vn.nguon.traceability.event;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import vn.nguon.traceability.organisation.OrgId;

/**
 * Capture side of the one EPCIS 2.0 event store. Everything that happens to a batch, whether
 * recorded through {@code /api}, the UI or an EPCIS client, comes through here.
 * <p>
 * Contract: events are validated (schema, GS1 identifiers, timezone offsets, genealogy cycles)
 * before anything is written; an event without {@code eventID} gets the CBV 2.0 event hash id;
 * capturing an identical event twice stores it once and returns the stored one; an event with
 * {@code errorDeclaration} and the {@code eventID} of a stored event is stored as a correction.
 * Invalid input fails with a {@link vn.nguon.traceability.TraceabilityException} and writes nothing.
 */
public interface EventCapture {

	/**
	 * Captures one event.
	 * @param org the capturing organisation
	 * @param event one EPCIS 2.0 event in JSON-LD form ({@code type}, {@code eventTime},
	 * {@code eventTimeZoneOffset}, ...); a {@code @context} is optional
	 * @return the stored event (the earlier one when this is a re-send)
	 */
	Mono<StoredEvent> captureEvent(OrgId org, JsonNode event);

	/**
	 * Captures an EPCISDocument.
	 * @param org the capturing organisation
	 * @param document an EPCISDocument in JSON-LD form
	 * @param proceedOnError {@code false} (the default behaviour): all or nothing;
	 * {@code true} ({@code GS1-Capture-Error-Behaviour: proceed}): store the valid events, report the others
	 * @return what was stored and what was refused
	 */
	Mono<CaptureReport> captureDocument(OrgId org, JsonNode document, boolean proceedOnError);

}
