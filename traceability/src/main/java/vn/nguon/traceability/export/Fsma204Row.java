package vn.nguon.traceability.export;

import java.math.BigDecimal;
import java.util.List;

/**
 * One Critical Tracking Event of one traceability lot with its Key Data Elements, as a row of an
 * FSMA 204-style sortable spreadsheet.
 *
 * @param cte the Critical Tracking Event: Harvesting, Cooling, Initial Packing, Shipping, Receiving, Transformation
 * @param traceabilityLotCode the lot code (AI 10)
 * @param gtin the GTIN-14 of the lot
 * @param productDescription product name
 * @param quantity quantity, or {@code null}
 * @param unitOfMeasure unit (our code such as {@code kg}, or the UN/CEFACT code)
 * @param locationDescription where the event happened (name and place)
 * @param locationId identifier of that place (GLN Digital Link or internal id)
 * @param date the date of the event (for harvesting: the harvest date), ISO 8601
 * @param eventTime the full event time with offset
 * @param otherParty for shipping the immediate subsequent recipient, for receiving the immediate previous source
 * @param tlcSource where the lot code was assigned (harvest farm or transformation place)
 * @param inputLots for transformations: the input lots ({@code gtin/lot})
 * @param referenceDocumentType e.g. {@code bol}, {@code desadv}
 * @param referenceDocumentNumber the document number
 * @param eventId the EPCIS eventID
 */
public record Fsma204Row(String cte, String traceabilityLotCode, String gtin, String productDescription,
		BigDecimal quantity, String unitOfMeasure, String locationDescription, String locationId, String date,
		String eventTime, String otherParty, String tlcSource, List<String> inputLots, String referenceDocumentType,
		String referenceDocumentNumber, String eventId) {

	/** Column titles, in row order. */
	public static final List<String> HEADERS = List.of("Critical Tracking Event", "Traceability Lot Code", "GTIN",
			"Product Description", "Quantity", "Unit of Measure", "Location Description", "Location Identifier", "Date",
			"Event Time", "Immediate Previous Source / Subsequent Recipient", "Traceability Lot Code Source",
			"Input Traceability Lot Codes", "Reference Document Type", "Reference Document Number", "EPCIS Event ID");

	public Fsma204Row {
		inputLots = inputLots == null ? List.of() : List.copyOf(inputLots);
	}

	/** @return the cells, in {@link #HEADERS} order ({@code null} for empty, quantity as a number) */
	public List<Object> cells() {
		return java.util.Arrays.asList(this.cte, this.traceabilityLotCode, this.gtin, this.productDescription,
				this.quantity, this.unitOfMeasure, this.locationDescription, this.locationId, this.date, this.eventTime,
				this.otherParty, this.tlcSource, this.inputLots.isEmpty() ? null : String.join("; ", this.inputLots),
				this.referenceDocumentType, this.referenceDocumentNumber, this.eventId);
	}

}
