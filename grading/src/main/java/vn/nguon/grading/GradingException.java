package vn.nguon.grading;

import java.util.Objects;

/**
 * A rule of grading was broken by the caller's input (an unreadable photo, an unknown model...).
 * Carries a stable {@link #code() code} and a {@link Kind kind} the HTTP layer maps to one status.
 */
public class GradingException extends RuntimeException {

	/** What went wrong, independent of transport. */
	public enum Kind {

		/** The input is malformed or breaks a rule. */
		INVALID,
		/** The thing asked for does not exist. */
		NOT_FOUND,
		/** The input conflicts with the stored state. */
		CONFLICT,
		/** The input exceeds a configured limit. */
		TOO_LARGE,
		/** The content type is not one the service grades. */
		UNSUPPORTED_MEDIA_TYPE,
		/** The grader is saturated for now; the same request may succeed shortly. */
		BUSY

	}

	private final Kind kind;

	private final String code;

	private final transient Object[] args;

	public GradingException(Kind kind, String code, String message, Object... args) {
		super(message);
		this.kind = Objects.requireNonNull(kind);
		this.code = Objects.requireNonNull(code);
		this.args = args;
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
