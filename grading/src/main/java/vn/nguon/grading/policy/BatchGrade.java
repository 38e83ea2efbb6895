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
 */
public record BatchGrade(GradeClass grade, boolean needsReview, List<String> reasons, int sampleSize,
		double defectiveShare, String policyVersion) {

	public BatchGrade {
		Objects.requireNonNull(grade, "grade");
		Objects.requireNonNull(policyVersion, "policyVersion");
		reasons = List.copyOf(reasons);
		if (needsReview != !reasons.isEmpty()) {
			throw new IllegalArgumentException("needsReview is true exactly when there are reasons");
		}
		if (sampleSize < 0 || !(defectiveShare >= 0 && defectiveShare <= 1)) {
			throw new IllegalArgumentException("sampleSize >= 0 and defectiveShare in [0, 1]");
		}
	}

}
