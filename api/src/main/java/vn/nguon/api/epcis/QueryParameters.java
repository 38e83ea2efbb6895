package vn.nguon.api.epcis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.util.MultiValueMap;

import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.epcis.EventParser;
import vn.nguon.traceability.event.AttributeCondition;
import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.event.FieldCondition;

import static vn.nguon.api.epcis.ParameterValues.invalid;
import static vn.nguon.api.epcis.ParameterValues.list;
import static vn.nguon.api.epcis.ParameterValues.positive;
import static vn.nguon.api.epcis.ParameterValues.single;
import static vn.nguon.api.epcis.ParameterValues.time;

/**
 * The SimpleEventQuery parameters of {@code GET /epcis/events} (EPCIS 2.0 section 8.2.7.1), checked:
 * an unknown parameter or a malformed value is a {@code QueryParameterException} naming it. A
 * parameter may repeat, and a list value may give alternatives separated by {@code |}. The
 * parameters with columns of their own are read here; those on other fields of the event by
 * {@link ConditionParameters} and {@link FieldParameters}.
 *
 * @param query the query to run (its limit is one more than the page size when paging, to know
 * whether a next page exists)
 * @param pageSize events per page
 * @param paged whether a next page link may be given (false when {@code eventCountLimit} caps the result)
 * @param maxEventCount {@code maxEventCount}: more matching events is a {@code QueryTooLargeException}; or {@code null}
 */
public record QueryParameters(EventQuery query, int pageSize, boolean paged, Integer maxEventCount) {

	/** Every parameter name with a fixed name read here (see also {@link ConditionParameters#NAMES}). */
	public static final Set<String> KNOWN = Set.of("eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime",
			"LT_recordTime", "EQ_action", "EQ_bizStep", "EQ_disposition", "EQ_readPoint", "EQ_bizLocation",
			"WD_readPoint", "WD_bizLocation", "EQ_eventID", "MATCH_epc", "MATCH_anyEPC", "MATCH_parentID",
			"MATCH_inputEPC", "MATCH_outputEPC", "MATCH_epcClass", "MATCH_anyEPCClass", "MATCH_inputEPCClass",
			"MATCH_outputEPCClass", "orderBy", "orderDirection", "eventCountLimit", "maxEventCount", "perPage",
			"nextPageToken");

	/**
	 * @param params the request parameters
	 * @param maxPageSize largest page
	 * @return the checked query
	 * @throws EpcisException (QueryParameterException) for an unknown parameter or a malformed value
	 */
	public static QueryParameters parse(MultiValueMap<String, String> params, int maxPageSize) {
		List<FieldCondition> conditions = new ArrayList<>();
		List<AttributeCondition> attributeConditions = new ArrayList<>();
		for (String name : params.keySet()) {
			if (KNOWN.contains(name)) {
				continue;
			}
			AttributeCondition attribute = attributeCondition(params, name);
			if (attribute != null) {
				attributeConditions.add(attribute);
				continue;
			}
			if (ConditionParameters.knows(name)) {
				FieldCondition c = ConditionParameters.parse(params, name);
				if (c != null) {
					conditions.add(c);
				}
				continue;
			}
			FieldCondition c = FieldParameters.parse(params, name);
			if (c == null) {
				throw unknown(name);
			}
			if (c != FieldParameters.NO_FILTER) {
				conditions.add(c);
			}
		}
		EventQuery.Builder b = EventQuery.builder().conditions(conditions).attributeConditions(attributeConditions);
		List<String> types = list(params, "eventType");
		for (String t : types) {
			if (!EventParser.EVENT_TYPES.contains(t)) {
				throw invalid("eventType", t, "eventType must be one of " + EventParser.EVENT_TYPES + ", not '" + t + "'.");
			}
		}
		List<String> actions = list(params, "EQ_action");
		for (String a : actions) {
			if (!Set.of("ADD", "OBSERVE", "DELETE").contains(a)) {
				throw invalid("EQ_action", a, "EQ_action must be ADD, OBSERVE or DELETE, not '" + a + "'.");
			}
		}
		b.eventTypes(types)
			.actions(actions)
			.geEventTime(time(params, "GE_eventTime"))
			.ltEventTime(time(params, "LT_eventTime"))
			.geRecordTime(time(params, "GE_recordTime"))
			.ltRecordTime(time(params, "LT_recordTime"))
			.bizSteps(list(params, "EQ_bizStep"))
			.dispositions(list(params, "EQ_disposition"))
			.readPoints(list(params, "EQ_readPoint"))
			.bizLocations(list(params, "EQ_bizLocation"))
			.wdReadPoints(list(params, "WD_readPoint"))
			.wdBizLocations(list(params, "WD_bizLocation"))
			.eventIds(list(params, "EQ_eventID"))
			.matchEpc(list(params, "MATCH_epc"))
			.matchAnyEpc(list(params, "MATCH_anyEPC"))
			.matchParentId(list(params, "MATCH_parentID"))
			.matchInputEpc(list(params, "MATCH_inputEPC"))
			.matchOutputEpc(list(params, "MATCH_outputEPC"))
			.matchEpcClass(list(params, "MATCH_epcClass"))
			.matchAnyEpcClass(list(params, "MATCH_anyEPCClass"))
			.matchInputEpcClass(list(params, "MATCH_inputEPCClass"))
			.matchOutputEpcClass(list(params, "MATCH_outputEPCClass"));
		String orderBy = single(params, "orderBy");
		if (orderBy != null && !orderBy.equals("eventTime") && !orderBy.equals("recordTime")
				&& !FieldParameters.CURIE.matcher(orderBy).matches()) {
			throw invalid("orderBy", orderBy, "orderBy must be eventTime, recordTime or an extension field"
					+ " (prefix:localName), not '" + orderBy + "'.");
		}
		b.orderByRecordTime("recordTime".equals(orderBy));
		if (orderBy != null && !orderBy.equals("eventTime") && !orderBy.equals("recordTime")) {
			b.orderField(orderBy);
		}
		String direction = single(params, "orderDirection");
		if (direction != null && !direction.equals("ASC") && !direction.equals("DESC")) {
			throw invalid("orderDirection", direction, "orderDirection must be ASC or DESC, not '" + direction + "'.");
		}
		// the standard's default is DESC; without orderBy this service keeps eventTime ascending
		b.descending(direction == null ? orderBy != null : direction.equals("DESC"));
		Integer perPage = positive(params, "perPage");
		Integer countLimit = positive(params, "eventCountLimit");
		Integer maxEventCount = positive(params, "maxEventCount");
		if (countLimit != null && maxEventCount != null) {
			throw invalid("eventCountLimit", String.valueOf(countLimit),
					"eventCountLimit and maxEventCount may not be given together.");
		}
		if (countLimit != null && orderBy == null) {
			throw invalid("eventCountLimit", String.valueOf(countLimit), "eventCountLimit needs orderBy.");
		}
		int pageSize = Math.min(perPage == null ? 30 : perPage, maxPageSize);
		boolean paged = true;
		if (countLimit != null && countLimit <= pageSize) {
			pageSize = countLimit;
			paged = false;
		}
		b.limit(paged ? pageSize + 1 : pageSize);
		String token = single(params, "nextPageToken");
		if (token != null) {
			EventQuery.Cursor cursor;
			try {
				cursor = EventQuery.Cursor.parse(token);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("nextPageToken", token, "nextPageToken is not a token this service gave.");
			}
			if ((cursor.time() == null) != (b.build().orderField() != null)) {
				throw invalid("nextPageToken", token, "nextPageToken belongs to a query of another order.");
			}
			b.after(cursor);
		}
		return new QueryParameters(b.build(), pageSize, paged, maxEventCount);
	}

	private static EpcisException unknown(String name) {
		return EpcisException.queryParameter("epcis-unknown-query-parameter",
				"Unknown query parameter '" + name + "'; see the EPCIS 2.0 SimpleEventQuery parameters"
						+ " (extension fields as prefix:localName or namespace#localName).",
				name);
	}


	/**
	 * {@code HASATTR_fieldname} (values: attribute names) and {@code EQATTR_fieldname_attrname} (values:
	 * attribute values), also spelt {@code EQ_ATTR_} as the EPCIS 2.0 query schema does.
	 * @return the condition, or {@code null} when the name is not one of these
	 */
	static AttributeCondition attributeCondition(MultiValueMap<String, String> params, String name) {
		if (name.startsWith("HASATTR_")) {
			String field = name.substring("HASATTR_".length());
			List<String> attributes = list(params, name);
			if (!ATTR_FIELD.matcher(field).matches() || attributes.isEmpty() || attributes.stream().anyMatch(String::isBlank)) {
				throw invalid(name, String.join("|", attributes), name + " needs an event field in its name and attribute names"
						+ " as its value (HASATTR_bizLocation=urn:epcglobal:cbv:mda:sst).");
			}
			return AttributeCondition.hasAttribute(field, attributes);
		}
		String rest = name.startsWith("EQATTR_") ? name.substring("EQATTR_".length())
				: name.startsWith("EQ_ATTR_") ? name.substring("EQ_ATTR_".length()) : null;
		if (rest == null) {
			return null;
		}
		int cut = rest.indexOf('_');
		List<String> values = list(params, name);
		if (cut < 1 || cut == rest.length() - 1 || !ATTR_FIELD.matcher(rest.substring(0, cut)).matches() || values.isEmpty()) {
			throw invalid(name, String.join("|", values), name + " names an event field and an attribute"
					+ " (EQATTR_bizLocation_urn:epcglobal:cbv:mda:sst=201) and gives the values to match.");
		}
		return AttributeCondition.equalAttribute(rest.substring(0, cut), rest.substring(cut + 1), values);
	}

	private static final java.util.regex.Pattern ATTR_FIELD = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9:.-]*");

}
