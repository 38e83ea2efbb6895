package vn.nguon.api.grading;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import jakarta.validation.Valid;

import vn.nguon.api.grading.GradingViews.AcceptedPhoto;
import vn.nguon.api.grading.GradingViews.BatchGrading;
import vn.nguon.api.grading.GradingViews.Grade;
import vn.nguon.api.grading.GradingViews.Prediction;
import vn.nguon.api.grading.GradingViews.ReviewRequest;
import vn.nguon.api.grading.GradingViews.Unit;
import vn.nguon.api.grading.GradingViews.Upload;
import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.api.web.RequestBodies;
import vn.nguon.grading.GradingException;
import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.photo.CheckedPhoto;
import vn.nguon.grading.photo.PhotoInspector;
import vn.nguon.grading.policy.GradeClass;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.queue.GradingStore;

/**
 * Grading over HTTP: the stateless prediction, photo uploads to a batch (checked, stored and queued; or
 * refused with nothing stored), the batch's grade, and the review queue. Photo checks run on the bounded
 * grading scheduler, inference on the grader's own threads.
 */
@RestController
class GradingController {

	private final GraderRegistry graders;

	private final PhotoInspector inspector;

	private final GradingStore store;

	private final GradingBatches batches;

	private final GradingProperties props;

	private final Scheduler scheduler;

	private final GradeEvents events;

	private final GradingQueueRunner runner;

	GradingController(GraderRegistry graders, PhotoInspector inspector, GradingStore store, GradingBatches batches,
			GradingProperties props, Scheduler gradingScheduler, GradeEvents events, GradingQueueRunner runner) {
		this.graders = graders;
		this.inspector = inspector;
		this.store = store;
		this.batches = batches;
		this.props = props;
		this.scheduler = gradingScheduler;
		this.events = events;
		this.runner = runner;
	}

	@PostMapping(path = "/api/grading/predict", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<Prediction> predict(@RequestPart("photo") Part photo, @RequestParam(required = false) String product) {
		String p = product == null ? this.props.defaultProduct() : product;
		return Actors.current().switchIfEmpty(unauthorized())
			.then(read(photo))
			.publishOn(this.scheduler)
			.map(bytes -> this.inspector.inspect(bytes, contentType(photo)))
			.flatMap(checked -> Mono.fromFuture(() -> this.graders.forProduct(p).grade(checked.bytes())))
			.map(GradingController::prediction);
	}

	private static Prediction prediction(GradeResult r) {
		return new Prediction(r.label(), r.probabilities(), r.modelVersion(), r.confidence(), r.needsReview(),
				r.reviewReasons());
	}

	@PostMapping(path = "/api/batches/{batchId}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<Upload>> upload(@PathVariable UUID batchId, @RequestPart("photo") Flux<Part> photos) {
		return Actors.current().switchIfEmpty(unauthorized()).flatMap(actor -> this.batches.findWritable(actor, batchId)
			.flatMap(batch -> photos.concatMap(part -> read(part).map(bytes -> Map.entry(part, bytes)))
				.collectList()
				.publishOn(this.scheduler)
				.map(parts -> {
					if (parts.isEmpty()) {
						throw new GradingException(GradingException.Kind.INVALID, "photo-empty", "No photo was sent");
					}
					// every photo is checked before any is stored: one bad photo refuses the upload
					return parts.stream().map(e -> this.inspector.inspect(e.getValue(), contentType(e.getKey()))).toList();
				})
				.flatMapMany(Flux::fromIterable)
				.concatMap(checked -> save(actor, batch.orgId().value(), batchId, this.batches.productOf(batch), checked))
				.collectList()
				.doOnNext(accepted -> this.runner.kick())
				.map(accepted -> ResponseEntity.created(URI.create("/api/batches/" + batchId + "/grade"))
					.body(new Upload(batchId, accepted)))));
	}

	private Mono<AcceptedPhoto> save(Actor actor, UUID orgId, UUID batchId, String product, CheckedPhoto checked) {
		String by = actor.userId() != null ? actor.userId().toString() : actor.role();
		return this.store.savePhoto(orgId, batchId, product, checked, by)
			.map(id -> new AcceptedPhoto(id, checked.sha256(), "queued"));
	}

	@GetMapping("/api/batches/{batchId}/grade")
	Mono<BatchGrading> grade(@PathVariable UUID batchId) {
		return Actors.current().switchIfEmpty(unauthorized()).flatMap(actor -> this.batches.find(actor, batchId)
			.flatMap(batch -> {
				UUID org = batch.orgId().value();
				return Mono.zip(this.store.queueState(org, batchId), this.store.parked(org, batchId),
						this.store.verdicts(org, batchId).map(Unit::of).collectList(),
						this.store.gradeHistory(org, batchId).map(Grade::of).collectList())
					.map(t -> new BatchGrading(batchId, t.getT1(), t.getT2(),
							t.getT4().isEmpty() ? null : t.getT4().get(t.getT4().size() - 1), t.getT3(), t.getT4()));
			}));
	}

	@GetMapping("/api/grading/reviews")
	Mono<Map<String, Object>> reviews() {
		return Actors.current().switchIfEmpty(unauthorized()).flatMap(actor -> {
			requireReviewer(actor);
			UUID org = actor.orgId().value();
			return Mono.zip(this.store.reviewQueue(org, 200).map(Grade::of).collectList(),
					this.store.reviews(org, 200).collectList())
				.map(t -> Map.of("queue", t.getT1(), "reviews", t.getT2()));
		});
	}

	@PostMapping("/api/grading/reviews")
	Mono<ResponseEntity<Map<String, Object>>> review(@Valid @RequestBody ReviewRequest request) {
		return Actors.current().switchIfEmpty(unauthorized()).flatMap(actor -> {
			requireReviewer(actor);
			UUID org = actor.orgId().value();
			String reviewer = actor.userId() != null ? actor.userId().toString() : actor.role();
			boolean override = "override".equals(request.action());
			Mono<Grade> result;
			if ("unit".equals(request.target())) {
				result = (this.store.reviewUnit(org, request.photoId(), override, request.label(), request.reason().trim(),
							reviewer, GradingPolicy.forProduct(this.props.defaultProduct())).map(Grade::of));
			}
			else {
				result = this.store.reviewBatch(org, request.gradeId(), override,
						override ? GradeClass.valueOf(request.grade()) : null, request.reason().trim(), reviewer)
					.map(Grade::of);
			}
			return result.map(g -> Map.<String, Object>of("recorded", true, "newGrade", g))
				.defaultIfEmpty(Map.of("recorded", true))
				.flatMap(body -> this.events.publishPending().thenReturn(body))
				.map(body -> ResponseEntity.status(HttpStatus.CREATED).body(body));
		});
	}

	static void requireReviewer(Actor actor) {
		if (!actor.isAdmin() && !"reviewer".equals(actor.role())) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only reviewers and admins review grades.");
		}
	}

	private Mono<byte[]> read(Part part) {
		long max = this.props.maxPhotoBytes();
		return RequestBodies.bytes(part.content(), max, () -> new GradingException(GradingException.Kind.TOO_LARGE,
				"photo-too-large", "The photo is larger than " + max + " bytes", max / (1024 * 1024)));
	}

	private static String contentType(Part part) {
		MediaType type = part.headers().getContentType();
		return type == null ? null : type.toString();
	}

	static <T> Mono<T> unauthorized() {
		return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED));
	}

}
