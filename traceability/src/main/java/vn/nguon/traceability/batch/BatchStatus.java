package vn.nguon.traceability.batch;

/** Whether a lot may still be sold: {@code active} or {@code recalled} (stored lowercase, contract 4). */
public enum BatchStatus {

	/** In circulation. */
	ACTIVE,
	/** Recalled: must not be sold; consumer pages show a banner. */
	RECALLED;

	public String code() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public static BatchStatus of(String code) {
		return valueOf(code.toUpperCase(java.util.Locale.ROOT));
	}

}
