package vn.nguon.grading.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.GradingException;

/**
 * A grading policy for one product, as versioned data (JSON under {@code policies/<product>.json}): the
 * unit level each model label stands for, one {@link ClassRule} per class (best first), the minimum
 * sample size, the confidence below which a unit counts as uncertain, the share of uncertain units that
 * triggers review, and the margin around a tolerance within which a sample is borderline.
 *
 * @param product the product, e.g. {@code tomato}
 * @param version the policy version recorded with each grade
 * @param unitLevels label to unit level, e.g. fresh: EXTRA, medium: CLASS_II, rotten: OUT
 * @param classes rules for Extra, Class I, Class II in this order
 * @param minSampleSize fewer units than this need review
 * @param minConfidence a unit whose confidence is below this is uncertain
 * @param maxUncertainShare more uncertain units than this share need review
 * @param borderlineMargin a share within this distance of a tolerance is borderline
 * @param minCertainty a batch whose class is less probable than this (given its photos' probabilities)
 *     needs review; {@code null} means {@value #DEFAULT_MIN_CERTAINTY}
 * <p>
 * Over 300 lines: the policy's data, its validation when read and the batch-grade computation from it are one
 * versioned contract, recorded with each grade.
 */
public record GradingPolicy(String product, String version, Map<String, UnitLevel> unitLevels,
		List<ClassRule> classes, int minSampleSize, double minConfidence, double maxUncertainShare,
		double borderlineMargin, Double minCertainty) {

	private static final double EPS = 1e-9;

	/** Certainty a batch's class needs when the policy does not say. */
	public static final double DEFAULT_MIN_CERTAINTY = 0.9;

	/** Draws of the photos' labels behind a batch's certainty: its standard error is at most 0.008. */
	static final int DRAWS = 4000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public GradingPolicy {
		Objects.requireNonNull(product, "product");
		if (version == null || !version.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("policy version must be 1..64 of [A-Za-z0-9._-]");
		}
		if (unitLevels == null || unitLevels.isEmpty()) {
			throw new IllegalArgumentException("a policy maps at least one label");
		}
		if (classes == null || classes.size() != 3 || classes.get(0).grade() != GradeClass.EXTRA
				|| classes.get(1).grade() != GradeClass.CLASS_I || classes.get(2).grade() != GradeClass.CLASS_II) {
			throw new IllegalArgumentException("a policy has rules for EXTRA, CLASS_I and CLASS_II in this order");
		}
		if (minSampleSize < 1 || !(minConfidence >= 0 && minConfidence <= 1)
				|| !(maxUncertainShare >= 0 && maxUncertainShare <= 1) || !(borderlineMargin >= 0)) {
			throw new IllegalArgumentException("minSampleSize >= 1, confidence and shares in [0, 1]");
		}
		if (minCertainty == null) {
			minCertainty = DEFAULT_MIN_CERTAINTY;
		}
		if (!(minCertainty >= 0 && minCertainty <= 1)) {
			throw new IllegalArgumentException("minCertainty in [0, 1]");
		}
		unitLevels = Map.copyOf(unitLevels);
		classes = List.copyOf(classes);
	}

	/**
	 * Loads a policy from the class path ({@code policies/<product>.json}).
	 * @param product the product
	 * @return its policy
	 * @throws GradingException {@code policy-not-found} when there is none
	 */
	public static GradingPolicy forProduct(String product) {
		if (!product.matches("[a-z0-9-]{1,40}")) {
			throw new GradingException(GradingException.Kind.NOT_FOUND, "policy-not-found", "No policy for " + product,
					product);
		}
		try (InputStream in = GradingPolicy.class.getClassLoader().getResourceAsStream("policies/" + product + ".json")) {
			if (in == null) {
				throw new GradingException(GradingException.Kind.NOT_FOUND, "policy-not-found",
						"No policy for " + product, product);
			}
			return fromJson(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param json a policy document
	 * @return the policy
	 */
	public static GradingPolicy fromJson(String json) {
		return JSON.readValue(json, GradingPolicy.class);
	}

	/** @return this policy as JSON */
	public String toJson() {
		return JSON.writeValueAsString(this);
	}

	/**
	 * Grades a sample. Each photo weighs every level by its calibrated probability (a hard or reviewed
	 * verdict counts whole): the class awarded is the one most probable given the photos (their labels
	 * drawn {@value #DRAWS} times from their probabilities, with a fixed seed so the same photos always give
	 * the same grade), its probability is the grade's certainty, and the shares come from the expected
	 * counts, so the words shown next to a class are the figures that decided it.
	 * @param units the unit verdicts
	 * @return the batch grade
	 * @throws GradingException {@code unknown-label} for a label the policy does not map
	 */
	public BatchGrade grade(List<UnitVerdict> units) {
		int n = units.size();
		int levels = UnitLevel.values().length;
		double[][] weights = new double[n][];
		double[] expected = new double[levels];
		int uncertain = 0;
		for (int i = 0; i < n; i++) {
			weights[i] = levelWeights(units.get(i));
			for (int l = 0; l < levels; l++) {
				expected[l] += weights[i][l];
			}
			if (units.get(i).confidence() < this.minConfidence) {
				uncertain++;
			}
		}
		List<String> reasons = new ArrayList<>();
		if (n < this.minSampleSize) {
			reasons.add("sample-too-small");
		}
		if (n == 0) {
			return new BatchGrade(GradeClass.REJECT, true, reasons, 0, 0, this.version, 0);
		}
		if ((double) uncertain / n > this.maxUncertainShare + EPS) {
			reasons.add("low-confidence");
		}
		double[] posterior = posterior(weights);
		GradeClass awarded = GradeClass.REJECT;
		for (GradeClass c : GradeClass.values()) {
			// ties go to the worse class
			if (posterior[c.ordinal()] > posterior[awarded.ordinal()] + EPS) {
				awarded = c;
			}
		}
		double certainty = posterior[awarded.ordinal()];
		if (certainty < this.minCertainty - EPS) {
			reasons.add("uncertain-class");
		}
		// with probabilities, nearness to a tolerance is already in the certainty; hard verdicts have none
		boolean hard = units.stream().allMatch(u -> u.probabilities() == null);
		if (hard && isBorderline(awarded, expected, n)) {
			reasons.add("borderline");
		}
		double defective = awarded == GradeClass.REJECT ? expected[UnitLevel.OUT.ordinal()] / n
				: below(expected, UnitLevel.values()[awarded.ordinal()], n);
		return new BatchGrade(awarded, !reasons.isEmpty(), reasons, n, Math.min(1, Math.max(0, defective)),
				this.version, certainty);
	}

	/** The unit's weight on each level: its probabilities summed per level, or all on its label's level. */
	private double[] levelWeights(UnitVerdict u) {
		double[] w = new double[UnitLevel.values().length];
		if (u.probabilities() == null) {
			w[level(u.label()).ordinal()] = 1;
			return w;
		}
		double sum = 0;
		for (Map.Entry<String, Double> e : u.probabilities().entrySet()) {
			double p = Math.max(0, e.getValue());
			w[level(e.getKey()).ordinal()] += p;
			sum += p;
		}
		if (!(sum > 0)) {
			throw new IllegalArgumentException("a verdict's probabilities must not all be zero");
		}
		for (int l = 0; l < w.length; l++) {
			w[l] /= sum;
		}
		return w;
	}

	private UnitLevel level(String label) {
		UnitLevel level = this.unitLevels.get(label);
		if (level == null) {
			throw new GradingException(GradingException.Kind.INVALID, "unknown-label",
					"The policy " + this.version + " does not know the label " + label, label);
		}
		return level;
	}

	/** Probability of each class, from the units' labels drawn from their level weights. */
	private double[] posterior(double[][] weights) {
		int n = weights.length;
		int levels = UnitLevel.values().length;
		double[] p = new double[GradeClass.values().length];
		boolean certain = true;
		for (double[] w : weights) {
			for (double x : w) {
				certain &= x == 0 || x == 1;
			}
		}
		if (certain) {
			double[] counts = new double[levels];
			for (double[] w : weights) {
				for (int l = 0; l < levels; l++) {
					counts[l] += w[l];
				}
			}
			p[classOf(counts, n).ordinal()] = 1;
			return p;
		}
		java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
		double[] counts = new double[levels];
		for (int d = 0; d < DRAWS; d++) {
			java.util.Arrays.fill(counts, 0);
			for (double[] w : weights) {
				double r = random.nextDouble();
				int l = 0;
				while (l < levels - 1 && r >= w[l]) {
					r -= w[l];
					l++;
				}
				counts[l]++;
			}
			p[classOf(counts, n).ordinal()] += 1.0 / DRAWS;
		}
		return p;
	}

	private GradeClass classOf(double[] counts, int n) {
		for (ClassRule rule : this.classes) {
			if (passes(rule, counts, n)) {
				return rule.grade();
			}
		}
		return GradeClass.REJECT;
	}

	private static boolean passes(ClassRule rule, double[] counts, int n) {
		return below(counts, rule.level(), n) <= rule.maxBelow() + EPS
				&& counts[UnitLevel.OUT.ordinal()] / n <= rule.maxOut() + EPS;
	}

	/** Borderline: the awarded class nearly failed, or the next better class nearly passed. */
	private boolean isBorderline(GradeClass awarded, double[] counts, int n) {
		double out = counts[UnitLevel.OUT.ordinal()] / n;
		if (awarded != GradeClass.REJECT) {
			ClassRule rule = this.classes.get(awarded.ordinal());
			double below = below(counts, rule.level(), n);
			if ((below > 0 && below >= rule.maxBelow() - this.borderlineMargin - EPS)
					|| (out > 0 && out >= rule.maxOut() - this.borderlineMargin - EPS)) {
				return true;
			}
		}
		if (awarded != GradeClass.EXTRA) {
			ClassRule better = this.classes.get(awarded.ordinal() - 1);
			double below = below(counts, better.level(), n);
			return below <= better.maxBelow() + this.borderlineMargin + EPS
					&& out <= better.maxOut() + this.borderlineMargin + EPS;
		}
		return false;
	}

	private static double below(double[] counts, UnitLevel level, int n) {
		double c = 0;
		for (int l = level.ordinal() + 1; l < counts.length; l++) {
			c += counts[l];
		}
		return c / n;
	}

	/**
	 * The most probable majority label of a sample (the label most photos truly have), with the same
	 * draws as {@link #grade}: what a buyer asks first of a lot, and what the grading bench checks.
	 * @param units the unit verdicts
	 * @param labels the labels to choose from, in order (ties go to the later, worse one)
	 * @return the most probable majority label, or {@code null} for an empty sample
	 */
	public static String majority(List<UnitVerdict> units, List<String> labels) {
		if (units.isEmpty()) {
			return null;
		}
		int k = labels.size();
		double[][] w = new double[units.size()][k];
		for (int i = 0; i < units.size(); i++) {
			UnitVerdict u = units.get(i);
			if (u.probabilities() == null) {
				w[i][labels.indexOf(u.label())] = 1;
			}
			else {
				double sum = 0;
				for (int j = 0; j < k; j++) {
					w[i][j] = Math.max(0, u.probabilities().getOrDefault(labels.get(j), 0.0));
					sum += w[i][j];
				}
				for (int j = 0; j < k; j++) {
					w[i][j] /= sum;
				}
			}
		}
		java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
		int[] wins = new int[k];
		int[] counts = new int[k];
		for (int d = 0; d < DRAWS; d++) {
			java.util.Arrays.fill(counts, 0);
			for (double[] p : w) {
				double r = random.nextDouble();
				int j = 0;
				while (j < k - 1 && r >= p[j]) {
					r -= p[j];
					j++;
				}
				counts[j]++;
			}
			int best = 0;
			for (int j = 1; j < k; j++) {
				if (counts[j] >= counts[best]) {
					best = j;
				}
			}
			wins[best]++;
		}
		int best = 0;
		for (int j = 1; j < k; j++) {
			if (wins[j] >= wins[best]) {
				best = j;
			}
		}
		return labels.get(best);
	}

}
