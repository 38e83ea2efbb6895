package vn.nguon.traceability.batch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.DigitalLink;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;

/**
 * A batch (lot) as stored. Lifecycle changes are methods that guard the allowed source state and
 * return the batch in its new stage.
 *
 * @param id identity
 * @param orgId owning organisation
 * @param productId the product
 * @param farmId the farm it was harvested on, or {@code null} (e.g. a merge of several farms)
 * @param gtin the product's GTIN
 * @param lot the lot code
 * @param fieldName field or plot name, or {@code null}
 * @param harvestDate harvest date, or {@code null}
 * @param quantity quantity at creation, or {@code null}
 * @param status active or recalled
 * @param stage where it is in its journey
 * @param originEventId eventID of the event that brought the lot into being
 * @param createdAt creation time
 * @param updatedAt last change
 * @param recalledAt when it was recalled, or {@code null}
 */
public record Batch(UUID id, OrgId orgId, UUID productId, UUID farmId, Gtin gtin, LotCode lot, String fieldName,
		LocalDate harvestDate, Quantity quantity, BatchStatus status, BatchStage stage, String originEventId,
		Instant createdAt, Instant updatedAt, Instant recalledAt) {

	public Batch {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(orgId, "orgId");
		Objects.requireNonNull(gtin, "gtin");
		Objects.requireNonNull(lot, "lot");
		Objects.requireNonNull(status, "status");
		Objects.requireNonNull(stage, "stage");
	}

	/** @return the lot's class-level GS1 Digital Link id on the canonical resolver, used in events */
	public String digitalLinkId() {
		return digitalLinkId(this.gtin, this.lot);
	}

	/** @return {@code /01/{gtin}/10/{percent-encoded lot}} */
	public String digitalLinkPath() {
		return "/01/" + this.gtin.value() + "/10/" + encodeLot(this.lot);
	}

	/** @return {@code https://id.gs1.org/01/{gtin}/10/{percent-encoded lot}} */
	public static String digitalLinkId(Gtin gtin, LotCode lot) {
		return "https://id.gs1.org/01/" + gtin.value() + "/10/" + encodeLot(lot);
	}

	/**
	 * Percent-encodes a lot code for a Digital Link path segment: everything but the RFC 3986
	 * unreserved characters, as GS1 Digital Link asks.
	 */
	static String encodeLot(LotCode lot) {
		return DigitalLink.escape(lot.value(), false);
	}

	/** @return this batch packed; refused when recalled, consumed or in transit */
	public Batch packed() {
		requireUsable("pack");
		if (this.stage == BatchStage.SHIPPED) {
			throw stateConflict("pack");
		}
		return withStage(BatchStage.PACKED);
	}

	/** @return this batch shipped; refused when recalled or consumed */
	public Batch shipped() {
		requireUsable("ship");
		return withStage(BatchStage.SHIPPED);
	}

	/** @return this batch received; refused when recalled or consumed */
	public Batch received() {
		requireUsable("receive");
		return withStage(BatchStage.RECEIVED);
	}

	/** @return this batch used up by a transformation; refused when recalled, consumed or in transit */
	public Batch consumed() {
		requireUsable("transform");
		if (this.stage == BatchStage.SHIPPED) {
			throw stateConflict("transform");
		}
		return withStage(BatchStage.CONSUMED);
	}

	/** @return this batch recalled; refused when already recalled */
	public Batch recalled(Instant at) {
		if (this.status == BatchStatus.RECALLED) {
			throw TraceabilityException.conflict("batch-already-recalled", "Lot " + this.lot + " is already recalled",
					this.lot.value());
		}
		return new Batch(this.id, this.orgId, this.productId, this.farmId, this.gtin, this.lot, this.fieldName,
				this.harvestDate, this.quantity, BatchStatus.RECALLED, this.stage, this.originEventId, this.createdAt,
				at, at);
	}

	public Batch withStage(BatchStage newStage) {
		return new Batch(this.id, this.orgId, this.productId, this.farmId, this.gtin, this.lot, this.fieldName,
				this.harvestDate, this.quantity, this.status, newStage, this.originEventId, this.createdAt,
				this.updatedAt, this.recalledAt);
	}

	public Batch withOriginEventId(String eventId) {
		return new Batch(this.id, this.orgId, this.productId, this.farmId, this.gtin, this.lot, this.fieldName,
				this.harvestDate, this.quantity, this.status, this.stage, eventId, this.createdAt, this.updatedAt,
				this.recalledAt);
	}

	private void requireUsable(String action) {
		if (this.status == BatchStatus.RECALLED) {
			throw TraceabilityException.conflict("batch-recalled",
					"Lot " + this.lot + " is recalled; it cannot " + action, this.lot.value(), action);
		}
		if (this.stage == BatchStage.CONSUMED) {
			throw TraceabilityException.conflict("batch-consumed",
					"Lot " + this.lot + " was used up by a transformation; it cannot " + action, this.lot.value(), action);
		}
	}

	private TraceabilityException stateConflict(String action) {
		return TraceabilityException.conflict("batch-invalid-stage",
				"Lot " + this.lot + " is " + this.stage.code() + "; it cannot " + action + " now", this.lot.value(),
				this.stage.code(), action);
	}

}
