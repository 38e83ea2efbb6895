package vn.nguon.api.resolver;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.consumer.PublicLot;
import vn.nguon.traceability.consumer.PublicLotRepository;
import vn.nguon.traceability.consumer.PublicLots;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.label.Label;
import vn.nguon.traceability.label.LabelJob;
import vn.nguon.traceability.label.LabelJobRepository;
import vn.nguon.traceability.label.LabelJobs;
import vn.nguon.traceability.label.LabelLayout;

/**
 * Label sheets of the caller's lots: {@code POST /api/labels} with {@code batchIds} and/or
 * {@code lots} ({@code [{gtin, lot}]}), {@code layout} and {@code copies}. Up to
 * {@value #INLINE_LIMIT} labels answer the PDF at once; larger jobs answer 202 with a job whose
 * progress is at {@code GET /api/labels/{job}} and whose PDF is at {@code GET /api/labels/{job}/pdf}.
 * Jobs live in PostgreSQL for an hour ({@link LabelJobs}), so any replica answers them, also after
 * a restart; a job whose replica died is reported {@code failed}.
 */
@RestController
class LabelsController {

	static final int INLINE_LIMIT = 500;

	static final int MAX_LABELS = 20_000;

	/** Request body. */
	record LabelRequest(List<UUID> batchIds, List<LotName> lots, String layout, Integer copies) {
	}

	/** A lot by GTIN and lot code. */
	record LotName(String gtin, String lot) {
	}

	/** Progress of a job. */
	record JobView(String id, String state, int done, int total, String pdf) {
	}

	private final PublicLots lots;

	private final PublicLotRepository repository;

	private final ConsumerPages pages;

	private final MessageSource messages;

	private final LabelJobs jobs;

	private final LabelJobRepository jobRepository;

	LabelsController(PublicLots lots, PublicLotRepository repository, ConsumerPages pages, MessageSource messages,
			LabelJobs jobs, LabelJobRepository jobRepository) {
		this.lots = lots;
		this.repository = repository;
		this.pages = pages;
		this.messages = messages;
		this.jobs = jobs;
		this.jobRepository = jobRepository;
	}

	@PostMapping("/api/labels")
	Mono<ResponseEntity<?>> create(@RequestBody LabelRequest body, ServerWebExchange exchange) {
		LabelLayout layout;
		try {
			layout = LabelLayout.parse(body.layout() != null ? body.layout() : "a4-3x8");
		}
		catch (IllegalArgumentException ex) {
			throw TraceabilityException.invalid("invalid-label-layout", "Unknown layout " + body.layout(), body.layout());
		}
		int copies = (body.copies() != null) ? body.copies() : 1;
		if (copies < 1 || copies > 1000) {
			throw TraceabilityException.invalid("invalid-copies", "copies is 1 to 1000", copies);
		}
		Locale locale = Languages.resolve(exchange);
		LabelLayout chosen = layout;
		return Actors.current().flatMap(actor -> resolveLots(actor, body).collectList().flatMap(views -> {
			List<Label> labels = new ArrayList<>();
			for (PublicLot v : views) {
				Label label = label(v, locale);
				for (int i = 0; i < copies; i++) {
					labels.add(label);
				}
			}
			if (labels.size() > MAX_LABELS) {
				throw new TraceabilityException(TraceabilityException.Kind.TOO_LARGE, "too-many-labels",
						"At most " + MAX_LABELS + " labels per job", MAX_LABELS);
			}
			if (labels.size() <= INLINE_LIMIT) {
				return this.jobs.render(labels, chosen).map(pdf -> ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_PDF)
					.header("Content-Disposition", "attachment; filename=\"labels.pdf\"")
					.body((Object) pdf));
			}
			return this.jobs.start(actor.orgId(), labels, chosen).map(job -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(java.net.URI.create("/api/labels/" + job.id()))
				.body((Object) view(job)));
		}));
	}

	@GetMapping("/api/labels/{job}")
	Mono<ResponseEntity<?>> progress(@PathVariable String job, ServerWebExchange exchange) {
		boolean wantsPdf = exchange.getRequest().getHeaders().getAccept().stream()
			.anyMatch(m -> m.equalsTypeAndSubtype(MediaType.APPLICATION_PDF));
		return ownJob(job).flatMap(j -> {
			if (wantsPdf && j.isDone()) {
				return this.jobRepository.pdf(j.orgId(), j.id())
					.map(pdf -> (ResponseEntity<?>) ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(pdf));
			}
			return Mono.just(ResponseEntity.ok().body(view(j)));
		});
	}

	@GetMapping("/api/labels/{job}/pdf")
	Mono<ResponseEntity<byte[]>> pdf(@PathVariable String job) {
		return ownJob(job).flatMap(j -> {
			if (!j.isDone()) {
				return Mono.error(
						TraceabilityException.conflict("label-job-not-finished", "The job is not finished yet", job));
			}
			return this.jobRepository.pdf(j.orgId(), j.id()).map(pdf -> ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_PDF)
				.header("Content-Disposition", "attachment; filename=\"labels.pdf\"")
				.body(pdf));
		});
	}

	/** @return the caller's organisation's job; another organisation's, an unknown or a malformed id is not found */
	private Mono<LabelJob> ownJob(String id) {
		UUID jobId;
		try {
			jobId = UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(TraceabilityException.notFound("label-job-not-found", "No such label job", id));
		}
		return Actors.current().flatMap(actor -> this.jobRepository.find(actor.orgId(), jobId))
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("label-job-not-found", "No such label job", id)));
	}

	private static JobView view(LabelJob j) {
		return new JobView(j.id().toString(), j.state(), j.done(), j.total(),
				j.isDone() ? "/api/labels/" + j.id() + "/pdf" : null);
	}

	private Flux<PublicLot> resolveLots(Actor actor, LabelRequest body) {
		Flux<LotRef> fromBatches = Flux.fromIterable(body.batchIds() != null ? body.batchIds() : List.of())
			.concatMap(id -> this.repository.lotOfBatch(actor.orgId(), id)
				.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("batch-not-found", "No such batch", id))));
		Flux<LotRef> fromLots = Flux.fromIterable(body.lots() != null ? body.lots() : List.of())
			.map(l -> LotRef.of(l.gtin(), l.lot()));
		return Flux.concat(fromBatches, fromLots).concatMap(ref -> farmScope(actor, ref).then(this.repository.find(ref))
			.filter(m -> actor.orgId().value().equals(m.ownerOrg()))
			.switchIfEmpty(Mono.error(() -> ResolverController.notFound(ref)))
			.then(this.lots.find(ref))
			.switchIfEmpty(Mono.error(() -> ResolverController.notFound(ref))));
	}

	/** A farmer prints labels of the lots of the farms assigned to them only; others: 404 as for a foreign lot. */
	private Mono<Void> farmScope(Actor actor, LotRef ref) {
		if (actor.readableFarms() == null) {
			return Mono.empty();
		}
		return this.repository.farmOfLot(actor.orgId(), ref)
			.filter(actor::mayReadFarm)
			.switchIfEmpty(Mono.error(() -> ResolverController.notFound(ref)))
			.then();
	}

	private Label label(PublicLot v, Locale locale) {
		String uri = this.pages.base() + LotRef.parseKey(v.key()).digitalLinkPath();
		List<String> lines = new ArrayList<>();
		lines.add(this.messages.getMessage("consumer.lot", null, locale) + ": " + v.lot());
		if (v.harvestDate() != null) {
			lines.add(this.messages.getMessage("consumer.harvest", null, locale) + ": "
					+ DateTimeFormatter.ofPattern("dd/MM/yyyy").format(v.harvestDate()));
		}
		if (v.grade() != null && v.grade().shown()) {
			lines.add(this.messages.getMessage("consumer.grade", null, locale) + ": " + this.messages
				.getMessage("consumer.grade.class." + v.grade().gradeClass(), null, v.grade().gradeClass(), locale));
		}
		String name = (locale.getLanguage().equals("en") && v.productNameEn() != null) ? v.productNameEn()
				: v.productName();
		return new Label(uri, name != null ? name : v.gtin(), lines);
	}

}
