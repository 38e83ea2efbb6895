package vn.nguon.api.resolver;

import java.time.LocalDate;

import reactor.core.publisher.Flux;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.consumer.ScanCounter;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;

/**
 * Scan counts of the caller's own lots, per lot and day: {@code GET /api/scans?gtin=&lot=&from=&to=}; a farmer
 * sees the lots of their farms only.
 */
@RestController
class ScansController {

	private final ScanCounter scans;

	ScansController(ScanCounter scans) {
		this.scans = scans;
	}

	@GetMapping("/api/scans")
	Flux<ScanCounter.ScanCount> scans(@RequestParam(required = false) String gtin,
			@RequestParam(required = false) String lot,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		Gtin g = (gtin != null) ? Gtin.of(gtin) : null;
		if (lot != null) {
			if (g == null) {
				throw TraceabilityException.invalid("lot-needs-gtin", "Filter by lot together with its gtin.", lot);
			}
			new LotCode(lot);
		}
		LocalDate end = (to != null) ? to : LocalDate.now(ScanCounter.ZONE);
		LocalDate start = (from != null) ? from : end.minusDays(30);
		return Actors.current()
			.switchIfEmpty(reactor.core.publisher.Mono.error(() -> TraceabilityException.notFound("not-found", "No caller")))
			.flatMapMany(actor -> this.scans.counts(actor.orgId(), actor.readableFarms(), g, lot, start, end));
	}

}
