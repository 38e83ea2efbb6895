package vn.nguon.api.grading;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.grading.photo.PhotoInspector;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.batch.BatchFilter;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.demo.DemoData;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.ProductRepository;
import vn.nguon.traceability.product.ProductService;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's tomato lots get sample photos once, and the grading worker grades them into batch grades. */
@NguonIntegrationTest
class DemoGradingTests {

	@Autowired
	ApplicationContext context;

	@Test
	void demoTomatoLotsGetTenPhotosOnceAndAreGraded() throws InterruptedException {
		DemoData demo = new DemoData(this.context.getBean(OrganisationRepository.class),
				this.context.getBean(FarmService.class), this.context.getBean(ProductService.class),
				this.context.getBean(ProductRepository.class), this.context.getBean(BatchService.class),
				this.context.getBean(DatabaseClient.class), this.context.getBean(ReactiveTransactionManager.class));
		assertThat(this.context.getBeanNamesForType(DemoGrading.class)).as("off unless NGUON_DEMO_DATA=true").isEmpty();
		demo.seed().block(Duration.ofMinutes(2));
		GradingStore store = this.context.getBean(GradingStore.class);
		DemoGrading grading = new DemoGrading(demo, this.context.getBean(ProductRepository.class),
				this.context.getBean(BatchService.class), store, this.context.getBean(PhotoInspector.class));
		long first = grading.seed().block(Duration.ofMinutes(2));
		assertThat(grading.seed().block(Duration.ofMinutes(1))).as("a lot with photos is left alone").isZero();

		var tomato = this.context.getBean(ProductRepository.class).findByGtin(DemoData.TOMATO).block();
		List<Batch> lots = this.context.getBean(BatchService.class)
			.search(tomato.orgId(), new BatchFilter(tomato.id(), null, null, null, null, null, 0, 50)).block().items();
		// three on a fresh database; a database seeded by an older version has one tomato lot
		assertThat(lots).isNotEmpty();
		int n = Math.min(3, lots.size());
		assertThat(first).isIn(0L, 10L * n); // 0 when an earlier run on this database already queued them
		for (Batch lot : lots.stream().sorted(java.util.Comparator.comparing(b -> b.lot().value())).limit(n).toList()) {
			long photos = store.queueState(tomato.orgId().value(), lot.id()).block().values().stream()
				.mapToLong(Long::longValue).sum();
			assertThat(photos).as("photos of " + lot.lot().value()).isEqualTo(10);
		}
		// the worker grades them: every demo lot gets a batch grade
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		long graded = 0;
		while (System.nanoTime() < deadline) {
			graded = lots.stream().filter(l -> store.currentGrade(tomato.orgId().value(), l.id()).blockOptional().isPresent())
				.count();
			if (graded >= n) {
				break;
			}
			Thread.sleep(300);
		}
		assertThat(graded).isGreaterThanOrEqualTo(n);
	}

}
