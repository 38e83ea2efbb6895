package vn.nguon.grading.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation figures of a model on a set of photos.
 *
 * @param count number of photos
 * @param accuracy share of photos whose top label is the true label
 * @param recall per label, the share of its photos predicted as that label
 * @param confusion {@code confusion[true][predicted]} counts
 * @param extremeConfusion share of photos of the first or last label (fresh, rotten) predicted as the
 *        other extreme
 * @param ece expected calibration error of the top probability (15 equal-width bins)
 * @param nll mean negative log-likelihood of the true label
 */
public record Metrics(int count, double accuracy, Map<String, Double> recall, int[][] confusion,
		double extremeConfusion, double ece, double nll) {

	/**
	 * Computes the figures.
	 * @param labels label names in index order
	 * @param truth true label index per photo
	 * @param probabilities label probabilities per photo
	 * @return the metrics
	 */
	public static Metrics of(List<String> labels, int[] truth, double[][] probabilities) {
		int k = labels.size();
		int n = truth.length;
		int[][] confusion = new int[k][k];
		int correct = 0;
		double nll = 0;
		int bins = 15;
		double[] binConf = new double[bins];
		double[] binAcc = new double[bins];
		int[] binCount = new int[bins];
		for (int i = 0; i < n; i++) {
			double[] p = probabilities[i];
			int best = 0;
			for (int j = 1; j < k; j++) {
				if (p[j] > p[best]) {
					best = j;
				}
			}
			confusion[truth[i]][best]++;
			boolean ok = best == truth[i];
			correct += ok ? 1 : 0;
			nll -= Math.log(Math.max(1e-12, p[truth[i]]));
			int b = Math.min(bins - 1, (int) (p[best] * bins));
			binConf[b] += p[best];
			binAcc[b] += ok ? 1 : 0;
			binCount[b]++;
		}
		double ece = 0;
		for (int b = 0; b < bins; b++) {
			if (binCount[b] > 0) {
				ece += Math.abs(binAcc[b] - binConf[b]) / n;
			}
		}
		Map<String, Double> recall = new LinkedHashMap<>();
		for (int t = 0; t < k; t++) {
			int total = 0;
			for (int j = 0; j < k; j++) {
				total += confusion[t][j];
			}
			recall.put(labels.get(t), total == 0 ? Double.NaN : (double) confusion[t][t] / total);
		}
		int extremes = 0;
		for (int j = 0; j < k; j++) {
			extremes += confusion[0][j] + confusion[k - 1][j];
		}
		double extreme = extremes == 0 ? 0 : (double) (confusion[0][k - 1] + confusion[k - 1][0]) / extremes;
		return new Metrics(n, n == 0 ? 0 : (double) correct / n, recall, confusion, extreme, ece, n == 0 ? 0 : nll / n);
	}

	/** @return the smallest per-label recall */
	public double minRecall() {
		return this.recall.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
	}

	/** @return a one-line human summary */
	public String summary() {
		return String.format("n=%d acc=%.4f minRecall=%.4f recall=%s fresh<->rotten=%.4f ece=%.4f nll=%.4f",
				this.count, this.accuracy, minRecall(), this.recall, this.extremeConfusion, this.ece, this.nll);
	}

}
