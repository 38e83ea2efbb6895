package vn.nguon.grading.policy;

import java.util.Objects;

/**
 * Tolerances of one class: a sample gets this class when at most {@code maxBelow} of its units are below
 * the class's level and at most {@code maxOut} meet no class at all.
 *
 * @param grade the class
 * @param maxBelow largest share of units below this class's level (e.g. 0.05 for Extra)
 * @param maxOut largest share of units meeting no class (within {@code maxBelow})
 */
public record ClassRule(GradeClass grade, double maxBelow, double maxOut) {

	public ClassRule {
		Objects.requireNonNull(grade, "grade");
		if (grade == GradeClass.REJECT) {
			throw new IllegalArgumentException("Reject is what is left, it has no rule");
		}
		if (!(maxBelow >= 0 && maxBelow <= 1 && maxOut >= 0 && maxOut <= maxBelow)) {
			throw new IllegalArgumentException("tolerances must satisfy 0 <= maxOut <= maxBelow <= 1");
		}
	}

	/** @return the unit level this class requires */
	public UnitLevel level() {
		return UnitLevel.values()[this.grade.ordinal()];
	}

}
