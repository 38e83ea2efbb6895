package vn.nguon.grading.live;

import java.util.Locale;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One write to grading's tables, as announced by the {@code nguon_grading} trigger: which rows, never
 * their content. Everything but {@link Kind#RESYNC} names its organisation; consumers must filter by it.
 *
 * @param id the change's number (increasing; {@code 0} for a resync)
 * @param kind what was written
 * @param orgId the organisation whose rows changed ({@code null} for a resync)
 * @param batchId the batch ({@code null} for a resync)
 * @param photoId the photo of a verdict or of a unit review, else {@code null}
 * @param gradeId the new grade, or the grade a batch review is about, else {@code null}
 * @param reviewId the review, else {@code null}
 * @param needsReview for a grade: whether it waits for a person, else {@code null}
 */
public record GradingChange(long id, Kind kind, UUID orgId, UUID batchId, UUID photoId, UUID gradeId, UUID reviewId,
		Boolean needsReview) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final GradingChange RESYNC = new GradingChange(0, Kind.RESYNC, null, null, null, null, null, null);

	public GradingChange {
		if (kind == null) {
			throw new IllegalArgumentException("A change has a kind");
		}
		if (kind != Kind.RESYNC && (orgId == null || batchId == null)) {
			throw new IllegalArgumentException("A " + kind.wireName() + " change names its organisation and batch");
		}
	}

	/**
	 * @return the change telling listeners that notifications may have been missed (the listening
	 * connection was lost and is back): whatever they show should be read again
	 */
	public static GradingChange resync() {
		return RESYNC;
	}

	/**
	 * @param payload the JSON payload the trigger sent
	 * @return the change it describes
	 * @throws IllegalArgumentException when the payload is not one the trigger writes
	 */
	public static GradingChange parse(String payload) {
		JsonNode n;
		try {
			n = JSON.readTree(payload);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Not a grading change: " + payload, ex);
		}
		return new GradingChange(n.path("id").asLong(), Kind.of(n.path("kind").asString()), uuid(n, "org"),
				uuid(n, "batch"), uuid(n, "photo"), uuid(n, "grade"), uuid(n, "review"),
				n.path("needsReview").isBoolean() ? n.path("needsReview").asBoolean() : null);
	}

	private static UUID uuid(JsonNode n, String field) {
		JsonNode v = n.path(field);
		return v.isString() ? UUID.fromString(v.asString()) : null;
	}

	/** What was written. */
	public enum Kind {

		/** A unit verdict of one photo was stored. */
		VERDICT,
		/** A batch got a new grade (the model's, or a reviewer's override). */
		GRADE,
		/** A review of a unit verdict or of a batch grade was recorded. */
		REVIEW,
		/** Changes may have been missed: read again. */
		RESYNC;

		/** @return the lower-case name used in payloads and event names */
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static Kind of(String wireName) {
			for (Kind k : values()) {
				if (k.wireName().equals(wireName)) {
					return k;
				}
			}
			throw new IllegalArgumentException("Unknown kind of grading change: " + wireName);
		}

	}

}
