package vn.nguon.traceability.batch;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductRepository;

/**
 * The batch lifecycle: every change of a batch and its EPCIS event are one transaction (if the
 * event store refuses the event, nothing of the change remains). Creating requests are
 * idempotent (contract 7). Every read and write is scoped by organisation; batches of another
 * organisation are "not found".
 */
@Service
public class BatchService {

	private static final Logger log = LoggerFactory.getLogger(BatchService.class);

	private final BatchRepository batches;

	private final ProductRepository products;

	private final FarmRepository farms;

	private final OrganisationRepository organisations;

	private final EventCapture events;

	private final IdempotencyStore idempotency;

	private final ObjectProvider<DownstreamLots> downstream;

	private final LotCodes lotCodes;

	private final Places places;

	private final Transformations transformations;

	public BatchService(BatchRepository batches, ProductRepository products, FarmRepository farms,
			OrganisationRepository organisations, EventCapture events, IdempotencyStore idempotency,
			ObjectProvider<DownstreamLots> downstream) {
		this.batches = batches;
		this.products = products;
		this.farms = farms;
		this.organisations = organisations;
		this.events = events;
		this.idempotency = idempotency;
		this.downstream = downstream;
		this.lotCodes = new LotCodes(batches);
		this.places = new Places(farms, organisations);
		this.transformations = new Transformations(batches, products, events, idempotency, this.lotCodes, this.places);
	}

	/**
	 * A batch after a lifecycle step.
	 *
	 * @param batch the batch as stored now
	 * @param eventId the eventID of the step's EPCIS event
	 * @param replayed whether an earlier request with the same idempotency key did the step
	 */
	public record Change(Batch batch, String eventId, boolean replayed) {
	}

	/**
	 * The result of a transformation.
	 *
	 * @param eventId eventID of the TransformationEvent
	 * @param inputs the input batches after the step
	 * @param outputs the batches made
	 * @param replayed whether an earlier request did it
	 */
	public record Transformation(String eventId, List<Batch> inputs, List<Batch> outputs, boolean replayed) {
	}

	/**
	 * The result of a recall.
	 *
	 * @param batch the recalled batch
	 * @param eventId eventID of the recall event
	 * @param lots canonical keys of every lot the event names (the lot and all downstream lots)
	 * @param replayed whether an earlier request did it
	 */
	public record RecallResult(Batch batch, String eventId, List<String> lots, boolean replayed) {
	}

	public Mono<Batch> get(OrgId org, UUID id) {
		return this.batches.findById(org, id).switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	public Mono<BatchPage> search(OrgId org, BatchFilter filter) {
		return this.batches.search(org, filter);
	}

	/**
	 * Registers a harvested lot and records its harvest event.
	 * @param org owner
	 * @param cmd the harvest
	 * @param idem idempotency keys; {@link Idempotency#clientId()} becomes the batch id
	 * @param access whether the caller may write the farm
	 * @return the batch and its harvest event
	 */
	@Transactional
	public Mono<Change> harvest(OrgId org, BatchCommands.Harvest cmd, Idempotency idem, FarmAccess access) {
		return this.idempotency.claim(org, idem, "batch.harvest", Idempotency.fingerprint("harvest", cmd))
			.flatMap(r -> get(org, r.resourceId()).map(b -> new Change(b, r.eventId(), true)))
			.switchIfEmpty(Mono.defer(() -> {
				access.requireWrite(cmd.farmId());
				Mono<Product> product = this.products.findById(org, cmd.productId())
					.switchIfEmpty(Mono.error(() -> unknown("unknown-product", "product", cmd.productId())));
				Mono<Farm> farm = this.farms.findById(org, cmd.farmId())
					.switchIfEmpty(Mono.error(() -> unknown("unknown-farm", "farm", cmd.farmId())));
				return Mono.zip(product, farm).flatMap(pf -> this.lotCodes.pick(pf.getT1().gtin(), cmd.lot(), cmd.harvestDate())
					.flatMap(lot -> {
						UUID id = idem.clientId() != null ? idem.clientId() : UUID.randomUUID();
						Batch draft = new Batch(id, org, pf.getT1().id(), pf.getT2().id(), pf.getT1().gtin(), lot,
								cmd.fieldName(), cmd.harvestDate(), cmd.quantity(), BatchStatus.ACTIVE, BatchStage.HARVESTED,
								null, null, null, null);
						return this.events.captureEvent(org, BatchEvents.harvest(draft, pf.getT2(), pf.getT1(), cmd.eventTime()))
							.flatMap(ev -> this.batches.insert(draft.withOriginEventId(ev.eventId()))
								.flatMap(b -> done(org, idem, b, ev)));
					}));
			}));
	}

	/** Packs a lot (AggregationEvent ADD, packing). */
	@Transactional
	public Mono<Change> pack(OrgId org, UUID id, BatchCommands.Pack cmd, Idempotency idem, FarmAccess access) {
		return step(org, id, "batch.pack", cmd, idem, access, b -> {
			Batch next = b.packed();
			String parent = cmd.sscc() != null ? "https://id.gs1.org/00/" + cmd.sscc() : "urn:uuid:" + UUID.randomUUID();
			return this.places.of(org, b, cmd.location()).flatMap(loc -> capture(org, next,
					BatchEvents.pack(b, parent, Transformations.quantity(cmd.quantity(), b), loc.uri(), loc.name(), cmd.eventTime())));
		});
	}

	/** Ships a lot (ObjectEvent OBSERVE, shipping, in_transit). */
	@Transactional
	public Mono<Change> ship(OrgId org, UUID id, BatchCommands.Ship cmd, Idempotency idem, FarmAccess access) {
		return step(org, id, "batch.ship", cmd, idem, access, b -> {
			Batch next = b.shipped();
			return this.places.of(org, b, cmd.location()).flatMap(loc -> capture(org, next, BatchEvents.ship(org, b,
					Transformations.quantity(cmd.quantity(), b), loc.uri(), loc.name(), cmd.destination(), cmd.document(),
					cmd.eventTime())));
		});
	}

	/** Records receipt of a lot (ObjectEvent OBSERVE, receiving, in_progress). */
	@Transactional
	public Mono<Change> receive(OrgId org, UUID id, BatchCommands.Receive cmd, Idempotency idem, FarmAccess access) {
		return step(org, id, "batch.receive", cmd, idem, access, b -> {
			Batch next = b.received();
			Mono<Place> where = cmd.location() != null ? Mono.just(Place.of(cmd.location())) : this.places.ofOrganisation(org);
			return where.flatMap(loc -> capture(org, next, BatchEvents.receive(org, b, Transformations.quantity(cmd.quantity(), b),
					cmd.source(), loc.uri(), loc.name(), cmd.document(), cmd.eventTime())));
		});
	}

	/**
	 * Recalls a lot and every lot downstream of it (contract 4): one ObjectEvent OBSERVE, bizStep
	 * holding, disposition recalled, naming all of them; the organisation's own affected batches
	 * get status {@code recalled}. Batches of other organisations are named in the event only
	 * (their consumer pages read the event).
	 */
	@Transactional
	public Mono<RecallResult> recall(OrgId org, UUID id, BatchCommands.Recall cmd, Idempotency idem, FarmAccess access) {
		return this.idempotency.claim(org, idem, "batch.recall", Idempotency.fingerprint("recall", id, cmd))
			.flatMap(r -> get(org, r.resourceId()).map(b -> new RecallResult(b, r.eventId(), List.of(), true)))
			.switchIfEmpty(Mono.defer(() -> lock(org, id).flatMap(b -> {
				access.requireWrite(b.farmId());
				Instant now = Instant.now();
				Batch recalled = b.recalled(now);
				return downstreamOf(b).collectList().flatMap(down -> {
					Set<String> keys = new LinkedHashSet<>();
					keys.add(key(b.gtin(), b.lot()));
					keys.addAll(down);
					List<String> epcClasses = keys.stream().map(BatchService::epcClassOfKey).toList();
					return this.events
						.captureEvent(org, BatchEvents.recall(org, b.digitalLinkId(), epcClasses, cmd.reason(), cmd.eventTime()))
						.flatMap(ev -> this.batches.updateState(recalled)
							.then(this.batches.findByLotKeys(org, List.copyOf(down))
								.filter(d -> d.status() == BatchStatus.ACTIVE)
								.concatMap(d -> this.batches.updateState(d.recalled(now)))
								.then())
							.then(this.idempotency.complete(org, idem, b.id(), ev.eventId()))
							.then(get(org, id))
							.map(saved -> new RecallResult(saved, ev.eventId(), List.copyOf(keys), false)));
				});
			})));
	}

	/**
	 * Transforms input lots into new output lots in one TransformationEvent ({@link Transformations}).
	 */
	@Transactional
	public Mono<Transformation> transform(OrgId org, BatchCommands.Transform cmd, Idempotency idem, FarmAccess access) {
		return this.transformations.transform(org, cmd, idem, access);
	}

	private Mono<Change> step(OrgId org, UUID id, String operation, Object cmd, Idempotency idem, FarmAccess access,
			Function<Batch, Mono<Change>> work) {
		return this.idempotency.claim(org, idem, operation, Idempotency.fingerprint(operation, id, cmd))
			.flatMap(r -> get(org, r.resourceId()).map(b -> new Change(b, r.eventId(), true)))
			.switchIfEmpty(Mono.defer(() -> lock(org, id).flatMap(b -> {
				access.requireWrite(b.farmId());
				return work.apply(b);
			}).flatMap(c -> this.idempotency.complete(org, idem, c.batch().id(), c.eventId()).thenReturn(c))));
	}

	private Mono<Change> capture(OrgId org, Batch next, ObjectNode event) {
		return this.events.captureEvent(org, event)
			.flatMap(ev -> this.batches.updateState(next).map(saved -> new Change(saved, ev.eventId(), false)));
	}

	private Mono<Change> done(OrgId org, Idempotency idem, Batch b, StoredEvent ev) {
		return this.idempotency.complete(org, idem, b.id(), ev.eventId()).thenReturn(new Change(b, ev.eventId(), false));
	}

	private Mono<Batch> lock(OrgId org, UUID id) {
		return this.batches.lockById(org, id).switchIfEmpty(Mono.error(() -> notFound(id)));
	}

	private Flux<String> downstreamOf(Batch b) {
		DownstreamLots d = this.downstream.getIfAvailable();
		if (d == null) {
			log.warn("No genealogy available: recall of {} covers the lot itself only", b.lot());
			return Flux.empty();
		}
		String self = key(b.gtin(), b.lot());
		return d.of(b.gtin(), b.lot()).filter(k -> !k.equals(self)).distinct();
	}

	/** @return the canonical lot key {@code 01/{gtin}/10/{lot}} (contract 2) */
	public static String key(Gtin gtin, LotCode lot) {
		return "01/" + gtin.value() + "/10/" + lot.value();
	}

	static String epcClassOfKey(String key) {
		String[] parts = key.split("/", 4);
		if (parts.length == 4 && "01".equals(parts[0]) && "10".equals(parts[2])) {
			return Batch.digitalLinkId(new Gtin(parts[1]), new LotCode(parts[3]));
		}
		throw new IllegalArgumentException("not a lot key: " + key);
	}

	static TraceabilityException notFound(UUID id) {
		return TraceabilityException.notFound("batch-not-found", "No such batch: " + id, id);
	}

	static TraceabilityException unknown(String code, String what, UUID id) {
		return TraceabilityException.invalid(code, "No such " + what + ": " + id, id);
	}

}
