package vn.nguon.api.grading;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actors;
import vn.nguon.grading.live.GradingChange;
import vn.nguon.grading.live.GradingChanges;

/**
 * The review queue's live feed: {@code GET /api/grading/events}, Server-Sent Events of the grading changes
 * of the caller's organisation (and of no other), for reviewers and administrators. Fed by
 * {@link GradingChanges} (PostgreSQL LISTEN/NOTIFY), so a change written by any instance reaches the
 * streams of every instance. Events name rows and never carry their content: a client reads what changed
 * through the ordinary endpoints, with the ordinary checks. (Not to be confused with {@link GradeEvents},
 * which records grades as EPCIS inspecting events.)
 */
@RestController
@Tag(name = "Grading", description = "Photo grading, batch grades and their review")
class GradingStreamController {

	/** Events buffered for a slow client; beyond it the oldest are dropped (the client re-reads anyway). */
	static final int BUFFER = 256;

	/** A stream ends after this long; EventSource reconnects at once, and access is checked again. */
	static final Duration MAX_AGE = Duration.ofMinutes(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final GradingChanges changes;

	private final Duration heartbeat;

	GradingStreamController(GradingChanges changes, GradingProperties props) {
		this.changes = changes;
		this.heartbeat = props.eventsHeartbeat();
	}

	@GetMapping(path = "/api/grading/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Live grading changes of the caller's organisation (Server-Sent Events)", description = """
			A `text/event-stream` that never ends by itself (it closes after 30 minutes; EventSource reconnects).
			It starts with `event: ready` (`data: {"listening": true|false}`, whether this instance hears the
			database now; `retry: 5000`). Then one event per change of the caller's organisation, with `id:` (the
			change number, increasing) and `event:` naming the kind; `data:` is JSON naming rows, never their content:
			- `verdict`: a photo's unit verdict was stored (`batchId`, `photoId`);
			- `grade`: a batch got a new grade, from the model or a reviewer's override (`batchId`, `gradeId`, `needsReview`);
			- `review`: a review was recorded (`batchId`, `reviewId`, `gradeId` or `photoId`);
			- `resync` (no id): changes may have been missed (the service lost its database listener for a
			  while); read again what you show.
			A comment line (`: keep-alive`) comes every 15 s (`nguon.grading.events-heartbeat`) so proxies keep
			the connection open. Nothing is
			replayed: `Last-Event-ID` is ignored, so after (re)connecting read the review queue once
			(`GET /api/grading/reviews`) and refresh it on `grade` and `review` events. Reviewers and administrators
			only (token scope `grading`), like the review queue.""")
	@ApiResponse(responseCode = "200", description = "The event stream",
			content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
					example = "event: grade\nid: 42\ndata: {\"kind\":\"grade\",\"batchId\":\"…\",\"gradeId\":\"…\","
							+ "\"needsReview\":true}\n\n")))
	@ApiResponse(responseCode = "401", description = "Not signed in",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "403", description = "Farmers, and tokens without the grading scope",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	Flux<ServerSentEvent<String>> events(ServerHttpResponse response) {
		return Actors.current().switchIfEmpty(GradingController.unauthorized())
			.flatMapMany(actor -> {
				GradingController.requireReviewer(actor);
				// nginx and similar proxies would otherwise hold events back in their buffers
				response.getHeaders().set("X-Accel-Buffering", "no");
				return stream(actor.orgId().value(), this.changes.changes(), this.changes::isListening, this.heartbeat)
					.take(MAX_AGE);
			});
	}

	/**
	 * The events of one organisation: {@code ready} first (once the changes are subscribed, so nothing
	 * after it is missed), then its changes and every resync, with a keep-alive comment every
	 * {@code heartbeat}; ends when the changes end (the listener stopped).
	 */
	static Flux<ServerSentEvent<String>> stream(UUID orgId, Flux<GradingChange> changes, BooleanSupplier listening,
			Duration heartbeat) {
		Sinks.Empty<Void> ended = Sinks.empty();
		Flux<ServerSentEvent<String>> events = changes
			.filter(c -> c.kind() == GradingChange.Kind.RESYNC || orgId.equals(c.orgId()))
			.onBackpressureBuffer(BUFFER, dropped -> {
			}, BufferOverflowStrategy.DROP_OLDEST)
			.map(GradingStreamController::event)
			.doFinally(signal -> ended.tryEmitEmpty());
		Mono<ServerSentEvent<String>> ready = Mono.fromSupplier(() -> ServerSentEvent
			.builder("{\"listening\":" + listening.getAsBoolean() + "}")
			.event("ready")
			.retry(Duration.ofSeconds(5))
			.build());
		Flux<ServerSentEvent<String>> keepAlive = Flux.interval(heartbeat)
			.map(i -> ServerSentEvent.<String>builder().comment("keep-alive").build())
			.takeUntilOther(ended.asMono());
		// merge subscribes in order: the changes first, then ready is sent
		return Flux.merge(events, ready, keepAlive);
	}

	static ServerSentEvent<String> event(GradingChange c) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("kind", c.kind().wireName());
		put(data, "batchId", c.batchId());
		put(data, "photoId", c.photoId());
		put(data, "gradeId", c.gradeId());
		put(data, "reviewId", c.reviewId());
		put(data, "needsReview", c.needsReview());
		ServerSentEvent.Builder<String> b = ServerSentEvent.builder(JSON.writeValueAsString(data))
			.event(c.kind().wireName());
		return c.kind() == GradingChange.Kind.RESYNC ? b.build() : b.id(String.valueOf(c.id())).build();
	}

	private static void put(Map<String, Object> data, String key, Object value) {
		if (value != null) {
			data.put(key, value);
		}
	}

}
