package vn.nguon.api.batch;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.batch.BatchRequests.HarvestRequest;
import vn.nguon.api.batch.BatchRequests.PackRequest;
import vn.nguon.api.batch.BatchRequests.RecallRequest;
import vn.nguon.api.batch.BatchRequests.ReceiveRequest;
import vn.nguon.api.batch.BatchRequests.ShipRequest;
import vn.nguon.api.batch.BatchRequests.TransformRequest;
import vn.nguon.api.batch.BatchResponses.BatchDetail;
import vn.nguon.api.batch.BatchResponses.BatchPageResponse;
import vn.nguon.api.batch.BatchResponses.BatchResponse;
import vn.nguon.api.batch.BatchResponses.Named;
import vn.nguon.api.batch.BatchResponses.RecallResponse;
import vn.nguon.api.batch.BatchResponses.StepResponse;
import vn.nguon.api.batch.BatchResponses.TransformResponse;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.StoredGrade;
import vn.nguon.traceability.batch.BatchFilter;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.product.ProductService;

/**
 * Batches (lots) of the caller's organisation and their lifecycle. Every step writes an EPCIS 2.0
 * event; creating requests are idempotent with a client-generated {@code id} and/or an
 * {@code Idempotency-Key} header (a retry answers what the first request made; the same key with
 * a different body is 409). Farmers write only batches of their farms.
 */
@ProblemResponses
@RestController
@RequestMapping("/api/batches")
@Tag(name = "Batches", description = "Harvest batches (lots) and their lifecycle, recorded as EPCIS 2.0 events")
class BatchController {

	private final BatchService batches;

	private final ProductService products;

	private final FarmService farms;

	private final BatchTimeline timeline;

	private final String baseUrl;

	private final GradingStore grades;

	BatchController(BatchService batches, ProductService products, FarmService farms, BatchTimeline timeline,
			@Value("${nguon.public-base-url:http://localhost:8080}") String baseUrl, GradingStore grades) {
		this.grades = grades;
		this.batches = batches;
		this.products = products;
		this.farms = farms;
		this.timeline = timeline;
		this.baseUrl = baseUrl.replaceAll("/+$", "");
	}

	@PostMapping
	@Operation(summary = "Register a harvested lot",
			description = "Records an EPCIS ObjectEvent ADD (bizStep commissioning) with the harvest date, field, variety "
					+ "and farm as ILMD. The batch and its event are stored together or not at all.")
	Mono<ResponseEntity<BatchResponse>> create(@RequestBody HarvestRequest body,
			@Parameter(description = "Client-chosen key making retries safe") @RequestHeader(name = Callers.IDEMPOTENCY_KEY,
					required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.harvest(a.orgId(), cmd, Callers.idempotency(key, body.id()), Callers.farmAccess(a)))
			.map(c -> ResponseEntity.created(URI.create("/api/batches/" + c.batch().id())).body(view(c.batch())));
	}

	@GetMapping
	@Operation(summary = "Search batches", description = "Newest first, paged. `status` takes active, recalled or a stage "
			+ "(harvested, packed, shipped, received, consumed); `q` matches lot, field, product and farm names.")
	Mono<BatchPageResponse> list(@RequestParam(required = false) UUID product, @RequestParam(required = false) UUID farm,
			@Parameter(description = "harvested on or after (YYYY-MM-DD)") @RequestParam(required = false) String from,
			@Parameter(description = "harvested on or before (YYYY-MM-DD)") @RequestParam(required = false) String to,
			@RequestParam(required = false) String status, @RequestParam(required = false) String q,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		BatchFilter filter = new BatchFilter(product, farm, Callers.date(from, "from"), Callers.date(to, "to"), status, q,
				page, size);
		return Callers.actor()
			.flatMap(a -> this.batches.search(a.orgId(), filter.withinFarms(a.readableFarms()))
				.flatMap(p -> this.grades.currentGrades(a.orgId().value(), p.items().stream().map(b -> b.id()).toList())
					.collectMap(StoredGrade::batchId)
					.map(byBatch -> new BatchPageResponse(p.items().stream()
						.map(b -> BatchResponse.of(b, this.baseUrl, byBatch.get(b.id())))
						.toList(), p.page(), p.size(), p.total()))));
	}

	@GetMapping("/{id}")
	@Operation(summary = "Read a batch with its product, farm and event timeline",
			description = "Batches of other organisations, and for a farmer batches of farms not assigned to them, answer 404.")
	Mono<BatchDetail> get(@PathVariable UUID id) {
		return Callers.actor().flatMap(a -> Callers.readable(a, this.batches.get(a.orgId(), id), id).flatMap(b -> {
			Mono<Named> product = this.products.get(a.orgId(), b.productId())
				.map(p -> new Named(p.id(), p.description()));
			Mono<List<Named>> farm = b.farmId() == null ? Mono.just(List.of())
					: this.farms.get(a.orgId(), b.farmId()).map(f -> List.of(new Named(f.id(), f.description())));
			Mono<java.util.Optional<StoredGrade>> grade = this.grades.currentGrade(a.orgId().value(), b.id())
				.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty());
			return Mono.zip(product, farm, this.timeline.of(a.orgId(), b).collectList(), grade)
				.map(t -> new BatchDetail(BatchResponse.of(b, this.baseUrl, t.getT4().orElse(null)), t.getT1(),
						t.getT2().isEmpty() ? null : t.getT2().get(0), t.getT3()));
		}));
	}

	@PostMapping("/{id}/pack")
	@Operation(summary = "Pack a lot", description = "EPCIS AggregationEvent ADD, bizStep packing; parent is the SSCC "
			+ "when given.")
	Mono<StepResponse> pack(@PathVariable UUID id, @RequestBody PackRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.pack(a.orgId(), id, cmd, Callers.idempotency(key, body.id()), Callers.farmAccess(a)))
			.map(c -> new StepResponse(c.eventId(), view(c.batch())));
	}

	@PostMapping("/{id}/ship")
	@Operation(summary = "Ship a lot", description = "EPCIS ObjectEvent OBSERVE, bizStep shipping, disposition "
			+ "in_transit, with source and destination lists and the reference document.")
	Mono<StepResponse> ship(@PathVariable UUID id, @RequestBody ShipRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.ship(a.orgId(), id, cmd, Callers.idempotency(key, body.id()), Callers.farmAccess(a)))
			.map(c -> new StepResponse(c.eventId(), view(c.batch())));
	}

	@PostMapping("/{id}/receive")
	@Operation(summary = "Record receipt of a lot",
			description = "EPCIS ObjectEvent OBSERVE, bizStep receiving, disposition in_progress.")
	Mono<StepResponse> receive(@PathVariable UUID id, @RequestBody ReceiveRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.receive(a.orgId(), id, cmd, Callers.idempotency(key, body.id()),
					Callers.farmAccess(a)))
			.map(c -> new StepResponse(c.eventId(), view(c.batch())));
	}

	@PostMapping("/{id}/recall")
	@Operation(summary = "Recall a lot and every lot made from it",
			description = "EPCIS ObjectEvent OBSERVE, bizStep holding, disposition recalled, naming the lot and all lots "
					+ "downstream (trace forward); the organisation's affected batches get status recalled.")
	Mono<RecallResponse> recall(@PathVariable UUID id, @RequestBody RecallRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.recall(a.orgId(), id, cmd, Callers.idempotency(key, body.id()),
					Callers.farmAccess(a)))
			.map(r -> new RecallResponse(r.eventId(), view(r.batch()), r.lots()));
	}

	@PostMapping("/transform")
	@Operation(summary = "Transform lots into new lots",
			description = "EPCIS TransformationEvent: split a lot by grade, merge lots, sort or process. The outputs "
					+ "become new batches (201, Location of the first). Inputs used whole become consumed.")
	Mono<ResponseEntity<TransformResponse>> transform(@RequestBody TransformRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		var cmd = body.command();
		return Callers.writer()
			.flatMap(a -> this.batches.transform(a.orgId(), cmd, Callers.idempotency(key, body.id()),
					Callers.farmAccess(a)))
			.map(t -> ResponseEntity.created(URI.create("/api/batches/" + t.outputs().get(0).id()))
				.body(new TransformResponse(t.eventId(), t.inputs().stream().map(this::view).toList(),
						t.outputs().stream().map(this::view).toList())));
	}

	@PostMapping("/{id}/transform")
	@Operation(summary = "Transform this lot (and optionally others) into new lots",
			description = "Same as POST /api/batches/transform with this lot added as the first input when absent.")
	Mono<ResponseEntity<TransformResponse>> transformOne(@PathVariable UUID id, @RequestBody TransformRequest body,
			@RequestHeader(name = Callers.IDEMPOTENCY_KEY, required = false) String key) {
		List<BatchRequests.InputRequest> inputs = new java.util.ArrayList<>();
		if (body.inputs() == null || body.inputs().stream().noneMatch(i -> id.equals(i.batchId()))) {
			inputs.add(new BatchRequests.InputRequest(id, null, null));
		}
		if (body.inputs() != null) {
			inputs.addAll(body.inputs());
		}
		return transform(new TransformRequest(body.id(), body.kind(), inputs, body.outputs(), body.location(),
				body.eventTime()), key);
	}

	private BatchResponse view(vn.nguon.traceability.batch.Batch b) {
		return BatchResponse.of(b, this.baseUrl);
	}

}
