package vn.nguon.traceability.epcis;

import java.util.Objects;

import vn.nguon.traceability.TraceabilityException;

/**
 * A failure the EPCIS 2.0 REST binding names with one of its exception types
 * ({@code ValidationException}, {@code QueryParameterException}, {@code NoSuchResourceException},
 * {@code CaptureLimitExceededException}, ...). The HTTP layer renders the type as
 * {@code epcisException:<type>}; no HTTP types here.
 */
public class EpcisException extends TraceabilityException {

	/** The EPCIS exception types this service raises. */
	public enum Type {

		/** The document or event breaks the EPCIS/CBV rules or the JSON schema. */
		ValidationException(Kind.INVALID),
		/** A query parameter is unknown or malformed. */
		QueryParameterException(Kind.INVALID),
		/** The event, capture job or other resource does not exist for the caller. */
		NoSuchResourceException(Kind.NOT_FOUND),
		/** The document has more events or bytes than advertised. */
		CaptureLimitExceededException(Kind.TOO_LARGE),
		/** The query would return more than the service allows. */
		QueryTooLargeException(Kind.TOO_LARGE),
		/** The input conflicts with stored events (same eventID, other content; a genealogy cycle). */
		ImplementationException(Kind.CONFLICT);

		private final Kind kind;

		Type(Kind kind) {
			this.kind = kind;
		}

		public Kind kind() {
			return this.kind;
		}

	}

	private final Type type;

	private String pointer;

	/**
	 * @param type the EPCIS exception type
	 * @param kind what went wrong (drives the HTTP status)
	 * @param code stable kebab-case code for the message bundles
	 * @param message English detail
	 * @param args message arguments
	 */
	public EpcisException(Type type, Kind kind, String code, String message, Object... args) {
		super(kind, code, message, args);
		this.type = Objects.requireNonNull(type);
	}

	public static EpcisException validation(String code, String message, Object... args) {
		return new EpcisException(Type.ValidationException, Kind.INVALID, code, message, args);
	}

	public static EpcisException queryParameter(String code, String message, Object... args) {
		return new EpcisException(Type.QueryParameterException, Kind.INVALID, code, message, args);
	}

	public static EpcisException noSuchResource(String code, String message, Object... args) {
		return new EpcisException(Type.NoSuchResourceException, Kind.NOT_FOUND, code, message, args);
	}

	public static EpcisException captureLimit(String code, String message, Object... args) {
		return new EpcisException(Type.CaptureLimitExceededException, Kind.TOO_LARGE, code, message, args);
	}

	public static EpcisException queryTooLarge(String code, String message, Object... args) {
		return new EpcisException(Type.QueryTooLargeException, Kind.TOO_LARGE, code, message, args);
	}

	/** A conflict with stored data, reported as a validation failure of the input (409). */
	public static EpcisException conflict(String code, String message, Object... args) {
		return new EpcisException(Type.ValidationException, Kind.CONFLICT, code, message, args);
	}

	/**
	 * @param jsonPointer the RFC 6901 pointer of the offending value in the request body
	 * @return this exception, naming it
	 */
	public EpcisException at(String jsonPointer) {
		this.pointer = jsonPointer;
		return this;
	}

	/** @return the JSON pointer of the offending value, or {@code null} */
	public String pointer() {
		return this.pointer;
	}

	/** @return the EPCIS exception type name, e.g. {@code ValidationException} */
	public String epcisType() {
		return this.type.name();
	}

}
