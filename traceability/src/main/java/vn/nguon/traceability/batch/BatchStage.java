package vn.nguon.traceability.batch;

import java.util.Locale;

/** Where a lot is in its journey, as far as the {@code /api} actions recorded it. */
public enum BatchStage {

	/** Harvested (or made by a transformation) and not yet packed. */
	HARVESTED,
	/** Packed into boxes, crates or pallets. */
	PACKED,
	/** Shipped to the next party. */
	SHIPPED,
	/** Received from the previous party. */
	RECEIVED,
	/** Used up as input of a transformation (split, merge, process). */
	CONSUMED;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static BatchStage of(String code) {
		return valueOf(code.toUpperCase(Locale.ROOT));
	}

}
