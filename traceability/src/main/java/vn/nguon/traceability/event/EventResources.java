package vn.nguon.traceability.event;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.organisation.OrgId;

/**
 * The values the events a viewer may read name (the top-level resources of the EPCIS 2.0 REST
 * binding: {@code /epcs}, {@code /bizSteps}, {@code /bizLocations}, {@code /readPoints},
 * {@code /dispositions}), with the same visibility as {@link EventQueries#query}: own events and
 * those shared by consent, in their corrected state. GS1 keys are answered as GS1 Digital Link
 * URIs on {@code id.gs1.org}; other identifiers as the events wrote them.
 */
@Service
public class EventResources {

	/** The roles of epcis_event_epc that name objects (not sources or destinations). */
	private static final String[] OBJECT_ROLES = { "epc", "parent", "child", "input", "output", "qty", "child_qty",
			"input_qty", "output_qty" };

	private final DatabaseClient db;

	public EventResources(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * @param viewer the organisation asking
	 * @param after only keys after this canonical key (paging), or {@code null}
	 * @param limit at most this many
	 * @return canonical keys of the EPCs and EPC classes named, in key order
	 */
	public Flux<String> epcKeys(OrgId viewer, String after, int limit) {
		return this.db.sql("SELECT DISTINCT k.epc FROM epcis_event_epc k JOIN epcis_event e ON e.seq = k.seq"
				+ " WHERE k.role = ANY($2::text[]) AND k.epc > $3 AND" + EventQueries.VISIBLE + EventQueries.CURRENT
				+ " ORDER BY k.epc LIMIT $4")
			.bind(0, viewer.value())
			.bind(1, OBJECT_ROLES)
			.bind(2, after == null ? "" : after)
			.bind(3, limit)
			.map(row -> row.get("epc", String.class))
			.all();
	}

	/**
	 * @param viewer the organisation asking
	 * @param column one of {@code biz_step}, {@code disposition}, {@code read_point}, {@code biz_location}
	 * @param after only values after this one (paging), or {@code null}
	 * @param limit at most this many
	 * @return the distinct values of the column (as stored: bare CBV words, canonical location keys), in order
	 */
	public Flux<String> values(OrgId viewer, String column, String after, int limit) {
		if (!List.of("biz_step", "disposition", "read_point", "biz_location").contains(column)) {
			throw new IllegalArgumentException("not a column: " + column);
		}
		return this.db.sql("SELECT DISTINCT e." + column + " COLLATE \"C\" AS v FROM epcis_event e WHERE e." + column
				+ " COLLATE \"C\" > $2 AND" + EventQueries.VISIBLE + EventQueries.CURRENT + " ORDER BY 1 LIMIT $3")
			.bind(0, viewer.value())
			.bind(1, after == null ? "" : after)
			.bind(2, limit)
			.map(row -> row.get("v", String.class))
			.all();
	}

	/**
	 * @param key a canonical key ({@code 01/...}, {@code 414/...}) or a URI kept as written
	 * @return the URI to answer with
	 */
	public static String uri(String key) {
		return !key.isEmpty() && Character.isDigit(key.charAt(0)) ? "https://id.gs1.org/" + key : key;
	}

}
