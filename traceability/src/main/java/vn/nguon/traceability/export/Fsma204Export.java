package vn.nguon.traceability.export;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Service;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.batch.BatchEvents;
import vn.nguon.traceability.batch.BatchRepository;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductRepository;

/**
 * Exports of an organisation's records: the FSMA 204-style Key Data Element rows of every
 * Critical Tracking Event of its lots, and the EPCISDocument of one lot's history. Only events
 * the organisation captured itself are exported (what others recorded about a lot is theirs).
 */
@Service
public class Fsma204Export {

	/**
	 * Which rows.
	 *
	 * @param from first event date (inclusive), or {@code null}
	 * @param to last event date (inclusive), or {@code null}
	 * @param lots lot codes or canonical lot keys ({@code 01/{gtin}/10/{lot}}); empty for every lot
	 */
	public record Request(LocalDate from, LocalDate to, List<String> lots) {

		public Request {
			lots = lots == null ? List.of() : lots.stream().filter(l -> l != null && !l.isBlank()).map(String::strip).toList();
			if (from != null && to != null && from.isAfter(to)) {
				throw TraceabilityException.invalid("invalid-date-range", "'from' is after 'to'", from, to);
			}
			if (lots.size() > 1000) {
				throw TraceabilityException.invalid("too-many-lots", "At most 1000 lots per export", 1000);
			}
		}

	}

	private final BatchRepository batches;

	private final ProductRepository products;

	private final FarmRepository farms;

	private final EventQueries events;

	public Fsma204Export(BatchRepository batches, ProductRepository products, FarmRepository farms,
			EventQueries events) {
		this.batches = batches;
		this.products = products;
		this.farms = farms;
		this.events = events;
	}

	/**
	 * @param org the organisation
	 * @param request the lot and date range
	 * @return the rows, lot by lot (oldest harvest first), each lot's events in time order
	 */
	public Flux<Fsma204Row> rows(OrgId org, Request request) {
		Mono<Map<String, String>> productNames = this.products.findAll(org)
			.collectMap(p -> p.gtin().value(), Product::description);
		Mono<Map<String, String>> places = this.farms.findAll(org).collect(HashMap::new, (Map<String, String> m, Farm f) -> {
			m.put(f.locationUri(), f.description());
			m.put(Farm.internalUri(f.id()), f.description());
		});
		return Mono.zip(productNames, places).flatMapMany(t -> {
			Fsma204Rows.Lookup lookup = new Fsma204Rows.Lookup(t.getT1()::get, t.getT2()::get);
			return this.batches.findForExport(org, null, request.to(), request.lots())
				.concatMap(b -> ownEvents(org, b)
					.concatMapIterable(e -> Fsma204Rows.of(e.event(), BatchService.key(b.gtin(), b.lot()), lookup)))
				.filter(r -> inRange(r.date(), request));
		});
	}

	/**
	 * @param org the organisation (the lot must be one of its batches)
	 * @param batch the batch
	 * @return an EPCIS 2.0 EPCISDocument with every event the organisation recorded about the lot
	 */
	public Mono<ObjectNode> epcisDocument(OrgId org, Batch batch) {
		return ownEvents(org, batch).collectList().map(list -> {
			ObjectNode doc = JsonNodeFactory.instance.objectNode();
			ArrayNode ctx = doc.putArray("@context");
			ctx.add(BatchEvents.EPCIS_CONTEXT);
			ctx.addObject().put("nguon", BatchEvents.NGUON_NAMESPACE);
			doc.put("type", "EPCISDocument");
			doc.put("schemaVersion", "2.0");
			doc.put("creationDate", Instant.now().toString());
			ArrayNode eventList = doc.putObject("epcisBody").putArray("eventList");
			for (StoredEvent e : list) {
				eventList.add(e.event());
			}
			return doc;
		});
	}

	private Flux<StoredEvent> ownEvents(OrgId org, Batch b) {
		return this.events.eventsOfLot(b.gtin(), b.lot()).filter(e -> org.equals(e.orgId()));
	}

	private static boolean inRange(String date, Request r) {
		if (r.from() == null && r.to() == null) {
			return true;
		}
		if (date == null) {
			return false;
		}
		LocalDate d;
		try {
			d = LocalDate.parse(date);
		}
		catch (java.time.DateTimeException ex) {
			return false;
		}
		return (r.from() == null || !d.isBefore(r.from())) && (r.to() == null || !d.isAfter(r.to()));
	}

}
