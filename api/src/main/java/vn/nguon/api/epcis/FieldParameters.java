package vn.nguon.api.epcis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

import vn.nguon.traceability.event.FieldCondition;
import vn.nguon.traceability.event.FieldCondition.Op;
import vn.nguon.traceability.event.FieldCondition.Scope;

import static vn.nguon.api.epcis.ParameterValues.anyType;
import static vn.nguon.api.epcis.ParameterValues.bool;
import static vn.nguon.api.epcis.ParameterValues.list;
import static vn.nguon.api.epcis.ParameterValues.ordered;
import static vn.nguon.api.epcis.ParameterValues.single;

/**
 * The query parameters on extension fields (EPCIS 2.0 section 8.2.7.1): {@code EQ_}, {@code GT_},
 * {@code GE_}, {@code LT_}, {@code LE_} and {@code EXISTS_} followed by an optional place
 * ({@code ILMD_}, {@code INNER_}, {@code INNER_ILMD_}, {@code ERROR_DECLARATION_},
 * {@code SENSORELEMENT_}, {@code SENSORMETADATA_}, {@code SENSORREPORT_}, their {@code INNER_}
 * forms, {@code readPoint_}, {@code bizLocation_}) and the field name. The name is the
 * {@code prefix:localName} of the JSON binding ({@code EQ_ILMD_example:grade}; the prefix as the
 * events write it) or the full name {@code namespace#localName} of the XML binding
 * ({@code EQ_ILMD_https://ns.example.com/epcis#grade}), which matches whatever prefix an event's
 * {@code @context} binds to that namespace. The places and comparisons allowed are those of the
 * EPCIS query schema.
 */
final class FieldParameters {

	/** A CURIE as the query schema allows. */
	static final Pattern CURIE = Pattern.compile("[a-z][a-zA-Z0-9]*:\\w+");

	private static final Pattern FULL_NAME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*:[^#\\s]+)#(\\w+)");

	private static final Set<Op> ALL = Set.of(Op.EQ, Op.GT, Op.GE, Op.LT, Op.LE, Op.EXISTS);

	private static final Set<Op> COMPARE = Set.of(Op.EQ, Op.GT, Op.GE, Op.LT, Op.LE);

	private record Place(Scope scope, Set<Op> ops) {
	}

	/** The places, longest prefix first, with the comparisons the schema has for them. */
	private static final Map<String, Place> PLACES = new LinkedHashMap<>();

	static {
		PLACES.put("INNER_ERROR_DECLARATION_", new Place(Scope.INNER_ERROR_DECLARATION, ALL));
		PLACES.put("INNER_SENSORELEMENT_", new Place(Scope.INNER_SENSOR_ELEMENT, COMPARE));
		PLACES.put("INNER_SENSORMETADATA_", new Place(Scope.INNER_SENSOR_METADATA, COMPARE));
		PLACES.put("INNER_SENSORREPORT_", new Place(Scope.INNER_SENSOR_REPORT, COMPARE));
		PLACES.put("INNER_readPoint_", new Place(Scope.INNER_READ_POINT, Set.of(Op.EQ)));
		PLACES.put("INNER_bizLocation_", new Place(Scope.INNER_BIZ_LOCATION, Set.of(Op.EQ)));
		PLACES.put("INNER_ILMD_", new Place(Scope.INNER_ILMD, ALL));
		PLACES.put("ERROR_DECLARATION_", new Place(Scope.ERROR_DECLARATION, ALL));
		PLACES.put("SENSORELEMENT_", new Place(Scope.SENSOR_ELEMENT, ALL));
		PLACES.put("SENSORMETADATA_", new Place(Scope.SENSOR_METADATA, ALL));
		PLACES.put("SENSORREPORT_", new Place(Scope.SENSOR_REPORT, ALL));
		PLACES.put("readPoint_", new Place(Scope.READ_POINT, Set.of(Op.EQ)));
		PLACES.put("bizLocation_", new Place(Scope.BIZ_LOCATION, Set.of(Op.EQ)));
		PLACES.put("INNER_", new Place(Scope.INNER, ALL));
		PLACES.put("ILMD_", new Place(Scope.ILMD, ALL));
		PLACES.put("", new Place(Scope.EVENT, ALL));
	}

	private FieldParameters() {
	}

	/**
	 * @param params the request parameters
	 * @param name one parameter name
	 * @return its condition; {@code null} when the name is not an extension field parameter, or is
	 * {@code EXISTS_...=false}, which does not filter
	 */
	static FieldCondition parse(MultiValueMap<String, String> params, String name) {
		int bar = name.indexOf('_');
		if (bar < 0) {
			return null;
		}
		Op op;
		try {
			op = Op.valueOf(name.substring(0, bar));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String rest = name.substring(bar + 1);
		for (Map.Entry<String, Place> p : PLACES.entrySet()) {
			if (!rest.startsWith(p.getKey()) || !p.getValue().ops().contains(op)) {
				continue;
			}
			String field = rest.substring(p.getKey().length());
			var full = FULL_NAME.matcher(field);
			boolean curie = CURIE.matcher(field).matches();
			if (!curie && !full.matches()) {
				continue;
			}
			List<Object> values = values(params, name, op);
			if (values == null) {
				return NO_FILTER;
			}
			return curie ? FieldCondition.of(p.getValue().scope(), field, op, values)
					: new FieldCondition(p.getValue().scope(), null, full.group(1), full.group(2), op, values, null,
							null);
		}
		return null;
	}

	/** Marks a known parameter that does not filter ({@code EXISTS_...=false}). */
	static final FieldCondition NO_FILTER = FieldCondition.of(Scope.EVENT, "eventTime", Op.EXISTS, List.of());

	/** {@code EXISTS_x}, {@code EXISTS_x=} and {@code EXISTS_x=true} filter; {@code EXISTS_x=false} does not. */
	private static boolean exists(MultiValueMap<String, String> params, String name) {
		String v = single(params, name);
		return v == null || v.isEmpty() || bool(params, name);
	}

	private static List<Object> values(MultiValueMap<String, String> params, String name, Op op) {
		return switch (op) {
			case EXISTS -> exists(params, name) ? List.of() : null;
			case EQ -> anyType(list(params, name));
			default -> List.of(ordered(name, single(params, name)));
		};
	}

}
