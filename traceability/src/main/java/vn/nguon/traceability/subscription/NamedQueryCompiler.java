package vn.nguon.traceability.subscription;

import java.util.List;
import java.util.Map;

import vn.nguon.traceability.event.EventQuery;

/**
 * Turns the stored parameters of a named query into an {@link EventQuery}, exactly as
 * {@code GET /epcis/events} reads them (implemented where those parameters are parsed).
 */
public interface NamedQueryCompiler {

	/**
	 * @param params parameter name to values
	 * @param limit most events returned
	 * @return the query
	 * @throws vn.nguon.traceability.epcis.EpcisException (QueryParameterException) for an unknown
	 * parameter or a malformed value
	 */
	EventQuery compile(Map<String, List<String>> params, int limit);

}
