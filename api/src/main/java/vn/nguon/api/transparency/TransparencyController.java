package vn.nguon.api.transparency;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.api.transparency.TransparencyViews.ConsistencyView;
import vn.nguon.api.transparency.TransparencyViews.HeadView;
import vn.nguon.api.transparency.TransparencyViews.KeyView;
import vn.nguon.api.transparency.TransparencyViews.ProofView;
import vn.nguon.api.transparency.TransparencyViews.ReportView;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.transparency.TransparencyLog;
import vn.nguon.traceability.transparency.TransparencyVerifier;

/**
 * The public transparency log (no login, see docs/transparency.md) and its admin verifier.
 * Hashes, keys and signatures are standard base64; errors are RFC 9457 problem details.
 */
@RestController
@Tag(name = "transparency", description = "RFC 9162-style transparency log of every stored EPCIS event")
class TransparencyController {

	private final TransparencyLog transparencyLog;

	private final TransparencyVerifier verifier;

	TransparencyController(TransparencyLog transparencyLog, TransparencyVerifier verifier) {
		this.transparencyLog = transparencyLog;
		this.verifier = verifier;
	}

	@GetMapping("/transparency/head")
	@Operation(summary = "Latest signed tree head",
			description = "404 problem transparency-no-head before the first head. Pin key_id: a head is only as good as the key you trust.")
	Mono<ResponseEntity<HeadView>> head() {
		return this.transparencyLog.latestHead()
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("transparency-no-head",
					"The log has not signed a tree head yet")))
			.flatMap(head -> this.transparencyLog.publicKey(head.keyId())
				.map(spki -> HeadView.of(head, spki))
				.defaultIfEmpty(HeadView.of(head, null)))
			.map(view -> ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(view));
	}

	@GetMapping("/transparency/key")
	@Operation(summary = "The log's current Ed25519 public key (DER SubjectPublicKeyInfo, base64) and its key id")
	Mono<KeyView> key() {
		return Mono.just(new KeyView(TransparencyViews.b64(this.transparencyLog.keyId()),
				TransparencyViews.b64(this.transparencyLog.publicKey()), "Ed25519"));
	}

	@GetMapping("/transparency/proof")
	@Operation(summary = "Inclusion proof of an event in the latest signed head (or in treeSize)",
			description = "404 problem transparency-not-logged when the event is not (yet) in that tree; "
					+ "400 transparency-bad-size when treeSize is beyond the latest head. `leaf_input` (the event body) "
					+ "is given only for events the caller may read: its own organisation's, and consumer-public ones "
					+ "(a lot's owner naming its own lot); for others it is null and the leaf hash and audit path "
					+ "still prove inclusion.")
	Mono<ProofView> proof(@Parameter(description = "the event's eventID") @RequestParam("eventID") String eventId,
			@Parameter(description = "tree size to prove into; default: the latest signed head's")
			@RequestParam(name = "treeSize", required = false) Long treeSize) {
		return Actors.current().map(a -> java.util.Optional.of(a.orgId().value()))
			.defaultIfEmpty(java.util.Optional.empty())
			.flatMap(reader -> this.transparencyLog.prove(eventId, treeSize, reader.orElse(null)))
			.map(ProofView::of);
	}

	@GetMapping("/transparency/consistency")
	@Operation(summary = "Consistency proof between two tree sizes",
			description = "400 problem transparency-bad-range unless 1 <= first <= second <= latest signed tree size.")
	Mono<ConsistencyView> consistency(@RequestParam("first") long first, @RequestParam("second") long second) {
		return this.transparencyLog.consistency(first, second).map(ConsistencyView::of);
	}

	@GetMapping("/api/transparency/verify")
	@Operation(summary = "Admin: recompute every logged event from its row and report changed, deleted or reordered ones")
	Mono<ReportView> verify() {
		return admin().then(this.verifier.verifyAll()).map(ReportView::of);
	}

	@PostMapping("/api/transparency/heads")
	@Operation(summary = "Admin: append pending events and sign a new tree head now")
	Mono<ResponseEntity<HeadView>> signHead() {
		return admin().then(this.transparencyLog.signHead())
			.map(head -> ResponseEntity.created(URI.create("/transparency/head"))
				.body(HeadView.of(head, this.transparencyLog.publicKey())));
	}

	private static Mono<Actor> admin() {
		return Actors.current()
			.filter(Actor::isAdmin)
			.switchIfEmpty(Mono.error(() -> new AccessDeniedException("administrators only")));
	}

}
