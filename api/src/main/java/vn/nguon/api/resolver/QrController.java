package vn.nguon.api.resolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import jakarta.annotation.PreDestroy;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.DigitalLink;
import vn.nguon.traceability.qr.QrCodes;
import vn.nguon.traceability.qr.QrSpec;

/**
 * The QR code of any Digital Link path on this service's public base URL:
 * {@code GET /qr/01/{gtin}/10/{lot}?format=png|svg&size=300&margin=4&ecc=M}. The image depends only
 * on the request, never on stored data: its ETag is a digest of what is drawn, it may be cached for
 * long, and a matching {@code If-None-Match} is answered 304 without drawing. Encoding and drawing
 * (CPU work of a millisecond or more) run on a small scheduler of one thread per core, never on the
 * Netty event loop; when its queue is full the answer is 503.
 */
@RestController
class QrController {

	/** Bump when the drawing changes, so caches drop images drawn the old way. */
	private static final String RENDERER = "zxing-1";

	private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofDays(30)).cachePublic();

	private final ConsumerPages pages;

	/** 16 MB of recently drawn images: thousands of PNGs (1 to 3 KB each at label sizes). */
	private final DrawnCodes recent = new DrawnCodes(16L << 20);

	private final Scheduler drawing = Schedulers.newBoundedElastic(Runtime.getRuntime().availableProcessors(), 1024,
			"qr-draw", 60, true);

	QrController(ConsumerPages pages) {
		this.pages = pages;
	}

	@GetMapping("/qr/**")
	Mono<ResponseEntity<byte[]>> qr(ServerWebExchange exchange, @RequestParam(defaultValue = "png") String format,
			@RequestParam(defaultValue = "300") int size, @RequestParam(defaultValue = "4") int margin,
			@RequestParam(defaultValue = "M") String ecc) {
		String path = exchange.getRequest().getURI().getRawPath().substring(3);
		DigitalLink link = DigitalLink.parse(this.pages.base() + path);
		QrSpec.Ecc level;
		try {
			level = QrSpec.Ecc.valueOf(ecc.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw TraceabilityException.invalid("invalid-qr-ecc", "The error-correction level is L, M, Q or H: " + ecc,
					ecc);
		}
		QrSpec spec = new QrSpec(size, margin, level);
		String uri = link.toUri();
		String kind = format.toLowerCase(Locale.ROOT);
		MediaType type = switch (kind) {
			case "png" -> MediaType.IMAGE_PNG;
			case "svg" -> MediaType.parseMediaType("image/svg+xml");
			default -> throw TraceabilityException.invalid("invalid-qr-format", "The QR format is png or svg: " + format,
					format);
		};
		String etag = etag(uri, kind, spec);
		if (ConditionalRequests.matches(exchange, etag)) {
			return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).cacheControl(CACHE).eTag(etag)
				.header("Access-Control-Allow-Origin", "*").build());
		}
		byte[] drawn = this.recent.get(etag);
		Mono<byte[]> image = drawn != null ? Mono.just(drawn)
				: Mono.fromCallable(() -> kind.equals("png") ? QrCodes.png(uri, spec)
						: QrCodes.svg(uri, spec).getBytes(StandardCharsets.UTF_8))
					.subscribeOn(this.drawing)
					.doOnNext(body -> this.recent.put(etag, body))
					.onErrorMap(RejectedExecutionException.class,
							ex -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Too many QR codes being drawn"));
		return image
			.map(body -> ResponseEntity.ok().cacheControl(CACHE).eTag(etag).contentType(type)
				.header("Access-Control-Allow-Origin", "*").body(body));
	}

	/** @return a strong ETag naming what is drawn: content, format, geometry and renderer */
	static String etag(String uri, String format, QrSpec spec) {
		String what = String.join("\n", RENDERER, format, Integer.toString(spec.size()), Integer.toString(spec.margin()),
				spec.ecc().name(), uri);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(what.getBytes(StandardCharsets.UTF_8));
			return "\"qr-" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@PreDestroy
	void stop() {
		this.drawing.dispose();
	}

}
