package vn.nguon.grading.training;

/**
 * A multinomial logistic regression on standardised features, fitted full-batch with Adam and an L2
 * penalty: the trained part of a model on a frozen backbone. Standardisation is folded into the weights
 * ({@link #foldedWeights}) so the shipped head is one plain linear layer on the raw features.
 */
final class SoftmaxHead {

	private final int classes;

	private final int dimension;

	private final float[] mean;

	private final float[] scale;

	private final double[][] w;

	private final double[] b;

	private SoftmaxHead(int classes, float[] mean, float[] scale, double[][] w, double[] b) {
		this.classes = classes;
		this.dimension = mean.length;
		this.mean = mean;
		this.scale = scale;
		this.w = w;
		this.b = b;
	}

	/**
	 * Fits the head.
	 * @param x features, one row per training example
	 * @param target target distribution per example ({@code classes} values summing to 1)
	 * @param weight weight of each example (e.g. to balance classes), or {@code null}
	 * @param l2 penalty on the weights (on standardised features)
	 * @param iterations Adam steps
	 * @return the fitted head
	 */
	static SoftmaxHead fit(float[][] x, double[][] target, double[] weight, double l2, int iterations) {
		int n = x.length;
		int d = x[0].length;
		int k = target[0].length;
		float[] mean = new float[d];
		float[] scale = new float[d];
		for (float[] row : x) {
			for (int j = 0; j < d; j++) {
				mean[j] += row[j] / n;
			}
		}
		for (float[] row : x) {
			for (int j = 0; j < d; j++) {
				double c = row[j] - mean[j];
				scale[j] += (float) (c * c / n);
			}
		}
		for (int j = 0; j < d; j++) {
			scale[j] = (float) (1 / Math.sqrt(scale[j] + 1e-6));
		}
		float[][] z = new float[n][d];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < d; j++) {
				z[i][j] = (x[i][j] - mean[j]) * scale[j];
			}
		}
		double total = 0;
		double[] ew = new double[n];
		for (int i = 0; i < n; i++) {
			ew[i] = weight == null ? 1 : weight[i];
			total += ew[i];
		}
		double[][] w = new double[k][d];
		double[] b = new double[k];
		double[][] mw = new double[k][d];
		double[][] vw = new double[k][d];
		double[] mb = new double[k];
		double[] vb = new double[k];
		double lr = 0.01;
		double beta1 = 0.9;
		double beta2 = 0.999;
		double[] logits = new double[k];
		for (int it = 1; it <= iterations; it++) {
			double[][] gw = new double[k][d];
			double[] gb = new double[k];
			for (int i = 0; i < n; i++) {
				softmax(z[i], w, b, logits);
				for (int c = 0; c < k; c++) {
					double g = (logits[c] - target[i][c]) * ew[i] / total;
					if (g == 0) {
						continue;
					}
					gb[c] += g;
					double[] gc = gw[c];
					float[] zi = z[i];
					for (int j = 0; j < d; j++) {
						gc[j] += g * zi[j];
					}
				}
			}
			double c1 = 1 - Math.pow(beta1, it);
			double c2 = 1 - Math.pow(beta2, it);
			double rate = lr * (0.5 + 0.5 * Math.cos(Math.PI * it / iterations)) + 1e-4;
			for (int c = 0; c < k; c++) {
				for (int j = 0; j < d; j++) {
					double g = gw[c][j] + l2 * w[c][j];
					mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
					vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
					w[c][j] -= rate * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + 1e-8);
				}
				mb[c] = beta1 * mb[c] + (1 - beta1) * gb[c];
				vb[c] = beta2 * vb[c] + (1 - beta2) * gb[c] * gb[c];
				b[c] -= rate * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
			}
		}
		return new SoftmaxHead(k, mean, scale, w, b);
	}

	private static void softmax(float[] z, double[][] w, double[] b, double[] out) {
		double max = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < out.length; c++) {
			double s = b[c];
			double[] wc = w[c];
			for (int j = 0; j < z.length; j++) {
				s += wc[j] * z[j];
			}
			out[c] = s;
			max = Math.max(max, s);
		}
		double sum = 0;
		for (int c = 0; c < out.length; c++) {
			out[c] = Math.exp(out[c] - max);
			sum += out[c];
		}
		for (int c = 0; c < out.length; c++) {
			out[c] /= sum;
		}
	}

	/**
	 * @param x raw features
	 * @return the logits
	 */
	float[] logits(float[] x) {
		float[] out = new float[this.classes];
		for (int c = 0; c < this.classes; c++) {
			double s = this.b[c];
			for (int j = 0; j < this.dimension; j++) {
				s += this.w[c][j] * (x[j] - this.mean[j]) * this.scale[j];
			}
			out[c] = (float) s;
		}
		return out;
	}

	/** @return the weights on raw features, {@code [classes * dimension]} row-major (DJL's Linear layout) */
	float[] foldedWeights() {
		float[] out = new float[this.classes * this.dimension];
		for (int c = 0; c < this.classes; c++) {
			for (int j = 0; j < this.dimension; j++) {
				out[c * this.dimension + j] = (float) (this.w[c][j] * this.scale[j]);
			}
		}
		return out;
	}

	/** @return the bias on raw features */
	float[] foldedBias() {
		float[] out = new float[this.classes];
		for (int c = 0; c < this.classes; c++) {
			double s = this.b[c];
			for (int j = 0; j < this.dimension; j++) {
				s -= this.w[c][j] * this.scale[j] * this.mean[j];
			}
			out[c] = (float) s;
		}
		return out;
	}

	/** @return the number of classes */
	int classes() {
		return this.classes;
	}

	/** @return the number of features */
	int dimension() {
		return this.dimension;
	}

}
