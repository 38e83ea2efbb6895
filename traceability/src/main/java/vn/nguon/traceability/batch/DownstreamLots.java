package vn.nguon.traceability.batch;

import reactor.core.publisher.Flux;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;

/**
 * Finds every lot downstream of a lot (made from it by transformations, in any organisation),
 * for recalls. Implemented over the genealogy of the event store.
 */
@FunctionalInterface
public interface DownstreamLots {

	/**
	 * @param gtin GTIN of the lot
	 * @param lot lot code
	 * @return canonical lot keys {@code 01/{gtin14}/10/{lot}} of the downstream lots, not the lot itself
	 */
	Flux<String> of(Gtin gtin, LotCode lot);

}
