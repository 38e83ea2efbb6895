package vn.nguon.api.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.node.ObjectNode;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.event.StoredEvent;

/** The JSON answers of the batch endpoints. */
final class BatchResponses {

	private BatchResponses() {
	}

	/**
	 * A batch.
	 *
	 * @param digitalLink the lot's GS1 Digital Link on this service (what its QR code holds)
	 * @param epcClass the lot's class-level id in EPCIS events
	 */
	record BatchResponse(UUID id, UUID productId, UUID farmId, String gtin, String lot, String fieldName,
			LocalDate harvestDate, BigDecimal quantity, String unit, String status, String stage, String digitalLink,
			String epcClass, String originEventId, Instant createdAt, Instant updatedAt, Instant recalledAt) {

		static BatchResponse of(Batch b, String baseUrl) {
			return new BatchResponse(b.id(), b.productId(), b.farmId(), b.gtin().value(), b.lot().value(), b.fieldName(),
					b.harvestDate(), b.quantity() == null ? null : b.quantity().amount(),
					b.quantity() == null ? null : b.quantity().unit().code(), b.status().code(), b.stage().code(),
					baseUrl + b.digitalLinkPath(), b.digitalLinkId(), b.originEventId(), b.createdAt(), b.updatedAt(),
					b.recalledAt());
		}

	}

	/** One page of batches. */
	record BatchPageResponse(List<BatchResponse> items, int page, int size, long total) {
	}

	/** The answer of a lifecycle step: the batch after it and the eventID recorded. */
	record StepResponse(String eventId, BatchResponse batch) {
	}

	/** The answer of a transformation. */
	record TransformResponse(String eventId, List<BatchResponse> inputs, List<BatchResponse> outputs) {
	}

	/** The answer of a recall: the eventID and every lot it names (canonical keys). */
	record RecallResponse(String eventId, BatchResponse batch, List<String> lots) {
	}

	/** A product or farm named by a batch. */
	record Named(UUID id, String name) {
	}

	/** One event of a batch's history. */
	record TimelineEntry(String eventId, String type, String eventTime, String bizStep, String disposition,
			String action, Instant recordTime, boolean ownEvent, ObjectNode event) {

		static TimelineEntry of(StoredEvent e, vn.nguon.traceability.organisation.OrgId viewer) {
			ObjectNode ev = e.event();
			return new TimelineEntry(e.eventId(), text(ev, "type"), text(ev, "eventTime"), text(ev, "bizStep"),
					text(ev, "disposition"), text(ev, "action"), e.recordTime(), viewer.equals(e.orgId()), ev);
		}

		private static String text(ObjectNode n, String field) {
			return n.hasNonNull(field) ? n.get(field).asString() : null;
		}

	}

	/** A batch with its product, farm and event timeline (oldest first). */
	record BatchDetail(BatchResponse batch, Named product, Named farm, List<TimelineEntry> events) {
	}

}
