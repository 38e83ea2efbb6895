package vn.nguon.grading.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The unit verdict of one photo, with the reviewer's label when a review overrode it.
 *
 * @param photoId the photo
 * @param batchId its batch
 * @param label the model's top label
 * @param confidence its probability
 * @param probabilities label to probability
 * @param modelVersion the model that graded
 * @param photoSha256 the photo's hash
 * @param reviewedLabel the label of the latest override review, or {@code null}
 * @param createdAt when it was graded
 * @param needsReview whether the model could not decide this photo alone
 * @param reviewReasons why not ({@code low-confidence}, {@code not-produce}), empty when it could
 */
public record StoredVerdict(UUID photoId, UUID batchId, String label, double confidence,
		Map<String, Double> probabilities, String modelVersion, String photoSha256, String reviewedLabel,
		Instant createdAt, boolean needsReview, List<String> reviewReasons) {

	public StoredVerdict {
		reviewReasons = List.copyOf(reviewReasons);
	}

	/** @return the label that counts: the reviewer's, else the model's */
	public String effectiveLabel() {
		return this.reviewedLabel != null ? this.reviewedLabel : this.label;
	}

	/** @return whether a person still has to look: the model could not decide and nobody reviewed it yet */
	public boolean waitsForReview() {
		return this.needsReview && this.reviewedLabel == null;
	}

}
