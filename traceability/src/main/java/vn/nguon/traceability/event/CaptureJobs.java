package vn.nguon.traceability.event;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.organisation.OrgId;

/** Reads the capture jobs of an organisation. */
@Service
public class CaptureJobs {

	private static final String COLUMNS = "id, created_at, finished_at, success, event_count, stored_count, errors::text AS errors";

	private final DatabaseClient db;

	private final JsonMapper json;

	public CaptureJobs(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * @param viewer the organisation asking
	 * @param id the capture id
	 * @return the capture, or empty when it does not exist for this organisation
	 */
	public Mono<CaptureJob> find(OrgId viewer, UUID id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM epcis_capture WHERE id = $1 AND org_id = $2")
			.bind(0, id)
			.bind(1, viewer.value())
			.map(this::map)
			.one();
	}

	/**
	 * @param viewer the organisation asking
	 * @param limit most captures returned
	 * @return its captures, newest first
	 */
	public Flux<CaptureJob> list(OrgId viewer, int limit) {
		return this.db.sql("SELECT " + COLUMNS + " FROM epcis_capture WHERE org_id = $1 ORDER BY created_at DESC, id LIMIT $2")
			.bind(0, viewer.value())
			.bind(1, limit)
			.map(this::map)
			.all();
	}

	private CaptureJob map(Readable row) {
		List<String> errors = new ArrayList<>();
		JsonNode errs = this.json.readTree(row.get("errors", String.class));
		errs.forEach(e -> errors.add(e.asString()));
		OffsetDateTime finished = row.get("finished_at", OffsetDateTime.class);
		return new CaptureJob(row.get("id", UUID.class), row.get("created_at", OffsetDateTime.class).toInstant(),
				finished == null ? null : finished.toInstant(), Boolean.TRUE.equals(row.get("success", Boolean.class)),
				row.get("event_count", Integer.class), row.get("stored_count", Integer.class), errors);
	}

}
