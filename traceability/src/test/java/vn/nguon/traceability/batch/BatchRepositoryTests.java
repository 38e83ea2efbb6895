package vn.nguon.traceability.batch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmDraft;
import vn.nguon.traceability.farm.FarmRepository;
import vn.nguon.traceability.farm.GeoLocation;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.idempotency.IdempotencyStore;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductDraft;
import vn.nguon.traceability.product.ProductRepository;
import vn.nguon.traceability.support.TraceabilityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TraceabilityTestApplication.class, properties = { TraceabilityTestApplication.DATABASE,
		TraceabilityTestApplication.LATER_MIGRATIONS })
class BatchRepositoryTests {

	static final Random RANDOM = new Random();

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	FarmRepository farms;

	@Autowired
	ProductRepository products;

	@Autowired
	BatchRepository batches;

	@Autowired
	IdempotencyStore idempotency;

	OrgId org;

	OrgId other;

	Farm farm;

	Product product;

	static Gtin randomGtin() {
		StringBuilder sb = new StringBuilder("0");
		for (int i = 0; i < 12; i++) {
			sb.append(RANDOM.nextInt(10));
		}
		return Gtin.withCheckDigit(sb.toString());
	}

	@BeforeEach
	void setUp() {
		this.org = this.organisations.create("repo-" + UUID.randomUUID().toString().substring(0, 8), "Repo test").block().id();
		this.other = this.organisations.create("repo-" + UUID.randomUUID().toString().substring(0, 8), "Other").block().id();
		this.farm = this.farms.insert(UUID.randomUUID(), this.org,
				new FarmDraft("Vườn xoài Cát Hanh", null, "Cát Hanh", "Phù Cát", "Bình Định", GeoLocation.point(109.07, 14.03)))
			.block();
		this.product = this.products.insert(UUID.randomUUID(), this.org,
				new ProductDraft(randomGtin(), "Xoài cát", "Mango", "Hòa Lộc", false))
			.block();
	}

	Batch newBatch(String lot, LocalDate harvest) {
		return new Batch(UUID.randomUUID(), this.org, this.product.id(), this.farm.id(), this.product.gtin(), LotCode.of(lot),
				"Lô 3", harvest, new Quantity(new BigDecimal("120.5"), Unit.KG), BatchStatus.ACTIVE, BatchStage.HARVESTED,
				"urn:uuid:e1", null, null, null);
	}

	@Test
	void whenFarmInsertedWithAppAssignedIdThenItIsStoredAndReadBack() {
		UUID id = UUID.randomUUID();
		StepVerifier.create(this.farms.insert(id, this.org, new FarmDraft("Vườn dừa", null, null, null, null, null))
			.then(this.farms.findById(this.org, id)))
			.assertNext(f -> {
				assertThat(f.id()).isEqualTo(id);
				assertThat(f.name()).isEqualTo("Vườn dừa");
				assertThat(f.locationUri()).isEqualTo("urn:nguon:farm:" + id);
			})
			.verifyComplete();
		StepVerifier.create(this.farms.findById(this.org, this.farm.id()))
			.assertNext(f -> assertThat(f.location().type()).isEqualTo("Point"))
			.verifyComplete();
	}

	@Test
	void whenAnotherOrganisationAsksThenNothingIsFound() {
		StepVerifier.create(this.farms.findById(this.other, this.farm.id())).verifyComplete();
		StepVerifier.create(this.products.findById(this.other, this.product.id())).verifyComplete();
		Batch b = this.batches.insert(newBatch("ISO-" + RANDOM.nextInt(100000), LocalDate.of(2026, 11, 1))).block();
		StepVerifier.create(this.batches.findById(this.other, b.id())).verifyComplete();
		StepVerifier.create(this.farms.update(this.farm.id(), this.other, new FarmDraft("x", null, null, null, null, null)))
			.verifyComplete();
	}

	@Test
	void whenBatchInsertedThenEveryColumnRoundTrips() {
		Batch draft = newBatch("RT-" + RANDOM.nextInt(100000), LocalDate.of(2026, 11, 20));
		StepVerifier.create(this.batches.insert(draft)).assertNext(b -> {
			assertThat(b.id()).isEqualTo(draft.id());
			assertThat(b.quantity()).isEqualTo(draft.quantity());
			assertThat(b.harvestDate()).isEqualTo(draft.harvestDate());
			assertThat(b.status()).isEqualTo(BatchStatus.ACTIVE);
			assertThat(b.stage()).isEqualTo(BatchStage.HARVESTED);
			assertThat(b.originEventId()).isEqualTo("urn:uuid:e1");
			assertThat(b.createdAt()).isNotNull();
		}).verifyComplete();
	}

	@Test
	void whenSameLotInsertedTwiceThenRefused() {
		String lot = "DUP-" + RANDOM.nextInt(100000);
		this.batches.insert(newBatch(lot, LocalDate.of(2026, 11, 1))).block();
		StepVerifier.create(this.batches.insert(newBatch(lot, LocalDate.of(2026, 11, 1))))
			.expectError(org.springframework.dao.DataIntegrityViolationException.class)
			.verify();
	}

	@Test
	void whenSearchingThenFiltersAndPagingApply() {
		String tag = "S" + RANDOM.nextInt(1000000);
		for (int i = 0; i < 5; i++) {
			this.batches.insert(newBatch(tag + "-" + i, LocalDate.of(2026, 10, 1 + i))).block();
		}
		Batch recalled = this.batches.findByLot(this.product.gtin(), LotCode.of(tag + "-4")).block();
		this.batches.updateState(recalled.recalled(java.time.Instant.now())).block();

		StepVerifier.create(this.batches.search(this.org, new BatchFilter(null, null, null, null, null, tag, 0, 2)))
			.assertNext(p -> {
				assertThat(p.total()).isEqualTo(5);
				assertThat(p.items()).hasSize(2);
			})
			.verifyComplete();
		StepVerifier.create(this.batches.search(this.org,
				new BatchFilter(this.product.id(), this.farm.id(), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 3), null,
						null, 0, 50)))
			.assertNext(p -> assertThat(p.items()).extracting(b -> b.lot().value())
				.containsExactlyInAnyOrder(tag + "-1", tag + "-2"))
			.verifyComplete();
		StepVerifier.create(this.batches.search(this.org, new BatchFilter(null, null, null, null, "recalled", tag, 0, 50)))
			.assertNext(p -> assertThat(p.items()).extracting(b -> b.lot().value()).containsExactly(tag + "-4"))
			.verifyComplete();
		StepVerifier.create(this.batches.search(this.org, new BatchFilter(null, null, null, null, null, "xoài", 0, 1)))
			.assertNext(p -> assertThat(p.total()).isGreaterThanOrEqualTo(5))
			.verifyComplete();
		StepVerifier.create(this.batches.search(this.other, new BatchFilter(null, null, null, null, null, tag, 0, 50)))
			.assertNext(p -> assertThat(p.total()).isZero())
			.verifyComplete();
	}

	@Test
	void whenSearchTextHasLikeWildcardsThenTheyMatchLiterally() {
		String tag = "W" + RANDOM.nextInt(1000000);
		this.batches.insert(newBatch(tag + "_A", LocalDate.of(2026, 10, 1))).block();
		this.batches.insert(newBatch(tag + "XA", LocalDate.of(2026, 10, 1))).block();
		StepVerifier.create(this.batches.search(this.org, new BatchFilter(null, null, null, null, null, tag + "_", 0, 50)))
			.assertNext(p -> assertThat(p.items()).extracting(b -> b.lot().value()).containsExactly(tag + "_A"))
			.verifyComplete();
	}

	@Test
	void whenKeyClaimedTwiceThenSecondReplaysAndDifferentRequestConflicts() {
		Idempotency idem = Idempotency.of("k-" + UUID.randomUUID(), null);
		UUID resource = UUID.randomUUID();
		StepVerifier.create(this.idempotency.claim(this.org, idem, "op", "fp1")
			.switchIfEmpty(this.idempotency.complete(this.org, idem, resource, "ev1").then(Mono.empty())))
			.verifyComplete();
		StepVerifier.create(this.idempotency.claim(this.org, idem, "op", "fp1"))
			.assertNext(r -> {
				assertThat(r.resourceId()).isEqualTo(resource);
				assertThat(r.eventId()).isEqualTo("ev1");
			})
			.verifyComplete();
		StepVerifier.create(this.idempotency.claim(this.org, idem, "op", "fp2"))
			.expectErrorSatisfies(e -> assertThat(((TraceabilityException) e).code()).isEqualTo("idempotency-key-reused"))
			.verify();
		// keys are per organisation
		StepVerifier.create(this.idempotency.claim(this.other, idem, "op", "fp2")).verifyComplete();
	}

	@Test
	void whenFindingByLotKeysThenOnlyOwnBatchesOfThoseLotsReturn() {
		Batch a = this.batches.insert(newBatch("K" + RANDOM.nextInt(1000000), LocalDate.of(2026, 10, 1))).block();
		this.batches.insert(newBatch("K" + RANDOM.nextInt(1000000), LocalDate.of(2026, 10, 1))).block();
		StepVerifier.create(this.batches.findByLotKeys(this.org, List.of(BatchService.key(a.gtin(), a.lot()), "01/x/10/y")))
			.assertNext(b -> assertThat(b.id()).isEqualTo(a.id()))
			.verifyComplete();
		StepVerifier.create(this.batches.findByLotKeys(this.other, List.of(BatchService.key(a.gtin(), a.lot()))))
			.verifyComplete();
	}

}
