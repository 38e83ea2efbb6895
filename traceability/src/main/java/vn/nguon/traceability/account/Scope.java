package vn.nguon.traceability.account;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import vn.nguon.traceability.TraceabilityException;

/** The scopes an access token may carry; a browser session has all of them. */
public final class Scope {

	public static final String READ = "read";

	public static final String WRITE = "write";

	public static final String EPCIS = "epcis";

	public static final String GRADING = "grading";

	public static final String ADMIN = "admin";

	/** Every scope, in a stable order. */
	public static final Set<String> ALL = Set.of(READ, WRITE, EPCIS, GRADING, ADMIN);

	private Scope() {
	}

	/**
	 * @param scopes requested scopes
	 * @return the scopes, sorted, when all are known and at least one is given
	 * @throws TraceabilityException {@code invalid-scope} otherwise
	 */
	public static Set<String> validate(Collection<String> scopes) {
		if (scopes == null || scopes.isEmpty()) {
			throw TraceabilityException.invalid("invalid-scope", "Give at least one scope.", "");
		}
		Set<String> sorted = new TreeSet<>();
		for (String scope : scopes) {
			if (scope == null || !ALL.contains(scope)) {
				throw TraceabilityException.invalid("invalid-scope", "Unknown scope: " + scope, scope);
			}
			sorted.add(scope);
		}
		return sorted;
	}

}
