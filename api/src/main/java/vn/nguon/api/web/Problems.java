package vn.nguon.api.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problem details with stable type URIs. The type of an application problem is
 * {@code /problems/<code>}; EPCIS problems use the EPCIS exception names
 * ({@code epcisException:ValidationException} ...), as the EPCIS 2.0 REST binding asks.
 */
public final class Problems {

	/** Prefix of our own problem type URIs. */
	public static final String TYPE_PREFIX = "/problems/";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
		pd.setType(URI.create(TYPE_PREFIX + code));
		pd.setTitle(HttpStatus.valueOf(status.value()).getReasonPhrase());
		pd.setProperty("code", code);
		return pd;
	}

	public static ProblemDetail epcis(HttpStatusCode status, String epcisExceptionName, String detail) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
		pd.setType(URI.create("epcisException:" + epcisExceptionName));
		pd.setTitle(epcisExceptionName);
		return pd;
	}

	/**
	 * The JSON members of a problem, for code that writes a response itself (web filters, web
	 * exception handlers) instead of going through the message writers.
	 * @param pd the problem
	 * @return {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} and the extra properties
	 */
	public static Map<String, Object> body(ProblemDetail pd) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", pd.getType().toString());
		body.put("title", pd.getTitle());
		body.put("status", pd.getStatus());
		body.put("detail", pd.getDetail());
		if (pd.getInstance() != null) {
			body.put("instance", pd.getInstance().toString());
		}
		if (pd.getProperties() != null) {
			body.putAll(pd.getProperties());
		}
		return body;
	}

}
