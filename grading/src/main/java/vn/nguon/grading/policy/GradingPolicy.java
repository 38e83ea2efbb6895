package vn.nguon.grading.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
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
 */
public record GradingPolicy(String product, String version, Map<String, UnitLevel> unitLevels,
		List<ClassRule> classes, int minSampleSize, double minConfidence, double maxUncertainShare,
		double borderlineMargin) {

	private static final double EPS = 1e-9;

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
	 * Grades a sample.
	 * @param units the unit verdicts
	 * @return the batch grade
	 * @throws GradingException {@code unknown-label} for a label the policy does not map
	 */
	public BatchGrade grade(List<UnitVerdict> units) {
		int n = units.size();
		Map<UnitLevel, Integer> counts = new EnumMap<>(UnitLevel.class);
		for (UnitLevel l : UnitLevel.values()) {
			counts.put(l, 0);
		}
		int uncertain = 0;
		for (UnitVerdict u : units) {
			UnitLevel level = this.unitLevels.get(u.label());
			if (level == null) {
				throw new GradingException(GradingException.Kind.INVALID, "unknown-label",
						"The policy " + this.version + " does not know the label " + u.label(), u.label());
			}
			counts.merge(level, 1, Integer::sum);
			if (u.confidence() < this.minConfidence) {
				uncertain++;
			}
		}
		List<String> reasons = new ArrayList<>();
		if (n < this.minSampleSize) {
			reasons.add("sample-too-small");
		}
		if (n == 0) {
			return new BatchGrade(GradeClass.REJECT, true, reasons, 0, 0, this.version);
		}
		if ((double) uncertain / n > this.maxUncertainShare + EPS) {
			reasons.add("low-confidence");
		}
		GradeClass awarded = GradeClass.REJECT;
		for (ClassRule rule : this.classes) {
			if (passes(rule, counts, n)) {
				awarded = rule.grade();
				break;
			}
		}
		if (isBorderline(awarded, counts, n)) {
			reasons.add("borderline");
		}
		double defective = awarded == GradeClass.REJECT ? share(counts, UnitLevel.OUT, n)
				: below(counts, UnitLevel.values()[awarded.ordinal()], n);
		return new BatchGrade(awarded, !reasons.isEmpty(), reasons, n, defective, this.version);
	}

	private boolean passes(ClassRule rule, Map<UnitLevel, Integer> counts, int n) {
		return below(counts, rule.level(), n) <= rule.maxBelow() + EPS
				&& share(counts, UnitLevel.OUT, n) <= rule.maxOut() + EPS;
	}

	/** Borderline: the awarded class nearly failed, or the next better class nearly passed. */
	private boolean isBorderline(GradeClass awarded, Map<UnitLevel, Integer> counts, int n) {
		double out = share(counts, UnitLevel.OUT, n);
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

	private static double below(Map<UnitLevel, Integer> counts, UnitLevel level, int n) {
		int c = 0;
		for (UnitLevel l : UnitLevel.values()) {
			if (l.ordinal() > level.ordinal()) {
				c += counts.get(l);
			}
		}
		return (double) c / n;
	}

	private static double share(Map<UnitLevel, Integer> counts, UnitLevel level, int n) {
		return (double) counts.get(level) / n;
	}

}
