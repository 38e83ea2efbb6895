package vn.nguon.grading.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What the policy needs of one unit: its label (model top label or a reviewer's), the confidence in it
 * and, for a model's verdict, the calibrated probability of every label.
 *
 * @param label a label of the model, e.g. {@code fresh}
 * @param confidence probability of that label, 0..1 (1 for a reviewer's verdict)
 * @param probabilities label to probability, or {@code null} for a hard verdict (the label counts whole)
 */
public record UnitVerdict(String label, double confidence, Map<String, Double> probabilities) {

	public UnitVerdict {
		Objects.requireNonNull(label, "label");
		if (!(confidence >= 0 && confidence <= 1)) {
			throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
		}
		probabilities = probabilities == null ? null : Map.copyOf(probabilities);
	}

	/**
	 * A hard verdict: the label counts whole.
	 * @param label the label
	 * @param confidence its probability
	 * @return a verdict
	 */
	public static UnitVerdict of(String label, double confidence) {
		return new UnitVerdict(label, confidence, null);
	}

	/**
	 * A model's verdict: the batch grade weighs every label by its probability.
	 * @param probabilities label to calibrated probability
	 * @return a verdict whose label is the most probable one
	 */
	public static UnitVerdict ofProbabilities(Map<String, Double> probabilities) {
		Map.Entry<String, Double> best = null;
		for (Map.Entry<String, Double> e : new java.util.TreeMap<>(probabilities).entrySet()) {
			if (best == null || e.getValue() > best.getValue()) {
				best = e;
			}
		}
		if (best == null) {
			throw new IllegalArgumentException("a verdict needs at least one label");
		}
		return new UnitVerdict(best.getKey(), Math.min(1, Math.max(0, best.getValue())), probabilities);
	}

	/**
	 * A reviewer's verdict: certain.
	 * @param label the reviewer's label
	 * @return a verdict
	 */
	public static UnitVerdict reviewed(String label) {
		return new UnitVerdict(label, 1.0, null);
	}

}
