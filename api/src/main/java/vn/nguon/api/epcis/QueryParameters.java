package vn.nguon.api.epcis;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.util.MultiValueMap;

import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.EventParser;
import vn.nguon.traceability.event.EventQuery;

/**
 * The SimpleEventQuery parameters of {@code GET /epcis/events}, checked: an unknown parameter or
 * a malformed value is a {@code QueryParameterException}. A parameter may repeat, and a value may
 * list alternatives separated by {@code |}.
 *
 * @param query the query to run (its limit is one more than the page size when paging, to know
 * whether a next page exists)
 * @param pageSize events per page
 * @param paged whether a next page link may be given (false when {@code eventCountLimit} caps the result)
 */
public record QueryParameters(EventQuery query, int pageSize, boolean paged) {

	/** Every parameter name understood. */
	public static final Set<String> KNOWN = Set.of("eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime",
			"LT_recordTime", "EQ_action", "EQ_bizStep", "EQ_disposition", "EQ_readPoint", "EQ_bizLocation",
			"EQ_eventID", "MATCH_epc", "MATCH_anyEPC", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC",
			"MATCH_epcClass", "MATCH_anyEPCClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass", "orderBy",
			"orderDirection", "eventCountLimit", "perPage", "nextPageToken");

	/**
	 * @param params the request parameters
	 * @param maxPageSize largest page
	 * @return the checked query
	 * @throws EpcisException (QueryParameterException) for an unknown parameter or a malformed value
	 */
	public static QueryParameters parse(MultiValueMap<String, String> params, int maxPageSize) {
		for (String name : params.keySet()) {
			if (!KNOWN.contains(name)) {
				throw EpcisException.queryParameter("epcis-unknown-query-parameter",
						"Unknown query parameter '" + name + "'; supported: " + KNOWN.stream().sorted().toList() + ".",
						name);
			}
		}
		EventQuery.Builder b = EventQuery.builder();
		List<String> types = values(params, "eventType");
		for (String t : types) {
			if (!EventParser.EVENT_TYPES.contains(t)) {
				throw EpcisException.queryParameter("epcis-invalid-query-parameter",
						"eventType must be one of " + EventParser.EVENT_TYPES + ", not '" + t + "'.", "eventType", t);
			}
		}
		List<String> actions = values(params, "EQ_action");
		for (String a : actions) {
			if (!Set.of("ADD", "OBSERVE", "DELETE").contains(a)) {
				throw EpcisException.queryParameter("epcis-invalid-query-parameter",
						"EQ_action must be ADD, OBSERVE or DELETE, not '" + a + "'.", "EQ_action", a);
			}
		}
		b.eventTypes(types)
			.actions(actions)
			.geEventTime(time(params, "GE_eventTime"))
			.ltEventTime(time(params, "LT_eventTime"))
			.geRecordTime(time(params, "GE_recordTime"))
			.ltRecordTime(time(params, "LT_recordTime"))
			.bizSteps(values(params, "EQ_bizStep"))
			.dispositions(values(params, "EQ_disposition"))
			.readPoints(values(params, "EQ_readPoint"))
			.bizLocations(values(params, "EQ_bizLocation"))
			.eventIds(values(params, "EQ_eventID"))
			.matchEpc(values(params, "MATCH_epc"))
			.matchAnyEpc(values(params, "MATCH_anyEPC"))
			.matchParentId(values(params, "MATCH_parentID"))
			.matchInputEpc(values(params, "MATCH_inputEPC"))
			.matchOutputEpc(values(params, "MATCH_outputEPC"))
			.matchEpcClass(values(params, "MATCH_epcClass"))
			.matchAnyEpcClass(values(params, "MATCH_anyEPCClass"))
			.matchInputEpcClass(values(params, "MATCH_inputEPCClass"))
			.matchOutputEpcClass(values(params, "MATCH_outputEPCClass"));
		String orderBy = single(params, "orderBy");
		if (orderBy != null && !orderBy.equals("eventTime") && !orderBy.equals("recordTime")) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter",
					"orderBy must be eventTime or recordTime, not '" + orderBy + "'.", "orderBy", orderBy);
		}
		b.orderByRecordTime("recordTime".equals(orderBy));
		String direction = single(params, "orderDirection");
		if (direction != null && !direction.equals("ASC") && !direction.equals("DESC")) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter",
					"orderDirection must be ASC or DESC, not '" + direction + "'.", "orderDirection", direction);
		}
		b.descending(direction == null ? orderBy != null : direction.equals("DESC"));
		Integer perPage = positive(params, "perPage");
		Integer countLimit = positive(params, "eventCountLimit");
		int pageSize = Math.min(perPage == null ? 30 : perPage, maxPageSize);
		boolean paged = true;
		if (countLimit != null && countLimit <= pageSize) {
			pageSize = countLimit;
			paged = false;
		}
		b.limit(paged ? pageSize + 1 : pageSize);
		String token = single(params, "nextPageToken");
		if (token != null) {
			try {
				b.after(EventQuery.Cursor.parse(token));
			}
			catch (IllegalArgumentException ex) {
				throw EpcisException.queryParameter("epcis-invalid-query-parameter",
						"nextPageToken is not a token this service gave.", "nextPageToken", token);
			}
		}
		return new QueryParameters(b.build(), pageSize, paged);
	}

	private static List<String> values(MultiValueMap<String, String> params, String name) {
		List<String> raw = params.get(name);
		if (raw == null) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		for (String v : raw) {
			for (String part : v.split("\\|")) {
				if (!part.isBlank()) {
					out.add(part.trim());
				}
			}
		}
		return out;
	}

	private static String single(MultiValueMap<String, String> params, String name) {
		List<String> v = params.get(name);
		if (v == null || v.isEmpty()) {
			return null;
		}
		if (v.size() > 1) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter", name + " may be given only once.", name,
					v.toString());
		}
		return v.get(0);
	}

	private static Instant time(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		if (v == null) {
			return null;
		}
		try {
			// a '+' of an offset sent unencoded arrives as a space (form decoding of query strings)
			return OffsetDateTime.parse(v.replace(' ', '+')).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter",
					name + " must be a date-time with a time zone, e.g. 2026-06-01T00:00:00+07:00, not '" + v + "'.",
					name, v);
		}
	}

	private static Integer positive(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		if (v == null) {
			return null;
		}
		try {
			int n = Integer.parseInt(v);
			if (n < 1) {
				throw new NumberFormatException();
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter",
					name + " must be a positive whole number, not '" + v + "'.", name, v);
		}
	}

}
