package vn.nguon.traceability;

import java.util.Objects;

/**
 * A rule of the traceability domain was broken by the caller's input. Carries a stable
 * {@link #code() code} (used for the problem type and the message bundles) and a
 * {@link Kind kind} that the HTTP layer maps to one status; no HTTP types here.
 */
public class TraceabilityException extends RuntimeException {

	/** What went wrong, independent of transport. */
	public enum Kind {

		/** The input is malformed or breaks a rule. */
		INVALID,
		/** The thing asked for does not exist (or is not visible to the caller). */
		NOT_FOUND,
		/** The input conflicts with what is stored. */
		CONFLICT,
		/** The input exceeds an advertised limit. */
		TOO_LARGE

	}

	private final Kind kind;

	private final String code;

	private final transient Object[] args;

	/**
	 * @param kind what went wrong
	 * @param code stable kebab-case code, e.g. {@code invalid-gtin}
	 * @param message English detail for logs and clients without a message bundle entry
	 * @param args arguments for the localized message {@code problem.<code>}
	 */
	public TraceabilityException(Kind kind, String code, String message, Object... args) {
		super(message);
		this.kind = Objects.requireNonNull(kind);
		this.code = Objects.requireNonNull(code);
		this.args = args;
	}

	public static TraceabilityException invalid(String code, String message, Object... args) {
		return new TraceabilityException(Kind.INVALID, code, message, args);
	}

	public static TraceabilityException notFound(String code, String message, Object... args) {
		return new TraceabilityException(Kind.NOT_FOUND, code, message, args);
	}

	public static TraceabilityException conflict(String code, String message, Object... args) {
		return new TraceabilityException(Kind.CONFLICT, code, message, args);
	}

	public Kind kind() {
		return this.kind;
	}

	public String code() {
		return this.code;
	}

	public Object[] args() {
		return this.args;
	}

}
