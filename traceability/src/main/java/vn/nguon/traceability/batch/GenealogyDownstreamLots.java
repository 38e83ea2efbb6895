package vn.nguon.traceability.batch;

import reactor.core.publisher.Flux;

import org.springframework.stereotype.Component;

import vn.nguon.traceability.genealogy.Genealogy;
import vn.nguon.traceability.genealogy.Trace;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.gs1.LotRef;

/** Downstream lots from the genealogy of the event store (trace forward over every organisation). */
@Component
class GenealogyDownstreamLots implements DownstreamLots {

	private final Genealogy genealogy;

	GenealogyDownstreamLots(Genealogy genealogy) {
		this.genealogy = genealogy;
	}

	@Override
	public Flux<String> of(Gtin gtin, LotCode lot) {
		LotRef self = LotRef.of(gtin, lot);
		return this.genealogy.traceForward(self)
			.flatMapIterable(Trace::lots)
			.filter(l -> !l.equals(self))
			.map(LotRef::key);
	}

}
