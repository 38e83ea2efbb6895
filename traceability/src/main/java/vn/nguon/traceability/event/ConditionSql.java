package vn.nguon.traceability.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * SQL for the {@link FieldCondition}s and the with-descendants location filters of an
 * {@link EventQuery}. Every value of a request is a bind parameter: the SQL text and the JSON
 * paths are built from constants and from field names that {@link FieldCondition#NAME} allows only.
 */
final class ConditionSql {

	/** A date-time with a zone, as EPCIS writes them (so the cast to timestamptz cannot fail on other strings). */
	private static final String TIME_PATTERN = "'^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})$'";

	private ConditionSql() {
	}

	/**
	 * Appends {@code AND EXISTS (...)} for each condition.
	 * @param sql the query so far
	 * @param binds its bind values
	 * @param conditions the conditions
	 * @param json for the JSON values bound
	 */
	static void conditions(StringBuilder sql, List<Object> binds, List<FieldCondition> conditions, JsonMapper json) {
		for (FieldCondition c : conditions) {
			binds.add(c.scope().path());
			sql.append(" AND EXISTS (SELECT 1 FROM jsonb_path_query(e.doc, $").append(binds.size())
				.append("::jsonpath) s(o)");
			if (c.name() != null) {
				binds.add(c.name());
				sql.append(" CROSS JOIN LATERAL (SELECT s.o -> $").append(binds.size())
					.append("::text) kv(v) WHERE kv.v IS NOT NULL");
			}
			else {
				sql.append(", jsonb_each(CASE WHEN jsonb_typeof(s.o) = 'object' THEN s.o ELSE '{}'::jsonb END) kv(k, v)");
				binds.add(c.local());
				int local = binds.size();
				binds.add(namespaces(c.namespace()));
				sql.append(" WHERE kv.k IN (SELECT p.key || ':' || $").append(local)
					.append("::text FROM jsonb_path_query(e.doc, 'lax $.\"@context\"[*] ? (@.type() == \"object\")') x(o),")
					.append(" jsonb_each_text(x.o) p WHERE p.value = ANY($").append(binds.size()).append("::text[]))");
			}
			if (c.sibling() != null) {
				binds.add(c.sibling());
				int key = binds.size();
				binds.add(array(json, c.siblingValues()));
				sql.append(" AND $").append(binds.size()).append("::jsonb @> jsonb_build_array(s.o -> $").append(key)
					.append("::text)");
			}
			predicate(sql, binds, c, json);
			sql.append(')');
		}
	}

	private static void predicate(StringBuilder sql, List<Object> binds, FieldCondition c, JsonMapper json) {
		if (c.op() == FieldCondition.Op.EXISTS) {
			return;
		}
		if (c.op() == FieldCondition.Op.EQ) {
			binds.add(array(json, c.values()));
			sql.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(kv.v) = 'array'")
				.append(" THEN kv.v ELSE jsonb_build_array(kv.v) END) i(v) WHERE $").append(binds.size())
				.append("::jsonb @> jsonb_build_array(i.v))");
			return;
		}
		String op = switch (c.op()) {
			case GT -> ">";
			case GE -> ">=";
			case LT -> "<";
			default -> "<=";
		};
		Object v = c.values().get(0);
		if (v instanceof BigDecimal n) {
			binds.add(n);
			sql.append(" AND CASE WHEN jsonb_typeof(kv.v) = 'number' THEN kv.v::numeric ").append(op).append(" $")
				.append(binds.size()).append("::numeric ELSE false END");
		}
		else {
			binds.add(OffsetDateTime.ofInstant((Instant) v, ZoneOffset.UTC));
			sql.append(" AND CASE WHEN jsonb_typeof(kv.v) = 'string' AND (kv.v #>> '{}') ~ ").append(TIME_PATTERN)
				.append(" THEN (kv.v #>> '{}')::timestamptz ").append(op).append(" $").append(binds.size())
				.append(" ELSE false END");
		}
	}

	/**
	 * Appends {@code AND EXISTS (...)} on the master data of the event's organisation for each
	 * {@code HASATTR_} / {@code EQATTR_} condition; {@code AND false} for a field without vocabulary values.
	 * @param sql the query so far
	 * @param binds its bind values
	 * @param conditions the conditions
	 */
	static void attributes(StringBuilder sql, List<Object> binds, List<AttributeCondition> conditions) {
		for (AttributeCondition c : conditions) {
			String column = AttributeCondition.COLUMNS.get(c.field());
			if (column == null) {
				sql.append(" AND false");
				continue;
			}
			binds.add(c.attributes().toArray(String[]::new));
			int names = binds.size();
			sql.append(" AND EXISTS (SELECT 1 FROM epcis_vocabulary_element v WHERE v.org_id = e.org_id AND v.element_id = ")
				.append(column);
			if (c.values().isEmpty()) {
				// HASATTR: one of the attributes is there and not null
				sql.append(" AND EXISTS (SELECT 1 FROM unnest($").append(names)
					.append("::text[]) n(a) WHERE jsonb_typeof(v.attributes -> n.a) IS DISTINCT FROM 'null'")
					.append(" AND v.attributes -> n.a IS NOT NULL)");
			}
			else {
				binds.add(c.values().toArray(String[]::new));
				sql.append(" AND v.attributes ->> ($").append(names).append("::text[])[1] = ANY($").append(binds.size())
					.append("::text[])");
			}
			sql.append(')');
		}
	}

	/**
	 * Appends the with-descendants filter of a location column: the locations given, their sub-locations
	 * by GLN extension ({@code 414/{gln}/254/{ext}} under {@code 414/{gln}}) and the descendants the
	 * asking organisation's master data names as children. The first bind value must be that organisation.
	 * @param column {@code e.read_point} or {@code e.biz_location}
	 * @param keys canonical location keys
	 */
	static void withDescendants(StringBuilder sql, List<Object> binds, String column, List<String> keys) {
		if (keys.isEmpty()) {
			return;
		}
		List<String> below = new ArrayList<>();
		for (String k : keys) {
			if (k.startsWith("414/") && !k.contains("/254/")) {
				below.add(k.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/254/%");
			}
		}
		binds.add(keys.toArray(String[]::new));
		int given = binds.size();
		sql.append(" AND (").append(column).append(" = ANY($").append(given).append("::text[])");
		// descendants named as children in the master data of the organisation asking ($1), at any depth
		sql.append(" OR ").append(column).append(" = ANY(ARRAY(WITH RECURSIVE d(id) AS (SELECT unnest($").append(given)
			.append("::text[]) UNION SELECT c.id FROM d JOIN epcis_vocabulary_element v ON v.org_id = $1")
			.append(" AND v.element_id = d.id CROSS JOIN LATERAL unnest(v.children) c(id)) SELECT id FROM d))");
		if (!below.isEmpty()) {
			binds.add(below.toArray(String[]::new));
			sql.append(" OR ").append(column).append(" LIKE ANY($").append(binds.size()).append("::text[])");
		}
		sql.append(')');
	}

	/** The namespace as given, and with or without a trailing {@code /} or {@code #}. */
	private static String[] namespaces(String ns) {
		String base = ns.endsWith("/") || ns.endsWith("#") ? ns.substring(0, ns.length() - 1) : ns;
		return new String[] { base, base + "/", base + "#" };
	}

	private static String array(JsonMapper json, List<?> values) {
		ArrayNode a = json.createArrayNode();
		for (Object v : values) {
			if (v instanceof BigDecimal n) {
				a.add(n);
			}
			else if (v instanceof Boolean b) {
				a.add(b);
			}
			else {
				a.add(String.valueOf(v));
			}
		}
		return a.toString();
	}

}
