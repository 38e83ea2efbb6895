package vn.nguon.traceability.event;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One condition of an EPCIS query on a field inside the stored event document: the field (by its
 * name, or by namespace and local name for an extension field) within the objects of a
 * {@link Scope}, compared with {@link Op}. Used for every SimpleEventQuery parameter that has no
 * column of its own (persistent disposition, quantities, error declarations, business
 * transactions, sources and destinations, ILMD, extension fields, sensor data).
 *
 * @param scope the objects of the event that carry the field
 * @param name the field name as it is written in the event ({@code transformationID},
 * {@code example:myField}), or {@code null} when {@code namespace} is given
 * @param namespace the namespace of an extension field given by its full name
 * ({@code https://ns.example.com/epcis/} and {@code local}): it matches any prefix the event's
 * {@code @context} binds to that namespace; or {@code null}
 * @param local the local name, with {@code namespace}
 * @param op the comparison
 * @param values for {@link Op#EQ}, the accepted values (any of them; {@link String}, {@link BigDecimal}
 * or {@link Boolean}); for the orderings a single {@link BigDecimal} or {@link Instant}; empty for
 * {@link Op#EXISTS}
 * @param sibling a field of the same object that must also match ({@code uom}, {@code type}), or {@code null}
 * @param siblingValues the accepted values of the sibling
 */
public record FieldCondition(Scope scope, String name, String namespace, String local, Op op, List<Object> values,
		String sibling, List<String> siblingValues) {

	/** What a field name may look like (so it can be quoted in a JSON path). */
	public static final Pattern NAME = Pattern.compile("[A-Za-z@_][A-Za-z0-9_.:-]*");

	public FieldCondition {
		Objects.requireNonNull(scope);
		Objects.requireNonNull(op);
		values = List.copyOf(values);
		siblingValues = siblingValues == null ? List.of() : List.copyOf(siblingValues);
		if ((name == null) == (namespace == null)) {
			throw new IllegalArgumentException("give a name or a namespace and local name");
		}
		for (String n : new String[] { name, local, sibling }) {
			if (n != null && !NAME.matcher(n).matches()) {
				throw new IllegalArgumentException("not a field name: " + n);
			}
		}
		if (namespace != null && local == null) {
			throw new IllegalArgumentException("a namespace needs a local name");
		}
		if (op == Op.EXISTS ? !values.isEmpty() : values.isEmpty()) {
			throw new IllegalArgumentException(op + " with " + values.size() + " values");
		}
		if (op != Op.EQ && op != Op.EXISTS && (values.size() != 1
				|| !(values.get(0) instanceof BigDecimal || values.get(0) instanceof Instant))) {
			throw new IllegalArgumentException(op + " compares with one number or time");
		}
	}

	/**
	 * @param scope where
	 * @param name field name
	 * @param op comparison
	 * @param values values
	 * @return a condition on a field by name, without sibling
	 */
	public static FieldCondition of(Scope scope, String name, Op op, List<Object> values) {
		return new FieldCondition(scope, name, null, null, op, values, null, null);
	}

	/** @return this condition, also requiring {@code field} of the same object to be one of {@code accepted} */
	public FieldCondition with(String field, List<String> accepted) {
		return new FieldCondition(this.scope, this.name, this.namespace, this.local, this.op, this.values, field,
				accepted);
	}

	/** The comparison. */
	public enum Op {

		/** equal to one of the values (for a list field: one of its items is) */
		EQ,
		/** greater than */
		GT,
		/** greater than or equal */
		GE,
		/** less than */
		LT,
		/** less than or equal */
		LE,
		/** present */
		EXISTS

	}

	/**
	 * The objects of an event that a condition looks into, as a SQL/JSON path over the stored
	 * document. The paths are constants: nothing of a request goes into them.
	 */
	public enum Scope {

		/** the event itself (top-level fields) */
		EVENT("$"),
		/** objects nested at any depth within a top-level extension field */
		INNER("$.keyvalue() ? (@.key like_regex \":\").value.** ? (@.type() == \"object\")"),
		/** the ILMD object */
		ILMD("$.ilmd"),
		/** objects nested within a top-level extension field of the ILMD */
		INNER_ILMD("$.ilmd.keyvalue() ? (@.key like_regex \":\").value.** ? (@.type() == \"object\")"),
		/** the error declaration */
		ERROR_DECLARATION("$.errorDeclaration"),
		/** objects nested within an extension field of the error declaration */
		INNER_ERROR_DECLARATION(
				"$.errorDeclaration.keyvalue() ? (@.key like_regex \":\").value.** ? (@.type() == \"object\")"),
		/** the read point */
		READ_POINT("$.readPoint"),
		/** objects nested within an extension field of the read point */
		INNER_READ_POINT("$.readPoint.keyvalue() ? (@.key like_regex \":\").value.** ? (@.type() == \"object\")"),
		/** the business location */
		BIZ_LOCATION("$.bizLocation"),
		/** objects nested within an extension field of the business location */
		INNER_BIZ_LOCATION(
				"$.bizLocation.keyvalue() ? (@.key like_regex \":\").value.** ? (@.type() == \"object\")"),
		/** the persistent disposition */
		PERSISTENT_DISPOSITION("$.persistentDisposition"),
		/** each quantity element (quantityList, childQuantityList, inputQuantityList, outputQuantityList) */
		QUANTITY("$.keyvalue() ? (@.key like_regex \"^(quantityList|childQuantityList|inputQuantityList"
				+ "|outputQuantityList)$\").value[*] ? (@.type() == \"object\")"),
		/** each business transaction */
		BIZ_TRANSACTION("$.bizTransactionList[*]"),
		/** each source */
		SOURCE("$.sourceList[*]"),
		/** each destination */
		DESTINATION("$.destinationList[*]"),
		/** each sensor element */
		SENSOR_ELEMENT("$.sensorElementList[*]"),
		/** objects nested within an extension field of a sensor element */
		INNER_SENSOR_ELEMENT("$.sensorElementList[*].keyvalue() ? (@.key like_regex \":\").value.**"
				+ " ? (@.type() == \"object\")"),
		/** each sensor metadata */
		SENSOR_METADATA("$.sensorElementList[*].sensorMetadata"),
		/** objects nested within an extension field of a sensor metadata */
		INNER_SENSOR_METADATA("$.sensorElementList[*].sensorMetadata.keyvalue() ? (@.key like_regex \":\").value.**"
				+ " ? (@.type() == \"object\")"),
		/** each sensor report */
		SENSOR_REPORT("$.sensorElementList[*].sensorReport[*]"),
		/** objects nested within an extension field of a sensor report */
		INNER_SENSOR_REPORT("$.sensorElementList[*].sensorReport[*].keyvalue() ? (@.key like_regex \":\").value.**"
				+ " ? (@.type() == \"object\")"),
		/** each sensor metadata and each sensor report (attributes both may carry) */
		SENSOR("$.sensorElementList[*].* ? (@.type() == \"object\" || @.type() == \"array\")[*]"
				+ " ? (@.type() == \"object\")");

		private final String path;

		Scope(String path) {
			this.path = path;
		}

		/** @return the SQL/JSON path selecting the objects */
		public String path() {
			return this.path;
		}

	}

}
