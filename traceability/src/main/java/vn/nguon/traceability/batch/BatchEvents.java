package vn.nguon.traceability.batch;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.product.Product;

/**
 * Builds the EPCIS 2.0 JSON-LD events of the batch lifecycle, in CBV words. Lots are named by
 * their class-level GS1 Digital Link id ({@code https://id.gs1.org/01/{gtin}/10/{lot}}) in
 * quantity lists; places by GLN Digital Link or an internal {@code urn:nguon:...} id. Our own
 * additions use the {@code nguon:} prefix declared in {@code @context} (contract 3).
 */
public final class BatchEvents {

	/** The EPCIS 2.0 JSON-LD context. */
	public static final String EPCIS_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

	/** Namespace of the {@code nguon:} extension fields. */
	public static final String NGUON_NAMESPACE = "https://ns.nguon.vn/epcis/";

	/** Vietnam's offset, used when the caller gives no event time. */
	public static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

	private static final JsonNodeFactory F = JsonNodeFactory.instance;

	/** A lot in a quantity list, with the quantity (or {@code null} for the lot as a class). */
	public record LotQuantity(String epcClass, Quantity quantity) {
	}

	private BatchEvents() {
	}

	/** @return the internal identifier of an organisation as a party in events */
	public static String orgUri(OrgId org) {
		return "urn:nguon:org:" + org.value();
	}

	/**
	 * Harvest: the lot comes into being on the farm (ObjectEvent ADD, commissioning, active), with
	 * ILMD: harvest date, country of origin, field, variety, farm.
	 */
	public static ObjectNode harvest(Batch batch, Farm farm, Product product, OffsetDateTime time) {
		ObjectNode e = base("ObjectEvent", time);
		e.put("action", "ADD");
		quantityList(e, "quantityList", List.of(new LotQuantity(batch.digitalLinkId(), batch.quantity())));
		e.put("bizStep", "commissioning");
		e.put("disposition", "active");
		place(e, farm.locationUri());
		ObjectNode ilmd = e.putObject("ilmd");
		if (batch.harvestDate() != null) {
			ilmd.put("cbvmda:harvestStartDate", batch.harvestDate().toString());
			ilmd.put("cbvmda:harvestEndDate", batch.harvestDate().toString());
		}
		ilmd.put("cbvmda:countryOfOrigin", "VN");
		putIfPresent(ilmd, "nguon:fieldName", batch.fieldName());
		putIfPresent(ilmd, "nguon:variety", product.variety());
		ilmd.put("nguon:farm", farm.locationUri());
		ilmd.put("nguon:farmName", farm.name());
		e.put("nguon:locationName", farm.description());
		e.put("nguon:productName", product.description());
		return e;
	}

	/** Pack: the lot goes into a case or pallet (AggregationEvent ADD, packing, in_progress). */
	public static ObjectNode pack(Batch batch, String parentId, Quantity quantity, String locationUri,
			String locationName, OffsetDateTime time) {
		ObjectNode e = base("AggregationEvent", time);
		e.put("parentID", parentId);
		quantityList(e, "childQuantityList", List.of(new LotQuantity(batch.digitalLinkId(), quantity)));
		e.put("action", "ADD");
		e.put("bizStep", "packing");
		e.put("disposition", "in_progress");
		place(e, locationUri);
		putIfPresent(e, "nguon:locationName", locationName);
		return e;
	}

	/** Ship: the lot leaves for the next party (ObjectEvent OBSERVE, shipping, in_transit). */
	public static ObjectNode ship(OrgId org, Batch batch, Quantity quantity, String fromUri, String fromName,
			BatchCommands.Party destination, BatchCommands.Document document, OffsetDateTime time) {
		ObjectNode e = base("ObjectEvent", time);
		e.put("action", "OBSERVE");
		quantityList(e, "quantityList", List.of(new LotQuantity(batch.digitalLinkId(), quantity)));
		e.put("bizStep", "shipping");
		e.put("disposition", "in_transit");
		place(e, fromUri);
		document(e, org, document);
		ArrayNode sources = e.putArray("sourceList");
		sources.addObject().put("type", "owning_party").put("source", orgUri(org));
		sources.addObject().put("type", "location").put("source", fromUri);
		e.putArray("destinationList").addObject().put("type", "location").put("destination", destination.uri());
		putIfPresent(e, "nguon:locationName", fromName);
		putIfPresent(e, "nguon:destinationName", destination.label());
		return e;
	}

	/** Receive: the lot arrives (ObjectEvent OBSERVE, receiving, in_progress). */
	public static ObjectNode receive(OrgId org, Batch batch, Quantity quantity, BatchCommands.Party source,
			String locationUri, String locationName, BatchCommands.Document document, OffsetDateTime time) {
		ObjectNode e = base("ObjectEvent", time);
		e.put("action", "OBSERVE");
		quantityList(e, "quantityList", List.of(new LotQuantity(batch.digitalLinkId(), quantity)));
		e.put("bizStep", "receiving");
		e.put("disposition", "in_progress");
		place(e, locationUri);
		document(e, org, document);
		if (source != null) {
			e.putArray("sourceList").addObject().put("type", "location").put("source", source.uri());
		}
		ArrayNode dest = e.putArray("destinationList");
		dest.addObject().put("type", "owning_party").put("destination", orgUri(org));
		dest.addObject().put("type", "location").put("destination", locationUri);
		putIfPresent(e, "nguon:locationName", locationName);
		if (source != null) {
			putIfPresent(e, "nguon:sourceName", source.label());
		}
		return e;
	}

	/**
	 * Transformation: input lots become output lots (split by grade, merge, process), with ILMD
	 * for the outputs (harvest dates when the inputs share them).
	 */
	public static ObjectNode transform(String kind, Collection<LotQuantity> inputs, Collection<LotQuantity> outputs,
			ObjectNode ilmd, String locationUri, String locationName, OffsetDateTime time) {
		ObjectNode e = base("TransformationEvent", time);
		quantityList(e, "inputQuantityList", inputs);
		quantityList(e, "outputQuantityList", outputs);
		e.put("bizStep", "commissioning");
		e.put("disposition", "active");
		place(e, locationUri);
		if (ilmd != null && !ilmd.isEmpty()) {
			e.set("ilmd", ilmd);
		}
		e.put("nguon:transformationKind", kind);
		putIfPresent(e, "nguon:locationName", locationName);
		return e;
	}

	/**
	 * Recall (contract 4): ObjectEvent OBSERVE, bizStep holding, disposition recalled, naming the
	 * recalled lot and every lot downstream of it.
	 */
	public static ObjectNode recall(OrgId org, String recalledLot, Collection<String> lots, String reason,
			OffsetDateTime time) {
		ObjectNode e = base("ObjectEvent", time);
		e.put("action", "OBSERVE");
		quantityList(e, "quantityList", lots.stream().map(l -> new LotQuantity(l, null)).toList());
		e.put("bizStep", "holding");
		e.put("disposition", "recalled");
		place(e, orgUri(org));
		e.put("nguon:recallOf", recalledLot);
		e.put("nguon:recallReason", reason);
		return e;
	}

	/** @return the time, or now in Vietnam, to the millisecond */
	public static OffsetDateTime timeOrNow(OffsetDateTime time) {
		OffsetDateTime t = time != null ? time : OffsetDateTime.now(VIETNAM);
		return t.truncatedTo(ChronoUnit.MILLIS);
	}

	private static ObjectNode base(String type, OffsetDateTime time) {
		ObjectNode e = F.objectNode();
		ArrayNode ctx = e.putArray("@context");
		ctx.add(EPCIS_CONTEXT);
		ctx.addObject().put("nguon", NGUON_NAMESPACE);
		e.put("type", type);
		OffsetDateTime t = timeOrNow(time);
		e.put("eventTime", TIME.format(t));
		e.put("eventTimeZoneOffset", t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId());
		return e;
	}

	private static void quantityList(ObjectNode e, String name, Collection<LotQuantity> lots) {
		ArrayNode list = e.putArray(name);
		for (LotQuantity l : lots) {
			ObjectNode q = list.addObject();
			q.put("epcClass", l.epcClass());
			if (l.quantity() != null) {
				q.put("quantity", l.quantity().amount());
				q.put("uom", l.quantity().unit().uom());
			}
		}
	}

	private static void place(ObjectNode e, String uri) {
		e.putObject("readPoint").put("id", uri);
		e.putObject("bizLocation").put("id", uri);
	}

	private static void document(ObjectNode e, OrgId org, BatchCommands.Document document) {
		if (document != null) {
			e.putArray("bizTransactionList")
				.addObject()
				.put("type", document.type())
				.put("bizTransaction", documentUri(org, document.number()));
		}
	}

	/** @return the business transaction URI of a document number of an organisation */
	public static String documentUri(OrgId org, String number) {
		return "urn:nguon:bt:" + org.value() + ":"
				+ java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
	}

	/** @return the document number in a business transaction URI (ours decoded, others as they are) */
	public static String documentNumber(String uri) {
		if (uri != null && uri.startsWith("urn:nguon:bt:")) {
			String rest = uri.substring("urn:nguon:bt:".length());
			int colon = rest.indexOf(':');
			return java.net.URLDecoder.decode(rest.substring(colon + 1), java.nio.charset.StandardCharsets.UTF_8);
		}
		return uri;
	}

	private static void putIfPresent(ObjectNode n, String name, String value) {
		if (value != null) {
			n.put(name, value);
		}
	}

}
