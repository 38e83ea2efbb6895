package vn.nguon.api.batch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

import vn.nguon.api.security.Actor;
import vn.nguon.api.security.Actors;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.batch.FarmAccess;
import vn.nguon.traceability.batch.Quantity;
import vn.nguon.traceability.idempotency.Idempotency;

/** The caller and its rights, and the parsing of request fields into domain values. */
final class Callers {

	/** The header of contract 7. */
	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private Callers() {
	}

	/** @return the signed-in actor (the security filter has already refused anonymous callers) */
	static Mono<Actor> actor() {
		return Actors.current()
			.switchIfEmpty(Mono.error(() -> new AuthenticationCredentialsNotFoundException("Sign in first")));
	}

	/** @return the actor when it may change data (scope {@code write}) */
	static Mono<Actor> writer() {
		return actor().doOnNext(a -> {
			if (!a.scopes().contains("write")) {
				throw new AccessDeniedException("This token may only read");
			}
		});
	}

	/** @return the actor when it is an administrator who may change data */
	static Mono<Actor> admin() {
		return writer().doOnNext(a -> {
			if (!a.isAdmin()) {
				throw new AccessDeniedException("Only administrators may do this");
			}
		});
	}

	/** @return the farm rule of the actor: admins write every farm, farmers their own */
	static FarmAccess farmAccess(Actor actor) {
		return farmId -> {
			boolean ok = actor.isAdmin() || (farmId != null && actor.mayWriteFarm(farmId));
			if (!ok) {
				throw new AccessDeniedException("You may not write batches of farm " + farmId);
			}
		};
	}

	/**
	 * @return the batch when the actor may read it; a farmer asking for a batch of a farm not
	 * assigned to them gets the same 404 as for another organisation's batch
	 */
	static Mono<vn.nguon.traceability.batch.Batch> readable(Actor actor, Mono<vn.nguon.traceability.batch.Batch> batch,
			UUID id) {
		return batch.filter(b -> actor.mayReadFarm(b.farmId()))
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("batch-not-found", "No such batch: " + id, id)));
	}

	static Idempotency idempotency(String header, UUID clientId) {
		return Idempotency.of(header, clientId);
	}

	static LocalDate date(String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw TraceabilityException.invalid("invalid-date", "The field " + field + " is not a date (YYYY-MM-DD): " + value,
					field, value);
		}
	}

	static OffsetDateTime time(String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip());
		}
		catch (DateTimeParseException ex) {
			throw TraceabilityException.invalid("invalid-time",
					"The field " + field + " is not a date-time with offset (e.g. 2026-11-25T08:30:00+07:00): " + value,
					field, value);
		}
	}

	static Quantity quantity(BigDecimal amount, String unit, boolean required, String field) {
		if (amount == null && (unit == null || unit.isBlank())) {
			if (required) {
				throw TraceabilityException.invalid("missing-field", "The field " + field + " is required", field);
			}
			return null;
		}
		if (amount == null) {
			throw TraceabilityException.invalid("missing-field", "The field " + field + " is required", field);
		}
		if (unit == null || unit.isBlank()) {
			throw TraceabilityException.invalid("missing-field", "The field unit is required", "unit");
		}
		return new Quantity(amount, vn.nguon.traceability.batch.Unit.parse(unit));
	}

}
