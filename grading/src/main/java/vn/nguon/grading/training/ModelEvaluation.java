package vn.nguon.grading.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.Preprocessing;

/**
 * Re-evaluates a saved model on a set of photos, through the same preprocessing and inference path the
 * service uses (used by tests to check the model card, and by promotion).
 */
public final class ModelEvaluation {

	private ModelEvaluation() {
	}

	/**
	 * @param dir a model directory
	 * @param samples the photos
	 * @return the metrics
	 */
	public static Metrics evaluate(Path dir, List<Sample> samples) {
		try (Ensemble e = Ensemble.load(dir)) {
			return evaluate(e, samples);
		}
	}

	/**
	 * @param resourceBase a model directory on the class path, ending with {@code /}
	 * @param samples the photos
	 * @return the metrics
	 */
	public static Metrics evaluateResource(String resourceBase, List<Sample> samples) {
		try (Ensemble e = GraderRegistry.loadResource(resourceBase)) {
			return evaluate(e, samples);
		}
	}

	static Metrics evaluate(Ensemble e, List<Sample> samples) {
		Scored s = score(e, samples);
		return Metrics.of(e.spec().labels(), s.truth(), s.probabilities());
	}

	/**
	 * The true label and the served probabilities of every photo.
	 *
	 * @param truth true label index per photo
	 * @param probabilities calibrated label probabilities per photo, as the service computes them
	 */
	public record Scored(int[] truth, double[][] probabilities) {
	}

	/**
	 * @param e a loaded model
	 * @param samples the photos
	 * @return their true labels and served probabilities
	 */
	public static Scored score(Ensemble e, List<Sample> samples) {
		Preprocessing pre = e.spec().preprocessing();
		int[] truth = new int[samples.size()];
		double[][] p = new double[samples.size()][];
		List<Predictor<NDList, NDList>> predictors = e.newPredictors();
		try {
			int chunk = Integer.getInteger("nguon.eval.batch", 64);
			for (int from = 0; from < samples.size(); from += chunk) {
				int n = Math.min(chunk, samples.size() - from);
				float[] x = new float[n * pre.tensorLength()];
				for (int i = 0; i < n; i++) {
					Sample s = samples.get(from + i);
					pre.normalise(pre.square(Preprocessing.decode(Files.readAllBytes(s.file()))), x, i * pre.tensorLength());
					truth[from + i] = s.label();
				}
				double[][] cp = e.probabilities(predictors, x, n);
				System.arraycopy(cp, 0, p, from, n);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			predictors.forEach(Predictor::close);
		}
		return new Scored(truth, p);
	}

}
