package vn.nguon.traceability.batch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.farm.Gln;
import vn.nguon.traceability.gs1.LotCode;

/**
 * The commands of the batch lifecycle; each validates itself when made.
 * <p>
 * Over 300 lines: one small record per command, each with its own checks, kept together as the batch
 * API's vocabulary.
 */
public final class BatchCommands {

	/** The latest calendar date anywhere on Earth right now (UTC+14): no valid date lies beyond it. */
	static LocalDate latestDateOnEarth() {
		return LocalDate.now(ZoneOffset.ofHours(14));
	}

	private BatchCommands() {
	}

	/**
	 * Register a harvested lot (EPCIS ObjectEvent ADD, bizStep commissioning).
	 *
	 * @param productId the product
	 * @param farmId the farm it was harvested on
	 * @param lot the lot code, or {@code null} to have one made
	 * @param fieldName field or plot, optional
	 * @param harvestDate harvest date, not in the future
	 * @param quantity harvested quantity
	 * @param eventTime when it happened, or {@code null} for now
	 */
	public record Harvest(UUID productId, UUID farmId, LotCode lot, String fieldName, LocalDate harvestDate,
			Quantity quantity, OffsetDateTime eventTime) {

		public Harvest {
			require(productId, "productId");
			require(farmId, "farmId");
			require(quantity, "quantity");
			require(harvestDate, "harvestDate");
			if (harvestDate.isAfter(latestDateOnEarth())) {
				throw TraceabilityException.invalid("harvest-date-in-future",
						"The harvest date " + harvestDate + " is in the future", harvestDate.toString());
			}
			if (harvestDate.isBefore(LocalDate.of(2000, 1, 1))) {
				throw TraceabilityException.invalid("harvest-date-too-old",
						"The harvest date " + harvestDate + " is before 2000", harvestDate.toString());
			}
			fieldName = text(fieldName, "fieldName", 200);
		}

	}

	/**
	 * Pack a lot (EPCIS AggregationEvent ADD, bizStep packing).
	 *
	 * @param sscc SSCC (18 digits) of the pallet or case, or {@code null} for an internal id
	 * @param quantity quantity packed, or {@code null} for the whole lot
	 * @param location where, or {@code null} for the farm
	 * @param eventTime when, or {@code null} for now
	 */
	public record Pack(String sscc, Quantity quantity, Party location, OffsetDateTime eventTime) {

		public Pack {
			if (sscc != null && sscc.isBlank()) {
				sscc = null;
			}
			if (sscc != null) {
				sscc = sscc.strip();
				if (!sscc.matches("[0-9]{18}") || vn.nguon.traceability.gs1.Gtin.checkDigit(sscc.substring(0, 17)) != sscc
					.charAt(17) - '0') {
					throw TraceabilityException.invalid("invalid-sscc", "An SSCC has 18 digits and a valid check digit: " + sscc,
							sscc);
				}
			}
		}

	}

	/**
	 * Ship a lot (EPCIS ObjectEvent OBSERVE, bizStep shipping, disposition in_transit).
	 *
	 * @param destination who or where it goes to
	 * @param quantity quantity shipped, or {@code null} for the whole lot
	 * @param location where from, or {@code null} for the farm
	 * @param document reference document (e.g. bill of lading), optional
	 * @param eventTime when, or {@code null} for now
	 */
	public record Ship(Party destination, Quantity quantity, Party location, Document document,
			OffsetDateTime eventTime) {

		public Ship {
			require(destination, "destination");
		}

	}

	/**
	 * Receive a lot (EPCIS ObjectEvent OBSERVE, bizStep receiving, disposition in_progress).
	 *
	 * @param source who or where it came from, optional
	 * @param location where it was received, or {@code null} for the organisation
	 * @param quantity quantity received, or {@code null} for the whole lot
	 * @param document reference document (e.g. despatch advice), optional
	 * @param eventTime when, or {@code null} for now
	 */
	public record Receive(Party source, Party location, Quantity quantity, Document document,
			OffsetDateTime eventTime) {
	}

	/**
	 * Transform lots into new lots (EPCIS TransformationEvent): split a lot by grade, merge lots,
	 * or process. The outputs become new batches.
	 *
	 * @param kind {@code split}, {@code merge}, {@code sort} or {@code process}
	 * @param inputs the lots used (1 to 50, each once)
	 * @param outputs the lots made (1 to 50, lot codes distinct)
	 * @param location where, or {@code null} for the organisation
	 * @param eventTime when, or {@code null} for now
	 */
	public record Transform(String kind, List<TransformInput> inputs, List<TransformOutput> outputs, Party location,
			OffsetDateTime eventTime) {

		/** The allowed kinds. */
		public static final Set<String> KINDS = Set.of("split", "merge", "sort", "process");

		public Transform {
			kind = kind == null || kind.isBlank() ? "process" : kind.strip();
			if (!KINDS.contains(kind)) {
				throw TraceabilityException.invalid("invalid-transformation-kind",
						"A transformation is one of split, merge, sort, process: " + kind, kind);
			}
			if (inputs == null || inputs.isEmpty() || inputs.size() > 50) {
				throw TraceabilityException.invalid("invalid-transformation-inputs", "A transformation uses 1 to 50 lots");
			}
			if (outputs == null || outputs.isEmpty() || outputs.size() > 50) {
				throw TraceabilityException.invalid("invalid-transformation-outputs", "A transformation makes 1 to 50 lots");
			}
			inputs = List.copyOf(inputs);
			outputs = List.copyOf(outputs);
			Set<UUID> seen = new HashSet<>();
			for (TransformInput in : inputs) {
				if (!seen.add(in.batchId())) {
					throw TraceabilityException.invalid("invalid-transformation-inputs",
							"Lot " + in.batchId() + " is named twice as input");
				}
			}
			Set<String> lots = new HashSet<>();
			Set<UUID> ids = new HashSet<>();
			for (TransformOutput out : outputs) {
				if (out.lot() != null && !lots.add(out.lot().value())) {
					throw TraceabilityException.invalid("invalid-transformation-outputs",
							"Output lot " + out.lot() + " is named twice");
				}
				if (out.id() != null && (!ids.add(out.id()) || seen.contains(out.id()))) {
					throw TraceabilityException.invalid("invalid-transformation-outputs",
							"Output id " + out.id() + " is named twice");
				}
			}
		}

	}

	/**
	 * One input of a transformation.
	 *
	 * @param batchId the batch used
	 * @param quantity quantity used, or {@code null} for the whole lot
	 */
	public record TransformInput(UUID batchId, Quantity quantity) {

		public TransformInput {
			require(batchId, "inputs.batchId");
		}

	}

	/**
	 * One output of a transformation.
	 *
	 * @param id client-chosen id of the new batch, optional
	 * @param productId product of the new lot, or {@code null} for the product of the first input
	 * @param lot lot code, or {@code null} to have one made
	 * @param quantity quantity made
	 * @param label free label, e.g. "Loại 1" or "Extra", optional
	 */
	public record TransformOutput(UUID id, UUID productId, LotCode lot, Quantity quantity, String label) {

		public TransformOutput {
			require(quantity, "outputs.quantity");
			label = text(label, "outputs.label", 100);
		}

	}

	/**
	 * Recall a lot and everything made from it (contract 4).
	 *
	 * @param reason why, 1 to 500 characters
	 * @param eventTime when, or {@code null} for now
	 */
	public record Recall(String reason, OffsetDateTime eventTime) {

		public Recall {
			reason = text(reason, "reason", 500);
			require(reason, "reason");
		}

	}

	/**
	 * A party or place in an event: a GLN, or any absolute URI, and/or a name.
	 *
	 * @param id a 13-digit GLN or an absolute URI, optional when a name is given
	 * @param name display name, optional when an id is given
	 */
	public record Party(String id, String name) {

		public Party {
			id = text(id, "id", 500);
			name = text(name, "name", 200);
			if (id == null && name == null) {
				throw TraceabilityException.invalid("invalid-party", "A party or place needs an id (GLN or URI) or a name");
			}
			if (id != null && !id.matches("[0-9]{13}")) {
				try {
					URI u = new URI(id);
					if (u.getScheme() == null) {
						throw new URISyntaxException(id, "no scheme");
					}
				}
				catch (URISyntaxException ex) {
					throw TraceabilityException.invalid("invalid-party",
							"A party or place id is a 13-digit GLN or an absolute URI: " + id, id);
				}
			}
			else if (id != null) {
				new Gln(id);
			}
		}

		/** @return the URI used in events: the GLN's Digital Link, the given URI, or one derived from the name */
		public String uri() {
			if (this.id == null) {
				return "urn:nguon:place:" + UUID.nameUUIDFromBytes(this.name.getBytes(StandardCharsets.UTF_8));
			}
			return this.id.matches("[0-9]{13}") ? new Gln(this.id).uri() : this.id;
		}

		/** @return the name, or the id when there is no name */
		public String label() {
			return this.name != null ? this.name : this.id;
		}

	}

	/**
	 * A reference document (FSMA 204 "reference document type and number").
	 *
	 * @param type CBV business transaction type: {@code bol, desadv, inv, po, recadv, prodorder, ...}
	 * @param number the document number
	 */
	public record Document(String type, String number) {

		/** CBV 2.0 business transaction types. */
		public static final Set<String> TYPES = Set.of("bol", "cert", "desadv", "inv", "pedigree", "po", "poc",
				"prodorder", "recadv", "rma", "testprd", "testres", "upevt");

		public Document {
			type = type == null ? null : type.strip();
			number = text(number, "document.number", 100);
			if (type == null || !TYPES.contains(type)) {
				throw TraceabilityException.invalid("invalid-document-type",
						"A document type is one of " + String.join(", ", new java.util.TreeSet<>(TYPES)) + ": " + type,
						String.valueOf(type));
			}
			require(number, "document.number");
		}

	}

	static void require(Object value, String field) {
		if (value == null) {
			throw TraceabilityException.invalid("missing-field", "The field " + field + " is required", field);
		}
	}

	static String text(String value, String field, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String v = value.strip();
		if (v.length() > max) {
			throw TraceabilityException.invalid("text-too-long",
					"The field " + field + " has more than " + max + " characters", field, max);
		}
		return v;
	}

	static <T> T orDefault(T value, T fallback) {
		return Objects.requireNonNullElse(value, fallback);
	}

}
