package vn.nguon.api.epcis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.util.MultiValueMap;

import vn.nguon.traceability.event.FieldCondition;
import vn.nguon.traceability.event.FieldCondition.Op;
import vn.nguon.traceability.event.FieldCondition.Scope;

import static vn.nguon.api.epcis.ParameterValues.bool;
import static vn.nguon.api.epcis.ParameterValues.cbvForms;
import static vn.nguon.api.epcis.ParameterValues.list;
import static vn.nguon.api.epcis.ParameterValues.measurementForms;
import static vn.nguon.api.epcis.ParameterValues.number;
import static vn.nguon.api.epcis.ParameterValues.single;
import static vn.nguon.api.epcis.ParameterValues.time;

/**
 * The SimpleEventQuery parameters answered from the event document rather than a column (EPCIS
 * 2.0 section 8.2.7.1): persistent disposition, transformation id, quantities, error
 * declarations, business transactions, sources and destinations, sensor data. Extension, ILMD and
 * inner fields are in {@link FieldParameters}.
 */
final class ConditionParameters {

	/** Sensor report attributes compared for equality, with the objects that carry them. */
	private static final Map<String, Scope> SENSOR_EQ = Map.of("EQ_deviceID", Scope.SENSOR,
			"EQ_dataProcessingMethod", Scope.SENSOR, "EQ_bizRules", Scope.SENSOR, "EQ_microorganism",
			Scope.SENSOR_REPORT, "EQ_chemicalSubstance", Scope.SENSOR_REPORT, "EQ_stringValue", Scope.SENSOR_REPORT,
			"EQ_hexBinaryValue", Scope.SENSOR_REPORT, "EQ_uriValue", Scope.SENSOR_REPORT);

	/** The parameters with fixed names handled here. */
	static final Set<String> NAMES = Set.of("EQ_persistentDisposition_set", "EQ_persistentDisposition_unset",
			"EQ_transformationID", "EQ_quantity", "GT_quantity", "GE_quantity", "LT_quantity", "LE_quantity",
			"EXISTS_errorDeclaration", "GE_errorDeclarationTime", "LT_errorDeclarationTime",
			"GE_errorDeclaration_Time", "LT_errorDeclaration_Time", "EQ_errorReason", "EQ_correctiveEventID",
			"EQ_type", "EQ_deviceID", "EQ_dataProcessingMethod", "EQ_microorganism", "EQ_chemicalSubstance",
			"EQ_bizRules", "EQ_stringValue", "EQ_hexBinaryValue", "EQ_uriValue", "EQ_booleanValue",
			"EXISTS_sensorElementList", "GE_time", "LT_time", "GE_startTime", "LT_startTime", "GE_endTime",
			"LT_endTime", "GT_percRank", "GE_percRank", "LT_percRank", "LE_percRank");

	private static final Pattern TYPED = Pattern.compile("EQ_(bizTransaction|source|destination)_([a-z][a-zA-Z0-9_]+)");

	private static final Pattern UOM = Pattern
		.compile("(EQ|GT|GE|LT|LE)_(quantity|value|minValue|maxValue|meanValue|sDev|percValue)_([A-Z0-9]{2,4})");

	private ConditionParameters() {
	}

	/** @return whether the name is one of these parameters */
	static boolean knows(String name) {
		if (NAMES.contains(name) || TYPED.matcher(name).matches()) {
			return true;
		}
		Matcher uom = UOM.matcher(name);
		return uom.matches() && (!uom.group(1).equals("EQ") || uom.group(2).equals("quantity")
				|| uom.group(2).equals("value"));
	}

	/**
	 * @param params the request parameters
	 * @param name one parameter name, {@link #knows known}
	 * @return its condition, or {@code null} when the name is not one of these parameters (or
	 * {@code EXISTS_errorDeclaration=false}, which does not filter)
	 */
	static FieldCondition parse(MultiValueMap<String, String> params, String name) {
		if (NAMES.contains(name)) {
			return fixed(params, name);
		}
		Matcher typed = TYPED.matcher(name);
		if (typed.matches()) {
			String kind = typed.group(1);
			Scope scope = switch (kind) {
				case "bizTransaction" -> Scope.BIZ_TRANSACTION;
				case "source" -> Scope.SOURCE;
				default -> Scope.DESTINATION;
			};
			List<String> types = cbvForms(List.of(typed.group(2)), kind.equals("bizTransaction") ? "BTT" : "SDT");
			return FieldCondition.of(scope, kind, Op.EQ, List.copyOf(list(params, name))).with("type", types);
		}
		Matcher uom = UOM.matcher(name);
		if (uom.matches()) {
			Op op = Op.valueOf(uom.group(1));
			String field = uom.group(2);
			Scope scope = field.equals("quantity") ? Scope.QUANTITY : Scope.SENSOR_REPORT;
			return compare(params, name, scope, field, op).with("uom", List.of(uom.group(3)));
		}
		return null;
	}

	private static FieldCondition fixed(MultiValueMap<String, String> params, String name) {
		switch (name) {
			case "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset":
				return FieldCondition.of(Scope.PERSISTENT_DISPOSITION, name.endsWith("_set") ? "set" : "unset", Op.EQ,
						List.copyOf(cbvForms(list(params, name), "Disp")));
			case "EQ_transformationID":
				return FieldCondition.of(Scope.EVENT, "transformationID", Op.EQ, List.copyOf(list(params, name)));
			case "EXISTS_errorDeclaration":
				return existsFlag(params, name, "errorDeclaration");
			case "EXISTS_sensorElementList":
				return existsFlag(params, name, "sensorElementList");
			case "GE_errorDeclarationTime", "GE_errorDeclaration_Time":
				return timeBound(params, name, Scope.ERROR_DECLARATION, "declarationTime", Op.GE);
			case "LT_errorDeclarationTime", "LT_errorDeclaration_Time":
				return timeBound(params, name, Scope.ERROR_DECLARATION, "declarationTime", Op.LT);
			case "EQ_errorReason":
				return FieldCondition.of(Scope.ERROR_DECLARATION, "reason", Op.EQ,
						List.copyOf(cbvForms(list(params, name), "ER")));
			case "EQ_correctiveEventID":
				return FieldCondition.of(Scope.ERROR_DECLARATION, "correctiveEventIDs", Op.EQ,
						List.copyOf(list(params, name)));
			case "EQ_type":
				return FieldCondition.of(Scope.SENSOR_REPORT, "type", Op.EQ,
						List.copyOf(measurementForms(list(params, name))));
			case "EQ_booleanValue":
				return FieldCondition.of(Scope.SENSOR_REPORT, "booleanValue", Op.EQ, List.of(bool(params, name)));
			default:
				break;
		}
		if (SENSOR_EQ.containsKey(name)) {
			return FieldCondition.of(SENSOR_EQ.get(name), name.substring(3), Op.EQ, List.copyOf(list(params, name)));
		}
		Op op = Op.valueOf(name.substring(0, 2));
		String field = name.substring(3);
		if (field.equals("quantity")) {
			return compare(params, name, Scope.QUANTITY, field, op);
		}
		if (field.equals("percRank")) {
			return compare(params, name, Scope.SENSOR_REPORT, field, op);
		}
		// GE_/LT_ time, startTime, endTime of sensor metadata and reports
		return timeBound(params, name, Scope.SENSOR, field, op);
	}

	private static FieldCondition compare(MultiValueMap<String, String> params, String name, Scope scope,
			String field, Op op) {
		return FieldCondition.of(scope, field, op, List.of(number(name, single(params, name))));
	}

	private static FieldCondition timeBound(MultiValueMap<String, String> params, String name, Scope scope,
			String field, Op op) {
		return FieldCondition.of(scope, field, op, List.of(time(params, name)));
	}

	/** {@code EXISTS_x}, {@code EXISTS_x=} and {@code EXISTS_x=true} filter (the schema gives them no value); {@code =false} does not. */
	private static FieldCondition existsFlag(MultiValueMap<String, String> params, String name, String field) {
		String v = single(params, name);
		boolean on = v == null || v.isEmpty() || Boolean.TRUE.equals(bool(params, name));
		return on ? FieldCondition.of(Scope.EVENT, field, Op.EXISTS, List.of()) : null;
	}

}
