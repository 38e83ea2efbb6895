package vn.nguon.api.resolver;

import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

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
import vn.nguon.traceability.label.LabelLayout;
import vn.nguon.traceability.label.LabelSheets;

/**
 * Label sheets of the caller's lots: {@code POST /api/labels} with {@code batchIds} and/or
 * {@code lots} ({@code [{gtin, lot}]}), {@code layout} and {@code copies}. Up to
 * {@value #INLINE_LIMIT} labels answer the PDF at once; larger jobs answer 202 with a job whose
 * progress is at {@code GET /api/labels/{job}} and whose PDF is at {@code GET /api/labels/{job}/pdf}.
 * Jobs live in this process's memory for an hour (a replica restart loses them).
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

	private static final class Job {

		final String id = UUID.randomUUID().toString();

		final Actor owner;

		final int total;

		final AtomicInteger done = new AtomicInteger();

		final long created = System.currentTimeMillis();

		volatile byte[] pdf;

		volatile String error;

		Job(Actor owner, int total) {
			this.owner = owner;
			this.total = total;
		}

	}

	private final PublicLots lots;

	private final PublicLotRepository repository;

	private final ConsumerPages pages;

	private final MessageSource messages;

	private final LabelSheets sheets = new LabelSheets();

	private final Scheduler pdfScheduler = Schedulers.newBoundedElastic(2, 16, "labels");

	private final Map<String, Job> jobs = new ConcurrentHashMap<>();

	LabelsController(PublicLots lots, PublicLotRepository repository, ConsumerPages pages, MessageSource messages) {
		this.lots = lots;
		this.repository = repository;
		this.pages = pages;
		this.messages = messages;
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
				return Mono.fromCallable(() -> {
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					this.sheets.write(labels.iterator(), chosen, out, null);
					return out.toByteArray();
				}).subscribeOn(this.pdfScheduler).map(pdf -> ResponseEntity.ok()
					.contentType(MediaType.APPLICATION_PDF)
					.header("Content-Disposition", "attachment; filename=\"labels.pdf\"")
					.body((Object) pdf));
			}
			Job job = new Job(actor, labels.size());
			this.jobs.values().removeIf(j -> System.currentTimeMillis() - j.created > 3_600_000);
			this.jobs.put(job.id, job);
			Mono.fromRunnable(() -> {
				try {
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					this.sheets.write(labels.iterator(), chosen, out, job.done::set);
					job.pdf = out.toByteArray();
				}
				catch (RuntimeException ex) {
					job.error = ex.getMessage();
				}
			}).subscribeOn(this.pdfScheduler).subscribe();
			return Mono.just(ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(java.net.URI.create("/api/labels/" + job.id))
				.body((Object) view(job)));
		}));
	}

	@GetMapping("/api/labels/{job}")
	Mono<ResponseEntity<?>> progress(@PathVariable String job, ServerWebExchange exchange) {
		return ownJob(job).map(j -> {
			boolean wantsPdf = exchange.getRequest().getHeaders().getAccept().stream()
				.anyMatch(m -> m.equalsTypeAndSubtype(MediaType.APPLICATION_PDF));
			if (wantsPdf && j.pdf != null) {
				return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(j.pdf);
			}
			return ResponseEntity.ok().body(view(j));
		});
	}

	@GetMapping("/api/labels/{job}/pdf")
	Mono<ResponseEntity<byte[]>> pdf(@PathVariable String job) {
		return ownJob(job).map(j -> {
			if (j.pdf == null) {
				throw TraceabilityException.conflict("label-job-not-finished", "The job is not finished yet", job);
			}
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
				.header("Content-Disposition", "attachment; filename=\"labels.pdf\"").body(j.pdf);
		});
	}

	private Mono<Job> ownJob(String id) {
		return Actors.current().map(actor -> {
			Job j = this.jobs.get(id);
			if (j == null || !j.owner.orgId().equals(actor.orgId())) {
				throw TraceabilityException.notFound("label-job-not-found", "No such label job", id);
			}
			return j;
		});
	}

	private static JobView view(Job j) {
		String state = (j.error != null) ? "failed" : (j.pdf != null) ? "done" : "running";
		return new JobView(j.id, state, j.done.get(), j.total, j.pdf != null ? "/api/labels/" + j.id + "/pdf" : null);
	}

	private Flux<PublicLot> resolveLots(Actor actor, LabelRequest body) {
		Flux<LotRef> fromBatches = Flux.fromIterable(body.batchIds() != null ? body.batchIds() : List.of())
			.concatMap(id -> this.repository.lotOfBatch(actor.orgId(), id)
				.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("batch-not-found", "No such batch", id))));
		Flux<LotRef> fromLots = Flux.fromIterable(body.lots() != null ? body.lots() : List.of())
			.map(l -> LotRef.of(l.gtin(), l.lot()));
		return Flux.concat(fromBatches, fromLots).concatMap(ref -> this.repository.find(ref)
			.filter(m -> actor.orgId().value().equals(m.ownerOrg()))
			.switchIfEmpty(Mono.error(() -> ResolverController.notFound(ref)))
			.then(this.lots.find(ref))
			.switchIfEmpty(Mono.error(() -> ResolverController.notFound(ref))));
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
