package vn.nguon.api.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.grading.queue.StoredGrade;
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
	 * @param grade the lot's current quality grade, in lists and the detail; absent while it has none (and
	 *     in the answers of lifecycle steps)
	 */
	record BatchResponse(UUID id, UUID productId, UUID farmId, String gtin, String lot, String fieldName,
			LocalDate harvestDate, BigDecimal quantity, String unit, String status, String stage, String digitalLink,
			String epcClass, String originEventId, Instant createdAt, Instant updatedAt, Instant recalledAt,
			@JsonInclude(JsonInclude.Include.NON_NULL) GradeSummary grade) {

		static BatchResponse of(Batch b, String baseUrl) {
			return of(b, baseUrl, null);
		}

		static BatchResponse of(Batch b, String baseUrl, StoredGrade grade) {
			return new BatchResponse(b.id(), b.productId(), b.farmId(), b.gtin().value(), b.lot().value(), b.fieldName(),
					b.harvestDate(), b.quantity() == null ? null : b.quantity().amount(),
					b.quantity() == null ? null : b.quantity().unit().code(), b.status().code(), b.stage().code(),
					baseUrl + b.digitalLinkPath(), b.digitalLinkId(), b.originEventId(), b.createdAt(), b.updatedAt(),
					b.recalledAt(), grade == null ? null : GradeSummary.of(grade));
		}

	}

	/**
	 * A lot's current grade, as lists and filters need it.
	 *
	 * @param gradeClass {@code EXTRA}, {@code CLASS_I}, {@code CLASS_II} or {@code REJECT} (JSON {@code class})
	 * @param status {@code provisional} (waits for a person), {@code confident} (the model decided alone) or
	 *     {@code reviewed} (a person made or confirmed it)
	 * @param certainty probability of the class given the photos' probabilities (1 for a person's grade)
	 * @param reasons why it waits for a person ({@code photos-need-review}, {@code uncertain-class}, ...)
	 * @param defectiveShare expected share of photos below the class
	 * @param sampleSize photos graded
	 * @param modelVersion the model(s) that graded the photos
	 * @param reviewedBy who made or confirmed it, or {@code null}
	 * @param gradeId the grade (for the review endpoints)
	 * @param decidedAt when it was decided
	 */
	record GradeSummary(@JsonProperty("class") String gradeClass, String status, double certainty, List<String> reasons,
			double defectiveShare, int sampleSize, String modelVersion, String reviewedBy, UUID gradeId,
			Instant decidedAt) {

		static GradeSummary of(StoredGrade g) {
			return new GradeSummary(g.grade(), g.status(), g.certainty(), g.reasons(), g.defectiveShare(), g.sampleSize(),
					g.modelVersion(), g.reviewer(), g.id(), g.createdAt());
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
