package vn.nguon.api.batch;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.traceability.batch.BatchFilter;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.demo.DemoData;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.ProductRepository;
import vn.nguon.traceability.product.ProductService;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo data (off in tests, so built here by hand) seeds once and tells a real story. */
@NguonIntegrationTest
class DemoDataTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	ProductRepository products;

	@Autowired
	BatchService batches;

	@Test
	void whenSeededTwiceThenDataIsThereOnceWithEvents() {
		DemoData demo = new DemoData(this.context.getBean(OrganisationRepository.class),
				this.context.getBean(FarmService.class), this.context.getBean(ProductService.class), this.products,
				this.batches, this.context.getBean(DatabaseClient.class),
				this.context.getBean(ReactiveTransactionManager.class));
		assertThat(this.context.getBeanNamesForType(DemoData.class)).as("off unless NGUON_DEMO_DATA=true").isEmpty();
		demo.seed().block(java.time.Duration.ofMinutes(2));
		StepVerifier.create(demo.seed()).expectNext(false).verifyComplete();
		var mango = this.products.findByGtin(DemoData.MANGO).block();
		assertThat(mango).isNotNull();
		var page = this.batches.search(mango.orgId(), new BatchFilter(mango.id(), null, null, null, null, null, 0, 50))
			.block();
		// two harvests and the two lots of the grade sort
		assertThat(page.items()).hasSizeGreaterThanOrEqualTo(4);
		assertThat(page.items()).anySatisfy(b -> assertThat(b.stage().code()).isEqualTo("shipped"));
		assertThat(page.items()).anySatisfy(b -> assertThat(b.stage().code()).isEqualTo("consumed"));
		assertThat(page.items()).allSatisfy(b -> assertThat(b.originEventId()).isNotNull());
		var all = this.batches.search(mango.orgId(), new BatchFilter(null, null, null, null, null, null, 0, 200)).block();
		assertThat(all.items().stream().filter(b -> b.gtin().value().startsWith("0200888"))).hasSizeGreaterThanOrEqualTo(7);
	}

}
