package vn.nguon.traceability.subscription;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.OrgId;

/**
 * A saved query of one organisation.
 *
 * @param org owner
 * @param name unique within the organisation: letters, digits, {@code . _ -}, at most 100
 * @param params the {@code GET /epcis/events} parameters, name to values
 * @param createdAt when saved
 */
public record NamedQuery(OrgId org, String name, Map<String, List<String>> params, Instant createdAt) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	public NamedQuery {
		Objects.requireNonNull(org, "org");
		checkName(name);
		Map<String, List<String>> copy = new LinkedHashMap<>();
		params.forEach((k, v) -> copy.put(k, List.copyOf(v)));
		params = java.util.Collections.unmodifiableMap(copy);
	}

	/**
	 * @param name a query name
	 * @throws TraceabilityException {@code subscription-invalid-query-name} when it is not one
	 */
	public static void checkName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw TraceabilityException.invalid("subscription-invalid-query-name",
					"A query name has 1 to 100 letters, digits, '.', '_' or '-' and starts with a letter or digit, not '"
							+ name + "'.",
					String.valueOf(name));
		}
	}

}
