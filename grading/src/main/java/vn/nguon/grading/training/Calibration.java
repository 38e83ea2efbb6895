package vn.nguon.grading.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.ModelSpec;
import vn.nguon.grading.model.Preprocessing;

/**
 * The ensemble's output on a set of photos (logits of every member and test-time view), its metrics at a
 * temperature, and the temperature that minimises the validation specimens' negative log-likelihood.
 */
final class Calibration {

	private Calibration() {
	}

	/**
	 * @return the temperature (0.5 to 4, in steps of 0.05, rounded to 0.01) minimising the NLL of the
	 * shipped output (test-time views, ensemble) on {@code validation}
	 */
	static double temperature(ModelSpec spec, List<Sample> validation, float[][][] logits) {
		return minimisingTemperature(0.5, t -> metrics(spec, t, validation, logits).nll());
	}

	/**
	 * @param from the lowest temperature tried
	 * @param nll the negative log-likelihood at a temperature
	 * @return the temperature from {@code from} to 4, in steps of 0.05, with the lowest NLL, rounded to 0.01
	 */
	static double minimisingTemperature(double from, java.util.function.DoubleUnaryOperator nll) {
		double best = 1;
		double bestNll = Double.POSITIVE_INFINITY;
		for (double t = from; t <= 4.0001; t += 0.05) {
			double v = nll.applyAsDouble(t);
			if (v < bestNll) {
				bestNll = v;
				best = t;
			}
		}
		return Math.round(best * 100) / 100.0;
	}

	/** Logits of a set in chunks: {@code [chunk][member*view][row*units]}. */
	static float[][][] logits(ModelSpec spec, int tta, NDManager manager, List<Sample> set, Map<Path, byte[]> pixels,
			List<Function<NDList, NDList>> forwards) {
		Preprocessing pre = spec.preprocessing();
		int chunk = 64;
		int chunks = (set.size() + chunk - 1) / chunk;
		float[][][] out = new float[chunks][][];
		for (int c = 0; c < chunks; c++) {
			int from = c * chunk;
			int n = Math.min(chunk, set.size() - from);
			float[] x = new float[n * pre.tensorLength()];
			for (int i = 0; i < n; i++) {
				pre.normalise(pixels.get(set.get(from + i).file()), x, i * pre.tensorLength());
			}
			out[c] = Ensemble.logits(spec, tta, manager, x, n, forwards);
		}
		return out;
	}

	static Metrics metrics(ModelSpec spec, double temperature, List<Sample> set, float[][][] logits) {
		int[] truth = new int[set.size()];
		double[][] p = new double[set.size()][];
		int row = 0;
		for (float[][] chunk : logits) {
			int n = chunk[0].length / spec.outputs();
			double[][] cp = Ensemble.probabilitiesFromLogits(spec, temperature, chunk, n);
			for (int i = 0; i < n; i++) {
				truth[row] = set.get(row).label();
				p[row] = cp[i];
				row++;
			}
		}
		return Metrics.of(spec.labels(), truth, p);
	}

}
