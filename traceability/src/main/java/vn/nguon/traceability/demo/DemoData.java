package vn.nguon.traceability.demo;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.batch.BatchCommands;
import vn.nguon.traceability.batch.BatchEvents;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.batch.FarmAccess;
import vn.nguon.traceability.batch.Quantity;
import vn.nguon.traceability.farm.Farm;
import vn.nguon.traceability.farm.FarmDraft;
import vn.nguon.traceability.farm.FarmService;
import vn.nguon.traceability.farm.GeoLocation;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.idempotency.Idempotency;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;
import vn.nguon.traceability.product.Product;
import vn.nguon.traceability.product.ProductDraft;
import vn.nguon.traceability.product.ProductRepository;
import vn.nguon.traceability.product.ProductService;

/**
 * Seeds a demo cooperative of Gia Lai (the former Bình Định, merged into it on 1 July 2025) when {@code nguon.demo-data=true}
 * ({@code NGUON_DEMO_DATA}): three farms in Phù Cát and Hoài Nhơn, four products with GTINs on
 * an internal (restricted-circulation, 02...) prefix, and batches with harvest, packing,
 * shipping and a grade split, all recorded as EPCIS events.
 * <p>
 * The data goes into the first organisation (the one the configured administrator signs in to,
 * so a newcomer sees it); while that organisation is the untouched bootstrap one it takes the
 * demo cooperative's name. Idempotent: nothing happens when the demo mango GTIN already exists.
 * Runs after startup, subscribed (never blocking the event loop), in one transaction.
 */
@Component
@ConditionalOnProperty(name = "nguon.demo-data", havingValue = "true")
public class DemoData {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	/** Name of the demo cooperative. */
	public static final String COOPERATIVE = "HTX Nông nghiệp Xoài Cát Hòa Lộc Phù Cát";

	/** GTIN of the demo mango: the marker that the demo data is present. */
	public static final Gtin MANGO = Gtin.withCheckDigit("0200888000011");

	static final Gtin POMELO = Gtin.withCheckDigit("0200888000028");

	static final Gtin COCONUT = Gtin.withCheckDigit("0200888000035");

	/** GTIN of the demo cherry tomato: the product whose lots the demo grades from photos. */
	public static final Gtin TOMATO = Gtin.withCheckDigit("0200888000042");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final OrganisationRepository organisations;

	private final FarmService farms;

	private final ProductService products;

	private final ProductRepository productRows;

	private final BatchService batches;

	private final DatabaseClient db;

	private final TransactionalOperator tx;

	private final Mono<Boolean> seeding = Mono.defer(this::seed).cache();

	public DemoData(OrganisationRepository organisations, FarmService farms, ProductService products,
			ProductRepository productRows, BatchService batches, DatabaseClient db, ReactiveTransactionManager tm) {
		this.organisations = organisations;
		this.farms = farms;
		this.products = products;
		this.productRows = productRows;
		this.batches = batches;
		this.db = db;
		this.tx = TransactionalOperator.create(tm);
	}

	@EventListener(ApplicationReadyEvent.class)
	public void onReady() {
		this.seeding.subscribe(seeded -> {
			if (seeded) {
				log.info("Demo data seeded: {}", COOPERATIVE);
			}
		}, ex -> log.warn("Demo data not seeded: {}", ex.toString()));
	}

	/**
	 * The seeding started when the application is ready, shared: what other modules' demo data (photos,
	 * grades) waits for.
	 * @return {@code true} when the data was seeded by this start, {@code false} when it was already there
	 */
	public Mono<Boolean> seeded() {
		return this.seeding;
	}

	/** @return {@code true} when the data was seeded now, {@code false} when it was already there */
	public Mono<Boolean> seed() {
		return this.productRows.findByGtin(MANGO).hasElement().flatMap(present -> present ? Mono.just(false)
				: this.organisations.findFirst()
					.switchIfEmpty(Mono.defer(() -> this.organisations.create("htx-xoai-cat-hoa-loc", COOPERATIVE)))
					.flatMap(org -> rename(org).then(seedInto(org.id())))
					.as(this.tx::transactional)
					.thenReturn(true));
	}

	private Mono<Void> rename(Organisation org) {
		return this.db
			.sql("UPDATE organisation SET name = :name WHERE id = :id AND slug = 'hop-tac-xa' "
					+ "AND NOT EXISTS (SELECT 1 FROM farm WHERE org_id = :id)")
			.bind("name", COOPERATIVE)
			.bind("id", org.id().value())
			.then();
	}

	private Mono<Void> seedInto(OrgId org) {
		Mono<Farm> mangoFarm = farm(org, "Vườn xoài Cát Hanh (tổ 3)", "Cát Hanh", "Phù Cát",
				"{\"type\":\"Polygon\",\"coordinates\":[[[109.0612,14.0321],[109.0641,14.0321],[109.0641,14.0348],"
						+ "[109.0612,14.0348],[109.0612,14.0321]]]}");
		Mono<Farm> pomeloFarm = farm(org, "Vườn bưởi Cát Tân", "Cát Tân", "Phù Cát",
				"{\"type\":\"Point\",\"coordinates\":[109.0035,14.0872]}");
		Mono<Farm> coconutFarm = farm(org, "Vườn dừa Tam Quan Bắc", "Tam Quan Bắc", "Hoài Nhơn",
				"{\"type\":\"Point\",\"coordinates\":[109.0581,14.5893]}");
		Mono<Product> mango = product(org, MANGO, "Xoài cát Hòa Lộc", "Cat Hoa Loc mango", "Cát Hòa Lộc");
		Mono<Product> pomelo = product(org, POMELO, "Bưởi da xanh", "Green-skin pomelo", "Da xanh");
		Mono<Product> coconut = product(org, COCONUT, "Dừa xiêm Tam Quan", "Tam Quan green coconut", "Xiêm xanh");
		Mono<Product> tomato = product(org, TOMATO, "Cà chua bi", "Cherry tomato", "Cà chua bi đỏ");
		return Mono.zip(mangoFarm, pomeloFarm, coconutFarm).flatMap(f -> Mono.zip(mango, pomelo, coconut, tomato)
			.flatMap(p -> story(org, f.getT1(), f.getT2(), f.getT3(), p.getT1(), p.getT2(), p.getT3(), p.getT4())));
	}

	private Mono<Void> story(OrgId org, Farm mangoFarm, Farm pomeloFarm, Farm coconutFarm, Product mango,
			Product pomelo, Product coconut, Product tomato) {
		LocalDate today = LocalDate.now(BatchEvents.VIETNAM);
		BatchCommands.Party market = new BatchCommands.Party(null, "Chợ đầu mối nông sản Bình Điền, TP. Hồ Chí Minh");
		BatchCommands.Party exporter = new BatchCommands.Party(null, "Công ty TNHH Xuất khẩu Nông sản Quy Nhơn");
		return harvest(org, mango, mangoFarm, "Lô A", today.minusDays(5), "1200", "kg", "A")
			.flatMap(b -> step(this.batches.pack(org, b.id(), new BatchCommands.Pack(null, Quantity.of("120", "box"), null,
					at(today.minusDays(4), 9)), Idempotency.NONE, FarmAccess.ANY))
				.then(step(this.batches.ship(org, b.id(),
						new BatchCommands.Ship(market, Quantity.of("120", "box"), null,
								new BatchCommands.Document("bol", "VĐ-" + today.minusDays(4).format(DateTimeFormatter.BASIC_ISO_DATE)),
								at(today.minusDays(4), 15)),
						Idempotency.NONE, FarmAccess.ANY))))
			.then(harvest(org, mango, mangoFarm, "Lô B", today.minusDays(3), "800", "kg", "B"))
			.flatMap(b -> this.batches.transform(org, new BatchCommands.Transform("sort",
					List.of(new BatchCommands.TransformInput(b.id(), null)),
					List.of(new BatchCommands.TransformOutput(null, null, lot(MANGO, today.minusDays(3), "BE"),
							Quantity.of("450", "kg"), "Extra"),
							new BatchCommands.TransformOutput(null, null, lot(MANGO, today.minusDays(3), "B1"),
									Quantity.of("350", "kg"), "Loại I")),
					null, at(today.minusDays(2), 8)), Idempotency.NONE, FarmAccess.ANY).then())
			.then(harvest(org, pomelo, pomeloFarm, "Hàng 2", today.minusDays(4), "650", "kg", "A"))
			.flatMap(b -> step(this.batches.pack(org, b.id(),
					new BatchCommands.Pack(null, Quantity.of("65", "crate"), null, at(today.minusDays(3), 10)),
					Idempotency.NONE, FarmAccess.ANY)))
			.then(harvest(org, coconut, coconutFarm, "Vườn sau", today.minusDays(2), "1500", "piece", "A"))
			.flatMap(b -> step(this.batches.pack(org, b.id(),
					new BatchCommands.Pack(null, Quantity.of("100", "crate"), null, at(today.minusDays(1), 7)),
					Idempotency.NONE, FarmAccess.ANY))
				.then(step(this.batches.ship(org, b.id(),
						new BatchCommands.Ship(exporter, Quantity.of("100", "crate"), null,
								new BatchCommands.Document("desadv", "DA-0" + today.getDayOfMonth()), at(today.minusDays(1), 14)),
						Idempotency.NONE, FarmAccess.ANY))))
			.then(harvest(org, tomato, mangoFarm, "Nhà lưới 1", today.minusDays(1), "400", "kg", "A"))
			.then(harvest(org, tomato, pomeloFarm, "Nhà lưới 2", today.minusDays(1), "250", "kg", "B"))
			.then(harvest(org, tomato, coconutFarm, "Ruộng sau nhà", today, "180", "kg", "C"))
			.then();
	}

	private Mono<Batch> harvest(OrgId org, Product p, Farm farm, String field, LocalDate date, String amount,
			String unit, String suffix) {
		return this.batches.harvest(org,
				new BatchCommands.Harvest(p.id(), farm.id(), lot(p.gtin(), date, suffix), field, date,
						Quantity.of(amount, unit), at(date, 6)),
				Idempotency.NONE, FarmAccess.ANY)
			.map(BatchService.Change::batch);
	}

	private static Mono<Void> step(Mono<?> step) {
		return step.then();
	}

	/** @return e.g. {@code XC261120A}: product letters, harvest date, suffix */
	private static LotCode lot(Gtin gtin, LocalDate date, String suffix) {
		String code = gtin.equals(MANGO) ? "XC" : gtin.equals(POMELO) ? "BX" : gtin.equals(COCONUT) ? "DX" : "CC";
		return LotCode.of(code + date.format(DateTimeFormatter.ofPattern("yyMMdd")) + suffix);
	}

	private static OffsetDateTime at(LocalDate date, int hour) {
		return date.atTime(hour, 30).atOffset(BatchEvents.VIETNAM);
	}

	private Mono<Farm> farm(OrgId org, String name, String commune, String district, String geoJson) {
		return this.farms
			.create(org, new FarmDraft(name, null, commune, null, "Gia Lai", GeoLocation.ofNullable(JSON.readTree(geoJson))),
					Idempotency.NONE)
			.map(FarmService.Created::farm);
	}

	private Mono<Product> product(OrgId org, Gtin gtin, String nameVi, String nameEn, String variety) {
		return this.products.create(org, new ProductDraft(gtin, nameVi, nameEn, variety, false), Idempotency.NONE)
			.map(ProductService.Created::product);
	}

}
