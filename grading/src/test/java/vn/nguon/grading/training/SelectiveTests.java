package vn.nguon.grading.training;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SelectiveTests {

	// truth, and probabilities (fresh, medium, rotten): the two most confident are right, the third is a
	// fresh photo answered rotten, the rest are right but unsure
	private final int[] truth = { 0, 2, 0, 1, 1, 0 };

	private final double[][] p = { { 0.95, 0.04, 0.01 }, { 0.02, 0.08, 0.90 }, { 0.10, 0.05, 0.85 },
			{ 0.30, 0.60, 0.10 }, { 0.35, 0.55, 0.10 }, { 0.50, 0.40, 0.10 } };

	@Test
	void figuresAtAThreshold() {
		Selective s = Selective.at(this.truth, this.p, 0.85);
		assertThat(s.decided()).isEqualTo(3);
		assertThat(s.correct()).isEqualTo(2);
		assertThat(s.freshRotten()).isEqualTo(1);
		assertThat(s.coverage()).isEqualTo(0.5);
	}

	@Test
	void theChosenThresholdStopsAboveTheFirstFreshRottenAnswer() {
		assertThat(Selective.choose(this.truth, this.p, 0.9, 1)).isEqualTo(0.90);
		assertThat(Selective.choose(this.truth, this.p, 0.9, 3)).as("no threshold decides 3 photos cleanly").isNull();
	}

	@Test
	void theCurveEndsDecidingEveryPhoto() {
		List<Selective> curve = Selective.curve(this.truth, this.p);
		assertThat(curve).hasSize(10);
		assertThat(curve.get(9).coverage()).isEqualTo(1.0);
		assertThat(curve.get(9).accuracy()).isEqualTo(5.0 / 6);
	}

}
