package vn.nguon.traceability.batch;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

import reactor.core.publisher.Mono;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;

/** Lot codes of new batches: the one a farmer typed (refused when taken), else a fresh one. */
final class LotCodes {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** No 0/O, 1/I: a lot code is read aloud and typed from a label. */
	private static final String LOT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	private final BatchRepository batches;

	LotCodes(BatchRepository batches) {
		this.batches = batches;
	}

	/** Picks the given lot code (refused when taken) or makes a fresh one, e.g. {@code 261125-K7QX}. */
	Mono<LotCode> pick(Gtin gtin, LotCode given, LocalDate date) {
		if (given != null) {
			return this.batches.findByLot(gtin, given)
				.flatMap(existing -> Mono.<LotCode>error(TraceabilityException.conflict("lot-taken",
						"Lot " + given + " of GTIN " + gtin + " already exists", given.value(), gtin.value())))
				.switchIfEmpty(Mono.just(given));
		}
		return Mono.defer(() -> {
			StringBuilder sb = new StringBuilder(date.format(DateTimeFormatter.ofPattern("yyMMdd"))).append('-');
			for (int i = 0; i < 4; i++) {
				sb.append(LOT_ALPHABET.charAt(RANDOM.nextInt(LOT_ALPHABET.length())));
			}
			LotCode lot = new LotCode(sb.toString());
			return this.batches.findByLot(gtin, lot).hasElement().flatMap(taken -> taken ? Mono.empty() : Mono.just(lot));
		}).repeatWhenEmpty(10, f -> f);
	}

}
