package vn.nguon.traceability.batch;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;

/** Stores batches; every read is scoped by organisation, except the lot-uniqueness check. */
@Repository
public class BatchRepository {

	static final String COLUMNS = "id, org_id, product_id, farm_id, gtin, lot, field_name, harvest_date, quantity, unit, "
			+ "status, stage, origin_event_id, created_at, updated_at, recalled_at";

	private static final String B_COLUMNS = "b." + COLUMNS.replace(", ", ", b.");

	private final DatabaseClient db;

	public BatchRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts a new batch (INSERT ... RETURNING: ids are chosen by the application). The creation
	 * time is the statement's clock, so batches made in one transaction keep their order.
	 */
	public Mono<Batch> insert(Batch b) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("INSERT INTO batch (id, org_id, product_id, farm_id, gtin, lot, "
				+ "field_name, harvest_date, quantity, unit, status, stage, origin_event_id, created_at) VALUES (:id, :org, :product, "
				+ ":farm, :gtin, :lot, :field, :harvest, :quantity, :unit, :status, :stage, :origin, clock_timestamp()) RETURNING "
				+ COLUMNS)
			.bind("id", b.id())
			.bind("org", b.orgId().value())
			.bind("product", b.productId())
			.bind("gtin", b.gtin().value())
			.bind("lot", b.lot().value())
			.bind("status", b.status().code())
			.bind("stage", b.stage().code());
		spec = nullable(spec, "farm", b.farmId(), UUID.class);
		spec = nullable(spec, "field", b.fieldName(), String.class);
		spec = nullable(spec, "harvest", b.harvestDate(), LocalDate.class);
		spec = nullable(spec, "quantity", b.quantity() == null ? null : b.quantity().amount(), BigDecimal.class);
		spec = nullable(spec, "unit", b.quantity() == null ? null : b.quantity().unit().code(), String.class);
		spec = nullable(spec, "origin", b.originEventId(), String.class);
		return spec.map(BatchRepository::map).one();
	}

	/** Saves the lifecycle state (status, stage, origin event, recall time) of a batch. */
	public Mono<Batch> updateState(Batch b) {
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("UPDATE batch SET status = :status, stage = :stage, "
				+ "origin_event_id = :origin, recalled_at = :recalled, updated_at = now() WHERE id = :id AND org_id = :org "
				+ "RETURNING " + COLUMNS)
			.bind("id", b.id())
			.bind("org", b.orgId().value())
			.bind("status", b.status().code())
			.bind("stage", b.stage().code());
		spec = nullable(spec, "origin", b.originEventId(), String.class);
		spec = nullable(spec, "recalled", b.recalledAt() == null ? null : b.recalledAt().atOffset(ZoneOffset.UTC),
				OffsetDateTime.class);
		return spec.map(BatchRepository::map).one();
	}

	public Mono<Batch> findById(OrgId org, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM batch WHERE id = :id AND org_id = :org")
			.bind("id", id)
			.bind("org", org.value())
			.map(BatchRepository::map)
			.one();
	}

	/** Reads a batch and locks its row until the transaction ends, so lifecycle changes serialise. */
	public Mono<Batch> lockById(OrgId org, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM batch WHERE id = :id AND org_id = :org FOR UPDATE")
			.bind("id", id)
			.bind("org", org.value())
			.map(BatchRepository::map)
			.one();
	}

	/** @return the batch with this lot in any organisation (a lot is unique service-wide) */
	public Mono<Batch> findByLot(Gtin gtin, LotCode lot) {
		return this.db.sql("SELECT " + COLUMNS + " FROM batch WHERE gtin = :gtin AND lot = :lot")
			.bind("gtin", gtin.value())
			.bind("lot", lot.value())
			.map(BatchRepository::map)
			.one();
	}

	/**
	 * @param org the organisation
	 * @param lotKeys canonical lot keys {@code 01/{gtin}/10/{lot}}
	 * @return the organisation's batches among those lots
	 */
	public Flux<Batch> findByLotKeys(OrgId org, List<String> lotKeys) {
		if (lotKeys.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT " + COLUMNS + " FROM batch WHERE org_id = :org AND ('01/' || gtin || '/10/' || lot) = ANY(:keys)")
			.bind("org", org.value())
			.bind("keys", lotKeys.toArray(String[]::new))
			.map(BatchRepository::map)
			.all();
	}

	/** @return one page of the organisation's batches matching the filter, newest first */
	public Mono<BatchPage> search(OrgId org, BatchFilter f) {
		Map<String, Object> binds = new LinkedHashMap<>();
		String where = where(org, f, binds);
		String from = " FROM batch b JOIN product p ON p.id = b.product_id LEFT JOIN farm fa ON fa.id = b.farm_id WHERE " + where;
		DatabaseClient.GenericExecuteSpec items = this.db.sql("SELECT " + B_COLUMNS + from
				+ " ORDER BY b.created_at DESC, b.id DESC LIMIT :limit OFFSET :offset");
		DatabaseClient.GenericExecuteSpec count = this.db.sql("SELECT count(*) AS n" + from);
		for (Map.Entry<String, Object> e : binds.entrySet()) {
			items = items.bind(e.getKey(), e.getValue());
			count = count.bind(e.getKey(), e.getValue());
		}
		items = items.bind("limit", f.size()).bind("offset", (long) f.page() * f.size());
		return Mono.zip(items.map(BatchRepository::map).all().collectList(), count.map(r -> r.get("n", Long.class)).one())
			.map(t -> new BatchPage(t.getT1(), f.page(), f.size(), t.getT2()));
	}

	/** @return the organisation's batches harvested or created in a range, for exports (oldest first) */
	public Flux<Batch> findForExport(OrgId org, LocalDate from, LocalDate to, List<String> lots) {
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM batch WHERE org_id = :org");
		Map<String, Object> binds = new LinkedHashMap<>();
		binds.put("org", org.value());
		if (from != null) {
			sql.append(" AND coalesce(harvest_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) >= :from");
			binds.put("from", from);
		}
		if (to != null) {
			sql.append(" AND coalesce(harvest_date, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) <= :to");
			binds.put("to", to);
		}
		if (lots != null && !lots.isEmpty()) {
			sql.append(" AND (lot = ANY(:lots) OR ('01/' || gtin || '/10/' || lot) = ANY(:lots))");
			binds.put("lots", lots.toArray(String[]::new));
		}
		sql.append(" ORDER BY harvest_date NULLS LAST, created_at, id");
		DatabaseClient.GenericExecuteSpec spec = this.db.sql(sql.toString());
		for (Map.Entry<String, Object> e : binds.entrySet()) {
			spec = spec.bind(e.getKey(), e.getValue());
		}
		return spec.map(BatchRepository::map).all();
	}

	/** @return the organisation's batches brought into being by an event (the outputs of a transformation) */
	public Flux<Batch> findByOriginEvent(OrgId org, String eventId) {
		return this.db.sql("SELECT " + COLUMNS + " FROM batch WHERE org_id = :org AND origin_event_id = :event ORDER BY created_at, id")
			.bind("org", org.value())
			.bind("event", eventId)
			.map(BatchRepository::map)
			.all();
	}

	public Mono<Long> count(OrgId org) {
		return this.db.sql("SELECT count(*) AS n FROM batch WHERE org_id = :org")
			.bind("org", org.value())
			.map(r -> r.get("n", Long.class))
			.one();
	}

	private static String where(OrgId org, BatchFilter f, Map<String, Object> binds) {
		List<String> w = new ArrayList<>();
		w.add("b.org_id = :org");
		binds.put("org", org.value());
		if (f.productId() != null) {
			w.add("b.product_id = :product");
			binds.put("product", f.productId());
		}
		if (f.farmId() != null) {
			w.add("b.farm_id = :farm");
			binds.put("farm", f.farmId());
		}
		if (f.withinFarms() != null) {
			w.add("b.farm_id = ANY(:farms)");
			binds.put("farms", f.withinFarms().toArray(UUID[]::new));
		}
		if (f.from() != null) {
			w.add("b.harvest_date >= :from");
			binds.put("from", f.from());
		}
		if (f.to() != null) {
			w.add("b.harvest_date <= :to");
			binds.put("to", f.to());
		}
		if (f.status() != null) {
			w.add(BatchFilter.isStatus(f.status()) ? "b.status = :status" : "b.stage = :status");
			binds.put("status", f.status());
		}
		if (f.q() != null) {
			w.add("(b.lot ILIKE :q OR b.field_name ILIKE :q OR p.name_vi ILIKE :q OR p.name_en ILIKE :q "
					+ "OR fa.name ILIKE :q OR b.gtin LIKE :q)");
			binds.put("q", "%" + f.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		return String.join(" AND ", w);
	}

	private static <T> DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
			T value, Class<T> type) {
		return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
	}

	static Batch map(Readable row) {
		BigDecimal amount = row.get("quantity", BigDecimal.class);
		String unit = row.get("unit", String.class);
		Quantity quantity = (amount == null || unit == null) ? null : new Quantity(amount, Unit.parse(unit));
		return new Batch(row.get("id", UUID.class), OrgId.of(row.get("org_id", UUID.class)),
				row.get("product_id", UUID.class), row.get("farm_id", UUID.class), new Gtin(row.get("gtin", String.class)),
				new LotCode(row.get("lot", String.class)), row.get("field_name", String.class),
				row.get("harvest_date", LocalDate.class), quantity, BatchStatus.of(row.get("status", String.class)),
				BatchStage.of(row.get("stage", String.class)), row.get("origin_event_id", String.class),
				instant(row.get("created_at", OffsetDateTime.class)), instant(row.get("updated_at", OffsetDateTime.class)),
				instant(row.get("recalled_at", OffsetDateTime.class)));
	}

	private static Instant instant(OffsetDateTime t) {
		return t == null ? null : t.toInstant();
	}

}
