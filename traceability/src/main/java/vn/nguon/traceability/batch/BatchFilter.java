package vn.nguon.traceability.batch;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import vn.nguon.traceability.TraceabilityException;

/**
 * Filters and paging of the batch list. Every field but paging is optional.
 *
 * @param productId only this product
 * @param farmId only this farm
 * @param from harvested on or after
 * @param to harvested on or before
 * @param status {@code active}, {@code recalled}, or a stage ({@code harvested, packed, shipped, received, consumed})
 * @param q free text, matched against lot code, field, product and farm names
 * @param page zero-based page
 * @param size page size, 1 to 200
 * @param withinFarms only batches of these farms ({@code null}: every farm of the organisation;
 * a farmer's list is limited to the farms assigned to them)
 */
public record BatchFilter(UUID productId, UUID farmId, LocalDate from, LocalDate to, String status, String q, int page,
		int size, Set<UUID> withinFarms) {

	/** A filter over every farm of the organisation. */
	public BatchFilter(UUID productId, UUID farmId, LocalDate from, LocalDate to, String status, String q, int page,
			int size) {
		this(productId, farmId, from, to, status, q, page, size, null);
	}

	/** @return this filter, limited to the farms given ({@code null}: no limit) */
	public BatchFilter withinFarms(Set<UUID> farms) {
		return new BatchFilter(this.productId, this.farmId, this.from, this.to, this.status, this.q, this.page, this.size,
				farms);
	}

	public BatchFilter {
		withinFarms = withinFarms == null ? null : Set.copyOf(withinFarms);
		if (page < 0) {
			throw TraceabilityException.invalid("invalid-page", "The page is 0 or more", page);
		}
		if (size < 1 || size > 200) {
			throw TraceabilityException.invalid("invalid-page-size", "The page size is 1 to 200", size);
		}
		if (from != null && to != null && from.isAfter(to)) {
			throw TraceabilityException.invalid("invalid-date-range", "'from' is after 'to'", from, to);
		}
		status = status == null || status.isBlank() ? null : status.strip().toLowerCase(Locale.ROOT);
		if (status != null && !isStatus(status) && !isStage(status)) {
			throw TraceabilityException.invalid("invalid-status",
					"Unknown status '" + status + "'; use active, recalled, harvested, packed, shipped, received or consumed",
					status);
		}
		q = q == null || q.isBlank() ? null : q.strip();
		if (q != null && q.length() > 100) {
			throw TraceabilityException.invalid("text-too-long", "The search text has more than 100 characters", "q", 100);
		}
	}

	/** @return the first page of 50 with no filter */
	public static BatchFilter all() {
		return new BatchFilter(null, null, null, null, null, null, 0, 50);
	}

	static boolean isStatus(String s) {
		return "active".equals(s) || "recalled".equals(s);
	}

	static boolean isStage(String s) {
		for (BatchStage st : BatchStage.values()) {
			if (st.code().equals(s)) {
				return true;
			}
		}
		return false;
	}

}
