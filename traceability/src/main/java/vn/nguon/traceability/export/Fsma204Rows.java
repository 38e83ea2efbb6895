package vn.nguon.traceability.export;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.batch.BatchEvents;
import vn.nguon.traceability.batch.Unit;

/**
 * Turns EPCIS events into FSMA 204 Key Data Element rows: which event is which Critical Tracking
 * Event, and where each KDE is found in the event. Pure: lookups of names come from the caller.
 * <p>
 * Mapping: ObjectEvent ADD commissioning = Harvesting (date from ILMD harvest date when present);
 * AggregationEvent packing = Initial Packing; ObjectEvent shipping = Shipping; ObjectEvent
 * receiving = Receiving; ObjectEvent storing = Cooling; TransformationEvent = Transformation (one row
 * per output lot, with its inputs). Other events (inspections, recalls) are not CTEs and give no row.
 */
public final class Fsma204Rows {

	/**
	 * What the rows need to know beyond the event.
	 *
	 * @param productDescription GTIN-14 to product name (or {@code null})
	 * @param locationDescription location URI to description (or {@code null})
	 */
	public record Lookup(Function<String, String> productDescription, Function<String, String> locationDescription) {
	}

	private Fsma204Rows() {
	}

	/**
	 * @param event an EPCIS event
	 * @param lotKey when not {@code null}, only rows of this lot ({@code 01/{gtin}/10/{lot}})
	 * @param lookup names of products and places
	 * @return the rows of the event (none when it is not a CTE)
	 */
	public static List<Fsma204Row> of(ObjectNode event, String lotKey, Lookup lookup) {
		String type = text(event, "type");
		String bizStep = shortWord(text(event, "bizStep"));
		String action = text(event, "action");
		String cte;
		String listName;
		if ("TransformationEvent".equals(type)) {
			cte = "Transformation";
			listName = "outputQuantityList";
		}
		else if ("AggregationEvent".equals(type) && "packing".equals(bizStep)) {
			cte = "Initial Packing";
			listName = "childQuantityList";
		}
		else if ("ObjectEvent".equals(type) && "commissioning".equals(bizStep) && "ADD".equals(action)) {
			cte = "Harvesting";
			listName = "quantityList";
		}
		else if ("ObjectEvent".equals(type) && "shipping".equals(bizStep)) {
			cte = "Shipping";
			listName = "quantityList";
		}
		else if ("ObjectEvent".equals(type) && "receiving".equals(bizStep)) {
			cte = "Receiving";
			listName = "quantityList";
		}
		else if ("ObjectEvent".equals(type) && "storing".equals(bizStep)) {
			cte = "Cooling";
			listName = "quantityList";
		}
		else {
			return List.of();
		}
		String location = event.path("bizLocation").path("id").asString(null);
		if (location == null) {
			location = event.path("readPoint").path("id").asString(null);
		}
		String locationName = firstNonNull(location == null ? null : lookup.locationDescription().apply(location),
				text(event, "nguon:locationName"), location);
		String eventTime = text(event, "eventTime");
		String date = localDate(eventTime, text(event, "eventTimeZoneOffset"));
		JsonNode ilmd = event.path("ilmd");
		if ("Harvesting".equals(cte) && ilmd.hasNonNull("cbvmda:harvestStartDate")) {
			date = ilmd.get("cbvmda:harvestStartDate").asString();
		}
		String other = null;
		if ("Shipping".equals(cte)) {
			other = firstNonNull(text(event, "nguon:destinationName"), firstParty(event.path("destinationList"), "destination"));
		}
		else if ("Receiving".equals(cte)) {
			other = firstNonNull(text(event, "nguon:sourceName"), firstParty(event.path("sourceList"), "source"));
		}
		String docType = null;
		String docNumber = null;
		JsonNode bt = event.path("bizTransactionList");
		if (bt.isArray() && !bt.isEmpty()) {
			docType = shortWord(bt.get(0).path("type").asString(null));
			docNumber = BatchEvents.documentNumber(bt.get(0).path("bizTransaction").asString(null));
		}
		List<String> inputs = new ArrayList<>();
		if ("Transformation".equals(cte)) {
			for (JsonNode q : event.path("inputQuantityList")) {
				String[] gl = gtinAndLot(q.path("epcClass").asString(""));
				if (gl != null) {
					inputs.add(gl[0] + "/" + gl[1]);
				}
			}
		}
		String tlcSource = ("Harvesting".equals(cte) || "Transformation".equals(cte) || "Initial Packing".equals(cte))
				? locationName : null;
		List<Fsma204Row> rows = new ArrayList<>();
		for (JsonNode q : event.path(listName)) {
			String[] gl = gtinAndLot(q.path("epcClass").asString(""));
			if (gl == null || (lotKey != null && !lotKey.equals("01/" + gl[0] + "/10/" + gl[1]))) {
				continue;
			}
			BigDecimal quantity = q.hasNonNull("quantity") ? q.get("quantity").decimalValue() : null;
			String uom = q.path("uom").asString(null);
			Unit unit = uom == null ? null : Unit.fromUom(uom);
			rows.add(new Fsma204Row(cte, gl[1], gl[0], lookup.productDescription().apply(gl[0]), quantity,
					unit != null ? unit.code() : uom, locationName, location, date, eventTime, other, tlcSource, inputs,
					docType, docNumber, text(event, "eventID")));
		}
		return rows;
	}

	/**
	 * @param epcClass a class-level lot id: Digital Link {@code https://host/01/{gtin}/10/{lot}} or
	 * {@code urn:epc:class:lgtin:{prefix}.{itemref}.{lot}}
	 * @return {gtin14, lot}, or {@code null} when it names no lot
	 */
	static String[] gtinAndLot(String epcClass) {
		if (epcClass.startsWith("urn:epc:class:lgtin:")) {
			String[] p = epcClass.substring("urn:epc:class:lgtin:".length()).split("\\.", 3);
			if (p.length != 3 || p[1].isEmpty()) {
				return null;
			}
			String thirteen = p[1].charAt(0) + p[0] + p[1].substring(1);
			if (!thirteen.matches("[0-9]{13}")) {
				return null;
			}
			return new String[] { thirteen + vn.nguon.traceability.gs1.Gtin.checkDigit(thirteen), decode(p[2]) };
		}
		int i = epcClass.indexOf("/01/");
		if (i < 0) {
			return null;
		}
		String[] p = epcClass.substring(i + 4).split("/");
		if (p.length < 3 || !"10".equals(p[1]) || !p[0].matches("[0-9]{14}")) {
			return null;
		}
		String lot = p[2];
		int query = lot.indexOf('?');
		return new String[] { p[0], decode(query < 0 ? lot : lot.substring(0, query)) };
	}

	private static String decode(String s) {
		return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	private static String firstParty(JsonNode list, String field) {
		if (!list.isArray()) {
			return null;
		}
		String any = null;
		for (JsonNode n : list) {
			String t = shortWord(n.path("type").asString(null));
			if ("location".equals(t)) {
				return n.path(field).asString(null);
			}
			if (any == null && !"owning_party".equals(t)) {
				any = n.path(field).asString(null);
			}
		}
		return any;
	}

	/** @return the bare CBV word of a CBV URI ({@code https://ref.gs1.org/cbv/BizStep-shipping} -> {@code shipping}) */
	static String shortWord(String word) {
		if (word == null) {
			return null;
		}
		int dash = word.lastIndexOf('-');
		if (word.startsWith("https://ref.gs1.org/cbv/") || word.startsWith("https://gs1.org/voc/")) {
			return dash < 0 ? word : word.substring(dash + 1);
		}
		if (word.startsWith("urn:epcglobal:cbv:")) {
			return word.substring(word.lastIndexOf(':') + 1);
		}
		return word;
	}

	private static String localDate(String eventTime, String offset) {
		if (eventTime == null) {
			return null;
		}
		try {
			OffsetDateTime t = OffsetDateTime.parse(eventTime);
			if (offset != null) {
				t = t.withOffsetSameInstant(java.time.ZoneOffset.of(offset));
			}
			return t.toLocalDate().toString();
		}
		catch (java.time.DateTimeException ex) {
			return eventTime.length() >= 10 ? eventTime.substring(0, 10) : eventTime;
		}
	}

	private static String text(JsonNode n, String field) {
		JsonNode v = n.get(field);
		return v == null || v.isNull() ? null : v.asString();
	}

	@SafeVarargs
	private static <T> T firstNonNull(T... values) {
		for (T v : values) {
			if (v != null) {
				return v;
			}
		}
		return null;
	}

}
