package vn.nguon.grading.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Selective answers: the model decides a photo alone only when its calibrated confidence reaches a
 * threshold, and a person looks at the rest. Coverage is the share decided alone, accuracy the share of
 * those that are right, and fresh<->rotten the decided photos whose answer is the opposite extreme.
 *
 * @param threshold the confidence at or above which a photo is decided alone
 * @param decided photos decided alone
 * @param count all photos
 * @param correct decided photos that are right
 * @param freshRotten decided photos of the first or last label answered as the other extreme
 */
public record Selective(double threshold, int decided, int count, int correct, int freshRotten) {

	/** @return share of photos decided alone */
	public double coverage() {
		return this.count == 0 ? 0 : (double) this.decided / this.count;
	}

	/** @return share of the decided photos that are right (1 when none is decided) */
	public double accuracy() {
		return this.decided == 0 ? 1 : (double) this.correct / this.decided;
	}

	/**
	 * @param truth true label per photo
	 * @param p calibrated probabilities per photo
	 * @param threshold the threshold
	 * @return the selective figures at that threshold
	 */
	public static Selective at(int[] truth, double[][] p, double threshold) {
		int decided = 0;
		int correct = 0;
		int extreme = 0;
		int last = p.length == 0 ? 0 : p[0].length - 1;
		for (int i = 0; i < truth.length; i++) {
			int best = argMax(p[i]);
			if (p[i][best] >= threshold) {
				decided++;
				correct += best == truth[i] ? 1 : 0;
				extreme += (truth[i] == 0 && best == last) || (truth[i] == last && best == 0) ? 1 : 0;
			}
		}
		return new Selective(threshold, decided, truth.length, correct, extreme);
	}

	/**
	 * The lowest threshold whose decided photos are at least {@code targetAccuracy} right with no
	 * fresh<->rotten answer among them, deciding at least {@code minDecided} photos: the most photos
	 * decided alone at that quality. Chosen on validation photos, never on the photos a card reports.
	 * @return the threshold, or {@code null} when no threshold reaches the target (every photo needs review)
	 */
	public static Double choose(int[] truth, double[][] p, double targetAccuracy, int minDecided) {
		Integer[] order = order(p);
		int correct = 0;
		int extreme = 0;
		int last = p.length == 0 ? 0 : p[0].length - 1;
		Double best = null;
		for (int k = 0; k < order.length; k++) {
			int i = order[k];
			int answer = argMax(p[i]);
			correct += answer == truth[i] ? 1 : 0;
			extreme += (truth[i] == 0 && answer == last) || (truth[i] == last && answer == 0) ? 1 : 0;
			double conf = p[i][answer];
			boolean tieWithNext = k + 1 < order.length && p[order[k + 1]][argMax(p[order[k + 1]])] == conf;
			if (!tieWithNext && k + 1 >= minDecided && extreme == 0 && (double) correct / (k + 1) >= targetAccuracy) {
				best = conf;
			}
		}
		return best;
	}

	/**
	 * The coverage/accuracy curve: the figures at the thresholds that decide 10 %, 20 %, ... 100 % of photos.
	 */
	public static List<Selective> curve(int[] truth, double[][] p) {
		Integer[] order = order(p);
		List<Selective> out = new ArrayList<>();
		for (int step = 1; step <= 10 && order.length > 0; step++) {
			int k = Math.max(1, (int) Math.round(order.length * step / 10.0));
			double t = p[order[k - 1]][argMax(p[order[k - 1]])];
			out.add(at(truth, p, t));
		}
		return out;
	}

	private static Integer[] order(double[][] p) {
		Integer[] order = new Integer[p.length];
		Arrays.setAll(order, i -> i);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i][argMax(p[i])]).thenComparing(i -> i));
		return order;
	}

	static int argMax(double[] p) {
		int best = 0;
		for (int j = 1; j < p.length; j++) {
			if (p[j] > p[best]) {
				best = j;
			}
		}
		return best;
	}

}
