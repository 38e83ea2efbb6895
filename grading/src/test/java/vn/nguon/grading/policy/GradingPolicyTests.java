package vn.nguon.grading.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import vn.nguon.grading.GradingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GradingPolicyTests {

	private final GradingPolicy policy = GradingPolicy.forProduct("tomato");

	private static List<UnitVerdict> sample(int fresh, int medium, int rotten) {
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < fresh; i++) {
			units.add(UnitVerdict.of("fresh", 0.95));
		}
		for (int i = 0; i < medium; i++) {
			units.add(UnitVerdict.of("medium", 0.95));
		}
		for (int i = 0; i < rotten; i++) {
			units.add(UnitVerdict.of("rotten", 0.95));
		}
		return units;
	}

	@Test
	void whenEveryUnitIsFreshThenExtraWithoutReview() {
		BatchGrade g = this.policy.grade(sample(40, 0, 0));
		assertThat(g.grade()).isEqualTo(GradeClass.EXTRA);
		assertThat(g.needsReview()).isFalse();
		assertThat(g.defectiveShare()).isZero();
		assertThat(g.policyVersion()).isEqualTo("tomato-unece-2026.1");
	}

	@Test
	void whenExactlyFivePercentBelowExtraThenStillExtra() {
		assertThat(this.policy.grade(sample(95, 5, 0)).grade()).isEqualTo(GradeClass.EXTRA);
	}

	@Test
	void whenJustOverFivePercentBelowExtraThenClassI() {
		BatchGrade g = this.policy.grade(sample(94, 6, 0));
		assertThat(g.grade()).isEqualTo(GradeClass.CLASS_I);
		assertThat(g.defectiveShare()).isEqualTo(0.06);
	}

	@Test
	void whenExactlyTenPercentBelowClassIThenStillClassI() {
		assertThat(this.policy.grade(sample(90, 10, 0)).grade()).isEqualTo(GradeClass.CLASS_I);
	}

	@Test
	void whenJustOverTenPercentBelowClassIThenClassII() {
		assertThat(this.policy.grade(sample(89, 11, 0)).grade()).isEqualTo(GradeClass.CLASS_II);
	}

	@Test
	void whenAnyRottenUnitThenNotExtra() {
		assertThat(this.policy.grade(sample(99, 0, 1)).grade()).isEqualTo(GradeClass.CLASS_I);
	}

	@Test
	void whenExactlyOnePercentRottenThenStillClassI() {
		assertThat(this.policy.grade(sample(99, 0, 1)).grade()).isEqualTo(GradeClass.CLASS_I);
		assertThat(this.policy.grade(sample(199, 0, 2)).grade()).isEqualTo(GradeClass.CLASS_I);
	}

	@Test
	void whenJustOverOnePercentRottenThenClassII() {
		assertThat(this.policy.grade(sample(197, 0, 3)).grade()).isEqualTo(GradeClass.CLASS_II);
	}

	@Test
	void whenExactlyTenPercentRottenThenStillClassII() {
		assertThat(this.policy.grade(sample(50, 40, 10)).grade()).isEqualTo(GradeClass.CLASS_II);
	}

	@Test
	void whenJustOverTenPercentRottenThenReject() {
		BatchGrade g = this.policy.grade(sample(50, 39, 11));
		assertThat(g.grade()).isEqualTo(GradeClass.REJECT);
		assertThat(g.defectiveShare()).isEqualTo(0.11);
		assertThat(g.grade().disposition()).isEqualTo("non_conformant");
	}

	@Test
	void whenAllMediumThenClassII() {
		assertThat(this.policy.grade(sample(0, 30, 0)).grade()).isEqualTo(GradeClass.CLASS_II);
	}

	@Test
	void whenSampleSmallerThanMinimumThenNeedsReview() {
		BatchGrade small = this.policy.grade(sample(9, 0, 0));
		assertThat(small.grade()).isEqualTo(GradeClass.EXTRA);
		assertThat(small.reasons()).containsExactly("sample-too-small");
		assertThat(this.policy.grade(sample(10, 0, 0)).needsReview()).isFalse();
	}

	@Test
	void whenSampleIsEmptyThenRejectAndNeedsReview() {
		BatchGrade g = this.policy.grade(List.of());
		assertThat(g.grade()).isEqualTo(GradeClass.REJECT);
		assertThat(g.needsReview()).isTrue();
	}

	@Test
	void whenMoreThanTwentyPercentUncertainThenNeedsReview() {
		List<UnitVerdict> units = new ArrayList<>(sample(16, 0, 0));
		for (int i = 0; i < 4; i++) {
			units.add(UnitVerdict.of("fresh", 0.59));
		}
		assertThat(this.policy.grade(units).needsReview()).isFalse();
		units.set(0, UnitVerdict.of("fresh", 0.5));
		assertThat(this.policy.grade(units).reasons()).containsExactly("low-confidence");
	}

	@Test
	void whenShareSitsNextToATolerenceThenBorderline() {
		// 4 % below Extra: within 2 points of the 5 % tolerance
		assertThat(this.policy.grade(sample(96, 4, 0)).reasons()).containsExactly("borderline");
		// 2 % below Extra: clear
		assertThat(this.policy.grade(sample(98, 2, 0)).needsReview()).isFalse();
		// 6 % below Extra gives Class I, but Extra nearly passed
		assertThat(this.policy.grade(sample(94, 6, 0)).reasons()).containsExactly("borderline");
		// 20 % below Extra is a clear Class II
		assertThat(this.policy.grade(sample(80, 20, 0)).needsReview()).isFalse();
	}

	@Test
	void whenLabelUnknownThenRejected() {
		assertThatThrownBy(() -> this.policy.grade(List.of(UnitVerdict.of("mouldy", 1))))
			.isInstanceOf(GradingException.class)
			.hasFieldOrPropertyWithValue("code", "unknown-label");
	}

	@Test
	void whenPolicyMissingThenNotFound() {
		assertThatThrownBy(() -> GradingPolicy.forProduct("durian")).isInstanceOf(GradingException.class)
			.hasFieldOrPropertyWithValue("code", "policy-not-found");
	}

	@Test
	void whenTolerancesInconsistentThenRejected() {
		assertThatThrownBy(() -> new ClassRule(GradeClass.EXTRA, 0.05, 0.1)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ClassRule(GradeClass.REJECT, 0.1, 0.1)).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void policyRoundTripsThroughJson() {
		assertThat(GradingPolicy.fromJson(this.policy.toJson())).isEqualTo(this.policy);
	}

	@Test
	void moreDefectiveUnitsNeverGiveABetterClass() {
		Random random = new Random(20261125L);
		String[] worse = { "fresh", "medium", "rotten" };
		for (int run = 0; run < 2000; run++) {
			int n = 1 + random.nextInt(120);
			List<UnitVerdict> units = new ArrayList<>();
			for (int i = 0; i < n; i++) {
				units.add(UnitVerdict.of(worse[random.nextInt(3)], random.nextDouble()));
			}
			Collections.shuffle(units, random);
			GradeClass before = this.policy.grade(units).grade();
			// make one unit worse (fresh -> medium or rotten, medium -> rotten)
			int i = random.nextInt(n);
			int level = List.of(worse).indexOf(units.get(i).label());
			if (level == 2) {
				continue;
			}
			int newLevel = level + 1 + random.nextInt(2 - level);
			units.set(i, UnitVerdict.of(worse[newLevel], units.get(i).confidence()));
			GradeClass after = this.policy.grade(units).grade();
			assertThat(after.betterThan(before)).as("run %d: %s then %s", run, before, after).isFalse();
			// adding a rotten unit never helps either
			units.add(UnitVerdict.of("rotten", 0.99));
			assertThat(this.policy.grade(units).grade().betterThan(after)).isFalse();
		}
	}

	private static UnitVerdict soft(double fresh, double medium, double rotten) {
		return UnitVerdict.ofProbabilities(java.util.Map.of("fresh", fresh, "medium", medium, "rotten", rotten));
	}

	@Test
	void confidentFreshPhotosGiveExtraWithHighCertainty() {
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			units.add(soft(0.995, 0.004, 0.001));
		}
		BatchGrade g = this.policy.grade(units);
		assertThat(g.grade()).isEqualTo(GradeClass.EXTRA);
		assertThat(g.certainty()).isGreaterThan(0.9);
		assertThat(g.reasons()).doesNotContain("uncertain-class");
		assertThat(g.defectiveShare()).as("expected share below Extra").isCloseTo(0.005, org.assertj.core.api.Assertions.within(1e-9));
	}

	@Test
	void hesitantPhotosGiveAnUncertainClassThatNeedsReview() {
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			units.add(soft(0.55, 0.35, 0.10));
		}
		BatchGrade g = this.policy.grade(units);
		assertThat(g.certainty()).isLessThan(0.9);
		assertThat(g.needsReview()).isTrue();
		assertThat(g.reasons()).contains("uncertain-class");
	}

	/** Photos that are each a little unsure of "fresh" still make a lot that is mostly fresh; hard votes would say the same. */
	@Test
	void theMajorityLabelWeighsEveryPhotosProbabilities() {
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < 11; i++) {
			units.add(soft(0.45, 0.40, 0.15));
		}
		for (int i = 0; i < 9; i++) {
			units.add(soft(0.05, 0.90, 0.05));
		}
		// hard votes: 11 fresh vs 9 medium; probabilities: about 5.4 fresh vs 12.5 medium
		assertThat(GradingPolicy.majority(units, List.of("fresh", "medium", "rotten"))).isEqualTo("medium");
		List<UnitVerdict> hard = units.stream().map(u -> UnitVerdict.of(u.label(), u.confidence())).toList();
		assertThat(GradingPolicy.majority(hard, List.of("fresh", "medium", "rotten"))).isEqualTo("fresh");
	}

	@Test
	void theSamePhotosAlwaysGiveTheSameGradeAndCertainty() {
		Random random = new Random(5);
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			double a = random.nextDouble();
			double b = random.nextDouble() * (1 - a);
			units.add(soft(a, b, 1 - a - b));
		}
		BatchGrade first = this.policy.grade(units);
		BatchGrade again = this.policy.grade(new ArrayList<>(units));
		assertThat(again).isEqualTo(first);
	}

	@Test
	void aReviewedVerdictCountsWhole() {
		List<UnitVerdict> units = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			units.add(UnitVerdict.reviewed("fresh"));
		}
		BatchGrade g = this.policy.grade(units);
		assertThat(g.grade()).isEqualTo(GradeClass.EXTRA);
		assertThat(g.certainty()).isEqualTo(1.0);
	}

}
