package vn.nguon.traceability.batch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductRepository;

/**
 * Transformations (grading, sorting, mixing lots): input lots locked in id order, output lots made as
 * batches of the organisation with codes of their own, one TransformationEvent naming both, inputs used
 * whole marked {@code consumed}. Runs in the caller's transaction ({@link BatchService#transform}).
 */
final class Transformations {

	private final BatchRepository batches;

	private final ProductRepository products;

	private final EventCapture events;

	private final IdempotencyStore idempotency;

	private final LotCodes lotCodes;

	private final Places places;

	Transformations(BatchRepository batches, ProductRepository products, EventCapture events,
			IdempotencyStore idempotency, LotCodes lotCodes, Places places) {
		this.batches = batches;
		this.products = products;
		this.events = events;
		this.idempotency = idempotency;
		this.lotCodes = lotCodes;
		this.places = places;
	}

	/**
	 * Transforms input lots into new output lots in one TransformationEvent; the outputs become
	 * batches of the organisation. Inputs used whole (no quantity, or at least their quantity)
	 * become {@code consumed}.
	 */
	Mono<BatchService.Transformation> transform(OrgId org, BatchCommands.Transform cmd, Idempotency idem, FarmAccess access) {
		return this.idempotency.claim(org, idem, "batch.transform", Idempotency.fingerprint("transform", cmd))
			// a replay carries the same command (same fingerprint), so its inputs are the command's
			.flatMap(r -> Mono.zip(Flux.fromIterable(cmd.inputs())
					.concatMap(in -> this.batches.findById(org, in.batchId())
						.switchIfEmpty(Mono.error(() -> BatchService.notFound(in.batchId()))))
					.collectList(),
					this.batches.findByOriginEvent(org, r.eventId()).collectList())
				.map(t -> new BatchService.Transformation(r.eventId(), t.getT1(), t.getT2(), true)))
			.switchIfEmpty(Mono.defer(() -> Flux.fromIterable(cmd.inputs())
				.sort(Comparator.comparing(BatchCommands.TransformInput::batchId))
				.concatMap(in -> this.batches.lockById(org, in.batchId())
					.switchIfEmpty(Mono.error(() -> BatchService.notFound(in.batchId()))))
				.collectMap(Batch::id, Function.identity())
				.flatMap(inputs -> {
					inputs.values().forEach(b -> access.requireWrite(b.farmId()));
					List<Batch> ordered = cmd.inputs().stream().map(in -> inputs.get(in.batchId())).toList();
					List<Batch> after = new ArrayList<>();
					for (int i = 0; i < ordered.size(); i++) {
						Batch b = ordered.get(i);
						Quantity used = cmd.inputs().get(i).quantity();
						after.add(usesWhole(b, used) ? b.consumed() : requireTransformable(b));
					}
					return outputs(org, cmd, ordered).flatMap(outs -> {
						UUID farm = shared(ordered, Batch::farmId);
						Mono<Place> where = cmd.location() != null ? Mono.just(Place.of(cmd.location()))
								: this.places.ofFarm(org, farm);
						List<BatchEvents.LotQuantity> in = new ArrayList<>();
						for (int i = 0; i < ordered.size(); i++) {
							in.add(new BatchEvents.LotQuantity(ordered.get(i).digitalLinkId(),
									quantity(cmd.inputs().get(i).quantity(), ordered.get(i))));
						}
						List<BatchEvents.LotQuantity> out = outs.batches()
							.stream()
							.map(b -> new BatchEvents.LotQuantity(b.digitalLinkId(), b.quantity()))
							.toList();
						ObjectNode ilmd = JsonNodeFactory.instance.objectNode();
						LocalDate harvest = shared(ordered, Batch::harvestDate);
						if (harvest != null) {
							ilmd.put("cbvmda:harvestStartDate", harvest.toString());
							ilmd.put("cbvmda:harvestEndDate", harvest.toString());
						}
						ilmd.put("cbvmda:countryOfOrigin", "VN");
						return where.flatMap(loc -> {
							ObjectNode event = BatchEvents.transform(cmd.kind(), in, out, ilmd, loc.uri(), loc.name(),
									cmd.eventTime());
							ObjectNode labels = JsonNodeFactory.instance.objectNode();
							for (int i = 0; i < cmd.outputs().size(); i++) {
								if (cmd.outputs().get(i).label() != null) {
									labels.put(outs.batches().get(i).digitalLinkId(), cmd.outputs().get(i).label());
								}
							}
							if (!labels.isEmpty()) {
								event.set("nguon:outputLabels", labels);
							}
							return this.events.captureEvent(org, event);
						}).flatMap(ev -> Flux.fromIterable(outs.batches())
							.concatMap(b -> this.batches.insert(b.withOriginEventId(ev.eventId())))
							.collectList()
							.flatMap(made -> Flux.fromIterable(after)
								.concatMap(this.batches::updateState)
								.collectList()
								.flatMap(inputsAfter -> this.idempotency
									.complete(org, idem, made.get(0).id(), ev.eventId())
									.thenReturn(new BatchService.Transformation(ev.eventId(), inputsAfter, made, false)))));
					});
				})));
	}

	private record Outputs(List<Batch> batches, Map<UUID, Product> products) {
	}

	private Mono<Outputs> outputs(OrgId org, BatchCommands.Transform cmd, List<Batch> inputs) {
		Set<UUID> productIds = cmd.outputs()
			.stream()
			.map(o -> o.productId() != null ? o.productId() : inputs.get(0).productId())
			.collect(Collectors.toSet());
		UUID farm = shared(inputs, Batch::farmId);
		LocalDate harvest = shared(inputs, Batch::harvestDate);
		String field = shared(inputs, Batch::fieldName);
		return this.products.findByIds(org, productIds).collectMap(Product::id, Function.identity()).flatMap(ps -> {
			for (UUID p : productIds) {
				if (!ps.containsKey(p)) {
					return Mono.error(BatchService.unknown("unknown-product", "product", p));
				}
			}
			return Flux.fromIterable(cmd.outputs()).concatMap(o -> {
				Product p = ps.get(o.productId() != null ? o.productId() : inputs.get(0).productId());
				return this.lotCodes.pick(p.gtin(), o.lot(), harvest != null ? harvest : LocalDate.now(BatchEvents.VIETNAM))
					.map(lot -> new Batch(o.id() != null ? o.id() : UUID.randomUUID(), org, p.id(), farm, p.gtin(), lot, field,
							harvest, o.quantity(), BatchStatus.ACTIVE, BatchStage.HARVESTED, null, null, null, null));
			}).collectList().map(list -> new Outputs(list, ps));
		});
	}

	private static boolean usesWhole(Batch b, Quantity used) {
		return used == null || b.quantity() == null
				|| (used.unit() == b.quantity().unit() && used.amount().compareTo(b.quantity().amount()) >= 0);
	}

	private static Batch requireTransformable(Batch b) {
		b.consumed();
		return b;
	}

	static Quantity quantity(Quantity given, Batch b) {
		return given != null ? given : b.quantity();
	}

	private static <T> T shared(List<Batch> batches, Function<Batch, T> f) {
		T first = f.apply(batches.get(0));
		for (Batch b : batches) {
			if (!Objects.equals(first, f.apply(b))) {
				return null;
			}
		}
		return first;
	}

}
