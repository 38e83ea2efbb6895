package vn.nguon.api.batch;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.batch.BatchCommands;
import vn.nguon.traceability.gs1.LotCode;

/** The JSON bodies of the batch endpoints and their translation into commands. */
final class BatchRequests {

	private BatchRequests() {
	}

	/**
	 * Register a harvested lot.
	 *
	 * @param id client-generated batch id (optional; makes retries idempotent)
	 * @param productId product
	 * @param farmId farm
	 * @param lot lot code (GS1 character set 82, up to 20), optional: one is made when absent
	 * @param fieldName field or plot, optional
	 * @param harvestDate YYYY-MM-DD, not in the future; today (Vietnam) when absent
	 * @param quantity amount, greater than zero
	 * @param unit kg, t, crate, box or piece
	 * @param eventTime when it happened (ISO 8601 with offset), optional
	 */
	record HarvestRequest(UUID id, UUID productId, UUID farmId, String lot, String fieldName, String harvestDate,
			BigDecimal quantity, String unit, String eventTime) {

		BatchCommands.Harvest command() {
			java.time.LocalDate date = Callers.date(this.harvestDate, "harvestDate");
			return new BatchCommands.Harvest(this.productId, this.farmId, BatchRequests.lot(this.lot), this.fieldName,
					date != null ? date : java.time.LocalDate.now(vn.nguon.traceability.batch.BatchEvents.VIETNAM),
					Callers.quantity(this.quantity, this.unit, true, "quantity"), Callers.time(this.eventTime, "eventTime"));
		}

	}

	/**
	 * A party or place: a GLN or URI, and/or a name.
	 *
	 * @param id 13-digit GLN or absolute URI
	 * @param name display name
	 */
	record PartyRequest(String id, String name) {

		BatchCommands.Party party() {
			return new BatchCommands.Party(this.id, this.name);
		}

		static BatchCommands.Party of(PartyRequest p) {
			return p == null ? null : p.party();
		}

	}

	/**
	 * A reference document.
	 *
	 * @param type bol, desadv, inv, po, recadv, prodorder, ...
	 * @param number the document number
	 */
	record DocumentRequest(String type, String number) {

		static BatchCommands.Document of(DocumentRequest d) {
			return d == null ? null : new BatchCommands.Document(d.type, d.number);
		}

	}

	/** Pack a lot. */
	record PackRequest(UUID id, String sscc, BigDecimal quantity, String unit, PartyRequest location, String eventTime) {

		BatchCommands.Pack command() {
			return new BatchCommands.Pack(this.sscc, Callers.quantity(this.quantity, this.unit, false, "quantity"),
					PartyRequest.of(this.location), Callers.time(this.eventTime, "eventTime"));
		}

	}

	/** Ship a lot. */
	record ShipRequest(UUID id, PartyRequest destination, BigDecimal quantity, String unit, PartyRequest location,
			DocumentRequest document, String eventTime) {

		BatchCommands.Ship command() {
			return new BatchCommands.Ship(PartyRequest.of(this.destination),
					Callers.quantity(this.quantity, this.unit, false, "quantity"), PartyRequest.of(this.location),
					DocumentRequest.of(this.document), Callers.time(this.eventTime, "eventTime"));
		}

	}

	/** Record receipt of a lot. */
	record ReceiveRequest(UUID id, PartyRequest source, PartyRequest location, BigDecimal quantity, String unit,
			DocumentRequest document, String eventTime) {

		BatchCommands.Receive command() {
			return new BatchCommands.Receive(PartyRequest.of(this.source), PartyRequest.of(this.location),
					Callers.quantity(this.quantity, this.unit, false, "quantity"), DocumentRequest.of(this.document),
					Callers.time(this.eventTime, "eventTime"));
		}

	}

	/** One input lot of a transformation; quantity absent = the whole lot. */
	record InputRequest(UUID batchId, BigDecimal quantity, String unit) {
	}

	/** One output lot of a transformation. */
	record OutputRequest(UUID id, UUID productId, String lot, BigDecimal quantity, String unit, String label) {
	}

	/**
	 * Transform lots: split by grade, merge, sort, process.
	 *
	 * @param id client-generated id of the request (optional; makes retries idempotent)
	 * @param kind split, merge, sort or process
	 * @param inputs lots used
	 * @param outputs lots made
	 * @param location where, optional
	 * @param eventTime when, optional
	 */
	record TransformRequest(UUID id, String kind, List<InputRequest> inputs, List<OutputRequest> outputs,
			PartyRequest location, String eventTime) {

		BatchCommands.Transform command() {
			List<BatchCommands.TransformInput> in = this.inputs == null ? null
					: this.inputs.stream()
						.map(i -> new BatchCommands.TransformInput(i.batchId(),
								Callers.quantity(i.quantity(), i.unit(), false, "inputs.quantity")))
						.toList();
			List<BatchCommands.TransformOutput> out = this.outputs == null ? null
					: this.outputs.stream()
						.map(o -> new BatchCommands.TransformOutput(o.id(), o.productId(), BatchRequests.lot(o.lot()),
								Callers.quantity(o.quantity(), o.unit(), true, "outputs.quantity"), o.label()))
						.toList();
			return new BatchCommands.Transform(this.kind, in, out, PartyRequest.of(this.location),
					Callers.time(this.eventTime, "eventTime"));
		}

	}

	/** Recall a lot and everything downstream. */
	record RecallRequest(UUID id, String reason, String eventTime) {

		BatchCommands.Recall command() {
			return new BatchCommands.Recall(this.reason, Callers.time(this.eventTime, "eventTime"));
		}

	}

	static LotCode lot(String lot) {
		if (lot == null || lot.isBlank()) {
			return null;
		}
		return new LotCode(lot.strip());
	}

	static <T> T required(T value, String field) {
		if (value == null) {
			throw TraceabilityException.invalid("missing-field", "The field " + field + " is required", field);
		}
		return value;
	}

}
