package vn.nguon.api.trace;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.genealogy.Genealogy;
import vn.nguon.traceability.genealogy.Trace;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.gs1.LotRef;

/**
 * {@code GET /api/lots/{gtin}/{lot}/trace?direction=back|forward}: the genealogy of a lot the
 * caller's organisation knows (registered or named in its events); farms and places come from the
 * caller's own batches and events. A farmer traces only the lots of their farms, and sees no other farm.
 */
@RestController
class TraceController {

	private final Genealogy genealogy;

	TraceController(Genealogy genealogy) {
		this.genealogy = genealogy;
	}

	@GetMapping(path = "/api/lots/{gtin}/{lot}/trace", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> trace(@PathVariable String gtin, @PathVariable String lot,
			@RequestParam(defaultValue = "back") String direction) {
		Trace.Direction dir = switch (direction) {
			case "back" -> Trace.Direction.BACK;
			case "forward" -> Trace.Direction.FORWARD;
			default -> throw TraceabilityException.invalid("invalid-trace-direction",
					"direction must be back or forward, not '" + direction + "'", direction);
		};
		LotRef ref = LotRef.of(Gtin.of(gtin), LotCode.of(lot));
		return Actors.current()
			.flatMap(actor -> this.genealogy.isKnownTo(actor.orgId(), ref, actor.readableFarms())
				.flatMap(known -> known ? this.genealogy.trace(ref, dir, actor.orgId(), actor.readableFarms())
						: Mono.error(TraceabilityException.notFound("lot-not-found",
								"No lot " + ref.key() + " in your organisation", ref.key()))))
			.map(TraceController::view);
	}

	static Map<String, Object> view(Trace t) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("lot", lot(t.lot(), 0));
		m.put("direction", t.direction().name().toLowerCase(java.util.Locale.ROOT));
		m.put("lots", t.nodes().stream().filter(n -> n.lot() != null && n.depth() > 0).map(n -> lot(n.lot(), n.depth())).toList());
		m.put("nodes", t.nodes().stream().map(n -> Map.of("key", n.key(), "depth", n.depth())).toList());
		m.put("farms", t.farms().stream().map(f -> {
			Map<String, Object> fm = new LinkedHashMap<>();
			fm.put("lot", f.lot().key());
			fm.put("batchId", f.batchId());
			fm.put("farmId", f.farmId());
			fm.put("farmName", f.farmName());
			fm.put("fieldName", f.fieldName());
			fm.put("commune", f.commune());
			fm.put("district", f.district());
			fm.put("province", f.province());
			fm.put("harvestDate", f.harvestDate() == null ? null : f.harvestDate().toString());
			return fm;
		}).toList());
		m.put("places", t.places().stream().map(p -> Map.of("role", p.role(), "key", p.key())).toList());
		return m;
	}

	private static Map<String, Object> lot(LotRef lot, int depth) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("key", lot.key());
		m.put("gtin", lot.gtin().value());
		m.put("lot", lot.lot().value());
		m.put("digitalLinkPath", lot.digitalLinkPath());
		m.put("depth", depth);
		return m;
	}


}
