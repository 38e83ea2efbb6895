package vn.nguon.traceability.support;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.batch.BatchRepository;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.event.CaptureReport;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.ProductRepository;
import vn.nguon.traceability.product.ProductService;

/**
 * The batch side of traceability against the real PostgreSQL test database, with an event store
 * stand-in that keeps events in memory and can be told to refuse (to prove rollback).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ OrganisationRepository.class, FarmRepository.class, ProductRepository.class, BatchRepository.class,
		IdempotencyStore.class, FarmService.class, ProductService.class, BatchService.class })
public class TraceabilityTestApplication {

	/** The test database setting, shared by every test of this module. */
	public static final String DATABASE = "nguon.database.url=${NGUON_TEST_DATABASE_URL:postgresql://postgres@127.0.0.1:5432/nguon_test}";

	/**
	 * The shared test database also holds the migrations of modules built after this one (grading's,
	 * applied by api's tests): they are not this module's to validate, so a second run still starts.
	 */
	public static final String LATER_MIGRATIONS = "spring.flyway.ignore-migration-patterns=*:missing";

	@Bean
	RecordingEventCapture eventCapture() {
		return new RecordingEventCapture();
	}

	/** Keeps captured events in memory; refuses while {@link #refuse} is set. */
	public static class RecordingEventCapture implements EventCapture {

		public final List<StoredEvent> events = new CopyOnWriteArrayList<>();

		public final AtomicBoolean refuse = new AtomicBoolean();

		private final AtomicLong seq = new AtomicLong();

		@Override
		public Mono<StoredEvent> captureEvent(OrgId org, JsonNode event) {
			return Mono.defer(() -> {
				if (this.refuse.get()) {
					return Mono.error(TraceabilityException.invalid("invalid-event", "refused by the test"));
				}
				long n = this.seq.incrementAndGet();
				StoredEvent stored = new StoredEvent(n, "urn:uuid:" + java.util.UUID.randomUUID(), org, Instant.now(),
						(ObjectNode) event.deepCopy());
				this.events.add(stored);
				return Mono.just(stored);
			});
		}

		@Override
		public Mono<CaptureReport> captureDocument(OrgId org, JsonNode document, boolean proceedOnError) {
			return Mono.error(new UnsupportedOperationException());
		}

	}

}
