package vn.nguon.grading.model;

import java.util.List;

/**
 * What a model directory declares about its model ({@code model.json}): everything needed to rebuild,
 * load and run it and to trace a grade back to it.
 *
 * @param version the model version, e.g. {@code tomato-2026.11.25-1}; names every grade it makes
 * @param products the products it grades (e.g. {@code tomato})
 * @param labels the labels it answers, in output order (e.g. fresh, medium, rotten)
 * @param units the fine output units' names (e.g. grades g01..g10); equal to labels for a plain head
 * @param unitLabel for each unit, the index of the label it belongs to
 * @param preprocessing the input preprocessing
 * @param architecture the network
 * @param members parameter file names (without {@code .params}) of the ensemble members
 * @param temperature calibration temperature dividing the logits before the softmax
 * @param tta number of test-time views averaged (1 = none, up to 8 = all flips and transposes)
 * @param datasetSha256 hash of the training data listing and files
 * @param createdAt ISO-8601 instant the model was trained
 * @param reviewThreshold the calibrated confidence at or above which the model decides a photo alone; below
 *     it the photo needs a person. Chosen on specimen-grouped validation photos, never on the photos the
 *     model card reports. {@code null} (older models) means every photo needs review.
 */
public record ModelSpec(String version, List<String> products, List<String> labels, List<String> units,
		List<Integer> unitLabel, Preprocessing preprocessing, Architecture architecture, List<String> members,
		double temperature, int tta, String datasetSha256, String createdAt, Double reviewThreshold) {

	public ModelSpec {
		if (version == null || !version.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("model version must be 1..64 of [A-Za-z0-9._-]: " + version);
		}
		if (labels == null || labels.size() < 2) {
			throw new IllegalArgumentException("a model needs at least two labels");
		}
		if (units == null || unitLabel == null || units.size() != unitLabel.size() || units.size() < labels.size()) {
			throw new IllegalArgumentException("every unit needs a label");
		}
		for (int l : unitLabel) {
			if (l < 0 || l >= labels.size()) {
				throw new IllegalArgumentException("unit label index out of range: " + l);
			}
		}
		if (members == null || members.isEmpty()) {
			throw new IllegalArgumentException("a model needs at least one member");
		}
		if (!(temperature > 0)) {
			throw new IllegalArgumentException("temperature must be positive");
		}
		if (tta < 1 || tta > 8) {
			throw new IllegalArgumentException("tta must be 1..8");
		}
		if (reviewThreshold != null && !(reviewThreshold >= 0 && reviewThreshold <= 1)) {
			throw new IllegalArgumentException("reviewThreshold must be in [0, 1]");
		}
		products = List.copyOf(products == null ? List.of() : products);
		labels = List.copyOf(labels);
		units = List.copyOf(units);
		unitLabel = List.copyOf(unitLabel);
		members = List.copyOf(members);
	}

	/** @return the number of output units (logits) of each member */
	public int outputs() {
		return this.units.size();
	}

	/**
	 * Turns one row of logits into label probabilities: softmax of logits / temperature, summed per label.
	 * @param logits the row, {@link #outputs()} long
	 * @param temperature the temperature to use
	 * @param into label probabilities to add to (length = labels), scaled by {@code weight}
	 * @param weight the weight of this row (1 / number of rows averaged)
	 */
	public void addLabelProbabilities(float[] logits, int offset, double temperature, double[] into, double weight) {
		int n = outputs();
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			max = Math.max(max, logits[offset + i] / temperature);
		}
		double[] e = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			e[i] = Math.exp(logits[offset + i] / temperature - max);
			sum += e[i];
		}
		for (int i = 0; i < n; i++) {
			into[this.unitLabel.get(i)] += weight * e[i] / sum;
		}
	}

	/** @return a copy with another temperature */
	public ModelSpec withTemperature(double t) {
		return new ModelSpec(this.version, this.products, this.labels, this.units, this.unitLabel, this.preprocessing,
				this.architecture, this.members, t, this.tta, this.datasetSha256, this.createdAt, this.reviewThreshold);
	}

	/** @return a copy with another number of test-time views */
	public ModelSpec withTta(int n) {
		return new ModelSpec(this.version, this.products, this.labels, this.units, this.unitLabel, this.preprocessing,
				this.architecture, this.members, this.temperature, n, this.datasetSha256, this.createdAt, this.reviewThreshold);
	}

	/** @return a copy with another review threshold */
	public ModelSpec withReviewThreshold(Double threshold) {
		return new ModelSpec(this.version, this.products, this.labels, this.units, this.unitLabel, this.preprocessing,
				this.architecture, this.members, this.temperature, this.tta, this.datasetSha256, this.createdAt, threshold);
	}

	/**
	 * @param confidence the calibrated probability of the answered label
	 * @return whether a person must look at a photo answered with this confidence
	 */
	public boolean needsReview(double confidence) {
		return this.reviewThreshold == null || !(confidence >= this.reviewThreshold);
	}

	/** @return a copy with another version */
	public ModelSpec withVersion(String v) {
		return new ModelSpec(v, this.products, this.labels, this.units, this.unitLabel, this.preprocessing,
				this.architecture, this.members, this.temperature, this.tta, this.datasetSha256, this.createdAt, this.reviewThreshold);
	}

}
