package vn.nguon.grading.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One row of a batch's grade history.
 *
 * @param id grade id
 * @param orgId organisation
 * @param batchId batch
 * @param grade EXTRA, CLASS_I, CLASS_II or REJECT
 * @param needsReview whether it awaits a person
 * @param reasons why it needs review
 * @param sampleSize units graded
 * @param defectiveShare share of units below the class awarded
 * @param policyVersion policy that decided
 * @param modelVersion model(s) of the unit verdicts
 * @param photoIds photos of the sample
 * @param photoSha256 their hashes, same order
 * @param overrides the grade this one corrects, or {@code null}
 * @param reviewedBy the reviewer of an override, or {@code null}
 * @param createdAt when it was decided
 * @param eventId the EPCIS event recording it, once recorded
 * @param certainty probability of the class given the photos' probabilities (1 for a reviewer's grade)
 * @param confirmedBy the reviewer who confirmed this grade as it is, or {@code null}
 */
public record StoredGrade(UUID id, UUID orgId, UUID batchId, String grade, boolean needsReview, List<String> reasons,
		int sampleSize, double defectiveShare, String policyVersion, String modelVersion, List<UUID> photoIds,
		List<String> photoSha256, UUID overrides, String reviewedBy, Instant createdAt, String eventId,
		double certainty, String confirmedBy) {

	public StoredGrade {
		reasons = List.copyOf(reasons);
		photoIds = List.copyOf(photoIds);
		photoSha256 = List.copyOf(photoSha256);
	}

	/** Status of a grade nobody has looked at and the model could not decide alone. */
	public static final String PROVISIONAL = "provisional";

	/** Status of a grade the model decided alone: every photo confident, the class certain enough. */
	public static final String CONFIDENT = "confident";

	/** Status of a grade a person made or confirmed. */
	public static final String REVIEWED = "reviewed";

	/** @return {@code reviewed} (a person made or confirmed it), {@code confident} or {@code provisional} */
	public String status() {
		if (this.reviewedBy != null || this.confirmedBy != null) {
			return REVIEWED;
		}
		return this.needsReview ? PROVISIONAL : CONFIDENT;
	}

	/** @return who made or confirmed it, or {@code null} */
	public String reviewer() {
		return this.reviewedBy != null ? this.reviewedBy : this.confirmedBy;
	}

}
