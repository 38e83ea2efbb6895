package vn.nguon.api.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSource;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import vn.nguon.grading.GradingException;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.epcis.EpcisException;

/**
 * The one place where exceptions become HTTP answers: RFC 9457 {@code application/problem+json}
 * with a stable type, a status chosen here only, and a detail from the message bundles in the
 * caller's language (Vietnamese by default, English by {@code Accept-Language}).
 */
@RestControllerAdvice
@Order(-1) // before Spring Boot's ProblemDetailsExceptionHandler (order 0), which would answer binding errors itself
public class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final MessageSource messages;

	public ProblemHandler(MessageSource messages) {
		this.messages = messages;
	}

	@ExceptionHandler(TraceabilityException.class)
	ResponseEntity<ProblemDetail> traceability(TraceabilityException ex, ServerWebExchange exchange) {
		HttpStatus status = switch (ex.kind()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
		};
		ResponseEntity<ProblemDetail> response = respond(status, ex.code(), ex.getMessage(), ex.args(), exchange);
		if (ex instanceof EpcisException epcis) {
			ProblemDetail pd = Problems.epcis(status, epcis.epcisType(), response.getBody().getDetail());
			pd.setInstance(response.getBody().getInstance());
			pd.setProperty("code", ex.code());
			if (epcis.pointer() != null) {
				pd.setProperty("pointer", epcis.pointer());
			}
			return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
		}
		return response;
	}

	@ExceptionHandler(GradingException.class)
	ResponseEntity<ProblemDetail> grading(GradingException ex, ServerWebExchange exchange) {
		HttpStatus status = switch (ex.kind()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			case BUSY -> HttpStatus.SERVICE_UNAVAILABLE;
		};
		ResponseEntity<ProblemDetail> response = respond(status, ex.code(), ex.getMessage(), ex.args(), exchange);
		if (ex.kind() == GradingException.Kind.BUSY) {
			return ResponseEntity.status(status).headers(response.getHeaders()).header("Retry-After", "1")
				.body(response.getBody());
		}
		return response;
	}

	@ExceptionHandler(WebExchangeBindException.class)
	ResponseEntity<ProblemDetail> binding(WebExchangeBindException ex, ServerWebExchange exchange) {
		List<Map<String, String>> errors = ex.getFieldErrors()
			.stream()
			.map(fe -> Map.of("field", fe.getField(), "message",
					this.messages.getMessage(fe, locale(exchange))))
			.toList();
		String fields = errors.stream().map(e -> e.get("field") + ": " + e.get("message"))
			.collect(java.util.stream.Collectors.joining("; "));
		ResponseEntity<ProblemDetail> response = respond(HttpStatus.BAD_REQUEST, "invalid-input",
				"Some fields of the request are not valid: " + fields + ".", new Object[] { fields }, exchange);
		response.getBody().setProperty("errors", errors);
		return response;
	}

	@ExceptionHandler(DataBufferLimitException.class)
	ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException ex, ServerWebExchange exchange) {
		return respond(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "The request body is too large.",
				new Object[0], exchange);
	}

	@ExceptionHandler(ServerWebInputException.class)
	ResponseEntity<ProblemDetail> input(ServerWebInputException ex, ServerWebExchange exchange) {
		Throwable root = ex.getMostSpecificCause();
		if (root instanceof DataBufferLimitException limit) {
			return tooLarge(limit, exchange);
		}
		String detail = (ex.getCause() instanceof DecodingException) ? "The request body is not valid JSON."
				: ex.getReason() != null ? ex.getReason() : "The request is not valid.";
		return respond(HttpStatus.BAD_REQUEST, "malformed-request", detail, new Object[0], exchange);
	}

	/**
	 * The problem code of each status a {@link ResponseStatusException} may carry: the same code as the
	 * security layer's answer for the same cause ({@code unauthorized}, {@code access-denied},
	 * {@code too-many-requests}); any other client error is {@code http-<status>}, one code per status.
	 */
	public static final Map<Integer, String> STATUS_CODES = Map.ofEntries(Map.entry(400, "bad-request"),
			Map.entry(401, "unauthorized"), Map.entry(403, "access-denied"), Map.entry(404, "not-found"),
			Map.entry(405, "method-not-allowed"), Map.entry(406, "not-acceptable"), Map.entry(409, "conflict"),
			Map.entry(413, "payload-too-large"), Map.entry(415, "unsupported-media-type"),
			Map.entry(429, "too-many-requests"), Map.entry(500, "server-error"), Map.entry(503, "unavailable"));

	@ExceptionHandler(ResponseStatusException.class)
	ResponseEntity<ProblemDetail> status(ResponseStatusException ex, ServerWebExchange exchange) {
		HttpStatusCode status = ex.getStatusCode();
		String code = STATUS_CODES.getOrDefault(status.value(),
				status.is4xxClientError() ? "http-" + status.value() : "server-error");
		String detail = ex.getReason() != null ? ex.getReason() : HttpStatus.valueOf(status.value()).getReasonPhrase();
		ResponseEntity<ProblemDetail> r = respond(status, code, detail, new Object[0], exchange);
		return ResponseEntity.status(status).headers(ex.getHeaders()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(r.getBody());
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex, ServerWebExchange exchange) {
		log.debug("Integrity violation", ex);
		return respond(HttpStatus.CONFLICT, "conflict", "The request conflicts with stored data.", new Object[0],
				exchange);
	}

	@ExceptionHandler({ TransientDataAccessException.class, DataAccessResourceFailureException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> unavailable(Exception ex, ServerWebExchange exchange) {
		return unavailableAnswer(ex, exchange);
	}

	/**
	 * The answer while PostgreSQL cannot be reached (or a transient database failure): 503 with
	 * {@code Retry-After}, so clients back off and retry instead of waiting on a hung request.
	 * @param ex the failure, logged in one line
	 * @param exchange the current exchange
	 * @return the response entity
	 */
	public ResponseEntity<ProblemDetail> unavailableAnswer(Throwable ex, ServerWebExchange exchange) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ResponseEntity<ProblemDetail> r = respond(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The service is temporarily unavailable; try again shortly.", new Object[0], exchange);
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON).body(r.getBody());
	}

	/**
	 * Whether a failure means the database is out of reach: a connection that could not be opened
	 * (refused, timed out, pool exhausted past its acquire timeout), a transaction that could not
	 * begin, or a transient database failure, anywhere in the cause chain.
	 * @param ex the failure
	 * @return true for a database outage
	 */
	public static boolean isDatabaseUnavailable(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
					|| t instanceof CannotCreateTransactionException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Builds the answer for one problem.
	 * @param status HTTP status
	 * @param code stable problem code; the bundle key is {@code problem.<code>}
	 * @param fallback English detail used when the bundles have no entry
	 * @param args message arguments
	 * @param exchange the current exchange, for the caller's locale and the instance URI
	 * @return the response entity
	 */
	public ResponseEntity<ProblemDetail> respond(HttpStatusCode status, String code, String fallback, Object[] args,
			ServerWebExchange exchange) {
		String detail = htmlInert(this.messages.getMessage("problem." + code, args, fallback, locale(exchange)));
		ProblemDetail pd = Problems.of(status, code, detail);
		pd.setInstance(exchange.getRequest().getURI().resolve(exchange.getRequest().getPath().value()));
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

	/**
	 * Details often quote the caller's input back. They are JSON, never HTML, but a client may
	 * still paste them into a page: angle brackets and ampersands become look-alike characters,
	 * and very long quotes are cut, so no reflected markup survives.
	 * @param detail the detail text
	 * @return the text without {@code < > &}, at most 500 characters
	 */
	static String htmlInert(String detail) {
		if (detail == null) {
			return null;
		}
		String inert = detail.replace('<', '\u2039').replace('>', '\u203A').replace('&', '\uFF06');
		return inert.length() > 500 ? inert.substring(0, 497) + "..." : inert;
	}

	static Locale locale(ServerWebExchange exchange) {
		return exchange.getLocaleContext().getLocale() != null ? exchange.getLocaleContext().getLocale()
				: Locale.forLanguageTag("vi");
	}

}
