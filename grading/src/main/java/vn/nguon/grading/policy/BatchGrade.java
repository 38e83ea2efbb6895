package vn.nguon.grading.policy;

import java.util.List;
import java.util.Objects;

/**
 * The grade of a batch from its sample.
 *
 * @param grade the class awarded
 * @param needsReview whether a person should look (small sample, low confidence, borderline)
 * @param reasons why review is needed: {@code sample-too-small}, {@code low-confidence}, {@code borderline}
 * @param sampleSize number of units graded
 * @param defectiveShare share of units below the level of the class awarded (for Reject: units meeting
 *        no class)
 * @param policyVersion the version of the policy that decided
 * @param certainty probability that this is the batch's class, given its photos' probabilities (1 when
 *        every verdict is certain, e.g. reviewed)
 */
public record BatchGrade(GradeClass grade, boolean needsReview, List<String> reasons, int sampleSize,
		double defectiveShare, String policyVersion, double certainty) {

	public BatchGrade {
		Objects.requireNonNull(grade, "grade");
		Objects.requireNonNull(policyVersion, "policyVersion");
		reasons = List.copyOf(reasons);
		if (needsReview != !reasons.isEmpty()) {
			throw new IllegalArgumentException("needsReview is true exactly when there are reasons");
		}
		if (!(certainty >= 0 && certainty <= 1 + 1e-9)) {
			throw new IllegalArgumentException("certainty in [0, 1]");
		}
		if (sampleSize < 0 || !(defectiveShare >= 0 && defectiveShare <= 1)) {
			throw new IllegalArgumentException("sampleSize >= 0 and defectiveShare in [0, 1]");
		}
	}

	/**
	 * @param reason a further reason for review
	 * @return this grade, needing review for that reason too
	 */
	public BatchGrade withReason(String reason) {
		if (this.reasons.contains(reason)) {
			return this;
		}
		List<String> more = new java.util.ArrayList<>(this.reasons);
		more.add(reason);
		return new BatchGrade(this.grade, true, more, this.sampleSize, this.defectiveShare, this.policyVersion,
				this.certainty);
	}

}
