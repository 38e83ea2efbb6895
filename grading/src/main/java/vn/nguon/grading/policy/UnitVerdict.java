package vn.nguon.grading.policy;

import java.util.Objects;

/**
 * What the policy needs of one unit: its label (model top label or a reviewer's) and the confidence in it.
 *
 * @param label a label of the model, e.g. {@code fresh}
 * @param confidence probability of that label, 0..1 (1 for a reviewer's verdict)
 */
public record UnitVerdict(String label, double confidence) {

	public UnitVerdict {
		Objects.requireNonNull(label, "label");
		if (!(confidence >= 0 && confidence <= 1)) {
			throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
		}
	}

	/**
	 * @param label the label
	 * @param confidence its probability
	 * @return a verdict
	 */
	public static UnitVerdict of(String label, double confidence) {
		return new UnitVerdict(label, confidence);
	}

}
