package vn.nguon.traceability.batch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmDraft;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductDraft;
import vn.nguon.traceability.product.ProductService;
import vn.nguon.traceability.support.TraceabilityTestApplication;
import vn.nguon.traceability.support.TraceabilityTestApplication.RecordingEventCapture;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = TraceabilityTestApplication.class, properties = { TraceabilityTestApplication.DATABASE,
		TraceabilityTestApplication.LATER_MIGRATIONS })
class BatchServiceTests {

	@Autowired
	OrganisationRepository organisations;

	@Autowired
	FarmService farms;

	@Autowired
	ProductService products;

	@Autowired
	BatchService batches;

	@Autowired
	BatchRepository batchRows;

	@Autowired
	RecordingEventCapture events;

	OrgId org;

	Farm farm;

	Product product;

	@BeforeEach
	void setUp() {
		this.org = this.organisations.create("svc-" + UUID.randomUUID().toString().substring(0, 8), "HTX test")
			.block()
			.id();
		this.farm = this.farms.create(this.org, new FarmDraft("Vườn bưởi", null, "Cát Tân", "Phù Cát", "Bình Định", null),
				Idempotency.NONE)
			.block()
			.farm();
		this.product = this.products.create(this.org,
				new ProductDraft(BatchRepositoryTests.randomGtin(), "Bưởi da xanh", "Pomelo", "Da xanh", false),
				Idempotency.NONE)
			.block()
			.product();
	}

	@AfterEach
	void accept() {
		this.events.refuse.set(false);
	}

	BatchCommands.Harvest harvest(String lot) {
		return new BatchCommands.Harvest(this.product.id(), this.farm.id(), lot == null ? null : LotCode.of(lot), "Lô 2",
				LocalDate.of(2026, 11, 20), Quantity.of("250", "kg"), null);
	}

	@Test
	void whenEventStoreRefusesTheHarvestThenNoBatchRemains() {
		this.events.refuse.set(true);
		StepVerifier.create(this.batches.harvest(this.org, harvest("RB-1"), Idempotency.of("k1", UUID.randomUUID()),
				FarmAccess.ANY))
			.expectError(TraceabilityException.class)
			.verify();
		StepVerifier.create(this.batchRows.count(this.org)).expectNext(0L).verifyComplete();
		// the idempotency key was rolled back too: a retry once the store accepts creates the batch
		this.events.refuse.set(false);
		StepVerifier.create(this.batches.harvest(this.org, harvest("RB-1"), Idempotency.of("k1", null), FarmAccess.ANY))
			.assertNext(c -> assertThat(c.replayed()).isFalse())
			.verifyComplete();
	}

	@Test
	void whenHarvestedThenTheEventIsAnObjectEventAddWithIlmd() {
		BatchService.Change c = this.batches.harvest(this.org, harvest(null), Idempotency.NONE, FarmAccess.ANY).block();
		assertThat(c.batch().lot().value()).matches("261120-[A-Z0-9]{4}");
		ObjectNode e = this.events.events.stream().filter(s -> s.eventId().equals(c.eventId())).findFirst().orElseThrow()
			.event();
		assertThat(e.get("type").asString()).isEqualTo("ObjectEvent");
		assertThat(e.get("action").asString()).isEqualTo("ADD");
		assertThat(e.get("bizStep").asString()).isEqualTo("commissioning");
		assertThat(e.get("quantityList").get(0).get("epcClass").asString())
			.isEqualTo("https://id.gs1.org/01/" + this.product.gtin() + "/10/" + c.batch().lot());
		assertThat(e.get("quantityList").get(0).get("uom").asString()).isEqualTo("KGM");
		assertThat(e.get("ilmd").get("cbvmda:harvestStartDate").asString()).isEqualTo("2026-11-20");
		assertThat(e.get("ilmd").get("nguon:fieldName").asString()).isEqualTo("Lô 2");
		assertThat(e.get("ilmd").get("nguon:variety").asString()).isEqualTo("Da xanh");
		assertThat(e.get("bizLocation").get("id").asString()).isEqualTo("urn:nguon:farm:" + this.farm.id());
		assertThat(c.batch().originEventId()).isEqualTo(c.eventId());
	}

	@Test
	void whenHarvestRetriedWithSameKeyThenSameBatchAndNoSecondEvent() {
		UUID id = UUID.randomUUID();
		Idempotency idem = Idempotency.of("retry-" + id, id);
		BatchService.Change first = this.batches.harvest(this.org, harvest("ID-1"), idem, FarmAccess.ANY).block();
		int events = this.events.events.size();
		BatchService.Change again = this.batches.harvest(this.org, harvest("ID-1"), idem, FarmAccess.ANY).block();
		assertThat(again.replayed()).isTrue();
		assertThat(again.batch().id()).isEqualTo(first.batch().id()).isEqualTo(id);
		assertThat(again.eventId()).isEqualTo(first.eventId());
		assertThat(this.events.events).hasSize(events);
		StepVerifier.create(this.batches.harvest(this.org, harvest("ID-2"), idem, FarmAccess.ANY))
			.expectErrorSatisfies(e -> assertThat(((TraceabilityException) e).code()).isEqualTo("idempotency-key-reused"))
			.verify();
	}

	@Test
	void whenFarmAccessRefusesThenNothingIsWritten() {
		StepVerifier.create(this.batches.harvest(this.org, harvest("AC-1"), Idempotency.NONE, f -> {
			throw new IllegalStateException("not yours");
		})).expectError(IllegalStateException.class).verify();
		StepVerifier.create(this.batchRows.count(this.org)).expectNext(0L).verifyComplete();
	}

	@Test
	void whenLotSplitByGradeThenOutputsAreNewBatchesAndInputIsConsumed() {
		Batch input = this.batches.harvest(this.org, harvest("SP-1"), Idempotency.NONE, FarmAccess.ANY).block().batch();
		var cmd = new BatchCommands.Transform("split", List.of(new BatchCommands.TransformInput(input.id(), null)),
				List.of(new BatchCommands.TransformOutput(null, null, LotCode.of("SP-1-E"), Quantity.of("150", "kg"), "Extra"),
						new BatchCommands.TransformOutput(null, null, LotCode.of("SP-1-2"), Quantity.of("100", "kg"),
								"Loại 2")),
				null, null);
		BatchService.Transformation t = this.batches.transform(this.org, cmd, Idempotency.NONE, FarmAccess.ANY).block();
		assertThat(t.outputs()).extracting(b -> b.lot().value()).containsExactly("SP-1-E", "SP-1-2");
		assertThat(t.outputs()).allSatisfy(b -> {
			assertThat(b.farmId()).isEqualTo(this.farm.id());
			assertThat(b.harvestDate()).isEqualTo(LocalDate.of(2026, 11, 20));
			assertThat(b.originEventId()).isEqualTo(t.eventId());
		});
		assertThat(t.inputs()).singleElement().satisfies(b -> assertThat(b.stage()).isEqualTo(BatchStage.CONSUMED));
		ObjectNode e = this.events.events.get(this.events.events.size() - 1).event();
		assertThat(e.get("type").asString()).isEqualTo("TransformationEvent");
		assertThat(e.get("inputQuantityList").get(0).get("epcClass").asString()).isEqualTo(input.digitalLinkId());
		assertThat(e.get("outputQuantityList")).hasSize(2);
		assertThat(e.get("nguon:outputLabels").get(t.outputs().get(0).digitalLinkId()).asString()).isEqualTo("Extra");
		// a consumed lot cannot be shipped
		StepVerifier.create(this.batches.ship(this.org, input.id(),
				new BatchCommands.Ship(new BatchCommands.Party(null, "Chợ Quy Nhơn"), null, null, null, null),
				Idempotency.NONE, FarmAccess.ANY))
			.expectErrorSatisfies(ex -> assertThat(((TraceabilityException) ex).code()).isEqualTo("batch-consumed"))
			.verify();
	}

	@Test
	void whenTransformationOutputLotIsTakenThenNothingChanges() {
		Batch input = this.batches.harvest(this.org, harvest("TK-1"), Idempotency.NONE, FarmAccess.ANY).block().batch();
		var cmd = new BatchCommands.Transform("split", List.of(new BatchCommands.TransformInput(input.id(), null)),
				List.of(new BatchCommands.TransformOutput(null, null, LotCode.of("TK-1"), Quantity.of("1", "kg"), null)),
				null, null);
		StepVerifier.create(this.batches.transform(this.org, cmd, Idempotency.NONE, FarmAccess.ANY))
			.expectErrorSatisfies(ex -> assertThat(((TraceabilityException) ex).code()).isEqualTo("lot-taken"))
			.verify();
		StepVerifier.create(this.batches.get(this.org, input.id()))
			.assertNext(b -> assertThat(b.stage()).isEqualTo(BatchStage.HARVESTED))
			.verifyComplete();
	}

	@Test
	void whenRecalledThenStatusIsRecalledAndEventHasDispositionRecalled() {
		Batch b = this.batches.harvest(this.org, harvest("RC-1"), Idempotency.NONE, FarmAccess.ANY).block().batch();
		BatchService.RecallResult r = this.batches
			.recall(this.org, b.id(), new BatchCommands.Recall("Dư lượng thuốc BVTV", null), Idempotency.NONE,
					FarmAccess.ANY)
			.block();
		assertThat(r.batch().status()).isEqualTo(BatchStatus.RECALLED);
		assertThat(r.lots()).containsExactly(BatchService.key(b.gtin(), b.lot()));
		ObjectNode e = this.events.events.get(this.events.events.size() - 1).event();
		assertThat(e.get("disposition").asString()).isEqualTo("recalled");
		assertThat(e.get("bizStep").asString()).isEqualTo("holding");
		assertThat(e.get("nguon:recallReason").asString()).isEqualTo("Dư lượng thuốc BVTV");
	}

	@Test
	void whenLifecycleStepsRunThenStagesFollow() {
		Batch b = this.batches.harvest(this.org, harvest("LC-1"), Idempotency.NONE, FarmAccess.ANY).block().batch();
		assertThat(this.batches.pack(this.org, b.id(), new BatchCommands.Pack(null, null, null, null), Idempotency.NONE,
				FarmAccess.ANY).block().batch().stage()).isEqualTo(BatchStage.PACKED);
		var ship = new BatchCommands.Ship(new BatchCommands.Party("https://example.com/buyer", "Công ty ABC"),
				Quantity.of("10", "box"), null, new BatchCommands.Document("bol", "VD-7"), null);
		assertThat(this.batches.ship(this.org, b.id(), ship, Idempotency.NONE, FarmAccess.ANY).block().batch().stage())
			.isEqualTo(BatchStage.SHIPPED);
		ObjectNode e = this.events.events.get(this.events.events.size() - 1).event();
		assertThat(e.get("destinationList").get(0).get("destination").asString()).isEqualTo("https://example.com/buyer");
		assertThat(e.get("bizTransactionList").get(0).get("type").asString()).isEqualTo("bol");
		assertThat(e.get("quantityList").get(0).get("quantity").decimalValue()).isEqualByComparingTo(BigDecimal.TEN);
		assertThat(this.batches.receive(this.org, b.id(), new BatchCommands.Receive(null, null, null, null, null),
				Idempotency.NONE, FarmAccess.ANY).block().batch().stage()).isEqualTo(BatchStage.RECEIVED);
	}

}
