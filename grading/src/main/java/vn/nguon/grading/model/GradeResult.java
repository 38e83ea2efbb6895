package vn.nguon.grading.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The unit verdict of one photo: the top label, the calibrated probability of every label of the model
 * (in the model's label order) and the version of the model that produced it.
 *
 * @param label the most probable label
 * @param probabilities label to probability, summing to 1
 * @param modelVersion the model version
 * @param needsReview true when the model is not sure enough to decide alone: a person looks first
 * @param reviewReasons why a person must look, empty exactly when {@code needsReview} is false:
 *     {@code low-confidence} (below the model's validated threshold, or a model without one) and
 *     {@code not-produce} (the photo does not look like produce: see {@link Appearance})
 */
public record GradeResult(String label, Map<String, Double> probabilities, String modelVersion, boolean needsReview,
		List<String> reviewReasons) {

	/** Review reason of an answer below the model's validated confidence threshold. */
	public static final String LOW_CONFIDENCE = "low-confidence";

	public GradeResult {
		Objects.requireNonNull(label, "label");
		reviewReasons = List.copyOf(reviewReasons);
		if (needsReview == reviewReasons.isEmpty()) {
			throw new IllegalArgumentException("needsReview is true exactly when there are review reasons");
		}
		Objects.requireNonNull(modelVersion, "modelVersion");
		if (probabilities == null || !probabilities.containsKey(label)) {
			throw new IllegalArgumentException("the label must be one of the probabilities");
		}
		double sum = 0;
		for (double p : probabilities.values()) {
			if (!(p >= 0 && p <= 1.0000001)) {
				throw new IllegalArgumentException("probability out of range: " + p);
			}
			sum += p;
		}
		if (Math.abs(sum - 1) > 1e-3) {
			throw new IllegalArgumentException("probabilities must sum to 1, not " + sum);
		}
		probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
	}

	/**
	 * Builds a result from probabilities in label order.
	 * @param labels label names
	 * @param p probabilities, same order
	 * @param modelVersion the model version
	 * @param spec the model, whose review threshold decides {@code needsReview}
	 * @param appearance what the photo looks like; one that is not produce always needs review
	 * @return the result with the arg-max as label
	 */
	public static GradeResult of(List<String> labels, double[] p, String modelVersion, ModelSpec spec,
			Appearance appearance) {
		Map<String, Double> map = new LinkedHashMap<>();
		int best = 0;
		for (int i = 0; i < labels.size(); i++) {
			map.put(labels.get(i), p[i]);
			if (p[i] > p[best]) {
				best = i;
			}
		}
		List<String> reasons = new ArrayList<>(2);
		if (spec.needsReview(p[best])) {
			reasons.add(LOW_CONFIDENCE);
		}
		if (!appearance.looksLikeProduce()) {
			reasons.add(Appearance.NOT_PRODUCE);
		}
		return new GradeResult(labels.get(best), map, modelVersion, !reasons.isEmpty(), reasons);
	}

	/** @return the probability of the top label: the model's confidence */
	public double confidence() {
		return this.probabilities.get(this.label);
	}

}
