package vn.nguon.traceability.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition on the master data of a vocabulary-valued field of an event: {@code HASATTR_fieldname}
 * (the field's element has one of the attributes) or {@code EQATTR_fieldname_attrname} (the element's
 * attribute has one of the values), EPCIS 2.0 section 8.2.7.1. Only the fields whose value is a
 * vocabulary element can match: {@code readPoint}, {@code bizLocation}, {@code bizStep},
 * {@code disposition}; a condition on any other field matches no event, as the standard says.
 * Master data is that of the organisation that captured the event.
 *
 * @param field the event field ({@code bizLocation})
 * @param attributes attribute names, prefix expanded ({@code urn:epcglobal:cbv:mda:sst}); one for EQATTR
 * @param values for EQATTR the accepted values (any of them); empty for HASATTR
 */
public record AttributeCondition(String field, List<String> attributes, List<String> values) {

	/** The event fields whose values are vocabulary elements, with the column holding each. */
	static final Map<String, String> COLUMNS = Map.of("readPoint", "e.read_point", "bizLocation", "e.biz_location",
			"bizStep", "e.biz_step", "disposition", "e.disposition");

	public AttributeCondition {
		Objects.requireNonNull(field);
		attributes = List.copyOf(attributes);
		values = List.copyOf(values);
		if (attributes.isEmpty() || (!values.isEmpty() && attributes.size() != 1)) {
			throw new IllegalArgumentException("HASATTR names attributes, EQATTR one attribute and its values");
		}
	}

	/**
	 * @param field the event field
	 * @param attributes the attribute names as written in the query
	 * @return a {@code HASATTR_} condition
	 */
	public static AttributeCondition hasAttribute(String field, List<String> attributes) {
		return new AttributeCondition(field, attributes.stream().map(a -> MasterData.attributeName(a, Map.of())).toList(),
				List.of());
	}

	/**
	 * @param field the event field
	 * @param attribute the attribute name as written in the query
	 * @param values the accepted values
	 * @return an {@code EQATTR_} condition
	 */
	public static AttributeCondition equalAttribute(String field, String attribute, List<String> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("EQATTR needs a value");
		}
		return new AttributeCondition(field, List.of(MasterData.attributeName(attribute, Map.of())), values);
	}

}
