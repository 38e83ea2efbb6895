package vn.nguon.api.resolver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.DigitalLink;
import vn.nguon.traceability.qr.QrCodes;
import vn.nguon.traceability.qr.QrSpec;

/**
 * The QR code of any Digital Link path on this service's public base URL:
 * {@code GET /qr/01/{gtin}/10/{lot}?format=png|svg&size=300&margin=4&ecc=M}. The image does not
 * depend on stored data, so it may be cached for long.
 */
@RestController
class QrController {

	private final ConsumerPages pages;

	QrController(ConsumerPages pages) {
		this.pages = pages;
	}

	@GetMapping("/qr/**")
	ResponseEntity<byte[]> qr(ServerWebExchange exchange, @RequestParam(defaultValue = "png") String format,
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
		CacheControl cache = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();
		return switch (format.toLowerCase(Locale.ROOT)) {
			case "png" -> ResponseEntity.ok().cacheControl(cache).contentType(MediaType.IMAGE_PNG)
				.header("Access-Control-Allow-Origin", "*").body(QrCodes.png(uri, spec));
			case "svg" -> ResponseEntity.ok().cacheControl(cache).contentType(MediaType.parseMediaType("image/svg+xml"))
				.header("Access-Control-Allow-Origin", "*").body(QrCodes.svg(uri, spec).getBytes(StandardCharsets.UTF_8));
			default -> throw TraceabilityException.invalid("invalid-qr-format", "The QR format is png or svg: " + format,
					format);
		};
	}

}
