package vn.nguon.grading.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one training run; every default reproduces the shipped tomato model.
 *
 * @param data the data set folder (with {@code FILES.tsv})
 * @param out where the model directory is written ({@code out/<version>})
 * @param version the version of the new model
 * @param size input side in pixels
 * @param widths channels per stage
 * @param depth convolutions per stage
 * @param dropout dropout before the head
 * @param stemStride stride of the stem convolution
 * @param epochs maximum epochs per member
 * @param patience epochs without validation gain before stopping
 * @param batch mini-batch size
 * @param learningRate Adam base learning rate (cosine decay)
 * @param weightDecay Adam weight decay
 * @param gradeWeight weight of the ordinal grade loss next to the label loss (0 = labels only)
 * @param gradeSigma width (in grades) of the soft ordinal target
 * @param seed seed of initialisation, shuffling and augmentation
 * @param splitSeed seed of the specimen split
 * @param heldOutShare share of specimens held out for the final evaluation
 * @param validationShare share of specimens for early stopping and calibration
 * @param members ensemble members (each with seed + index)
 * @param tta test-time views of the shipped model
 * @param maxTrainSamples cap on training photos (0 = all), for smoke tests
 * @param maxShift augmentation translation in pixels
 * @param jitter augmentation colour jitter
 */
public record TrainOptions(Path data, Path out, String version, int size, List<Integer> widths, int depth,
		float dropout, int stemStride, int epochs, int patience, int batch, float learningRate, float weightDecay,
		float gradeWeight, float gradeSigma, long seed, long splitSeed, double heldOutShare, double validationShare,
		int members, int tta, int maxTrainSamples, int maxShift, float jitter) {

	/**
	 * The defaults of the shipped model.
	 * @param data the data set folder
	 * @param out the output folder
	 * @param version the model version
	 * @return options
	 */
	public static TrainOptions defaults(Path data, Path out, String version) {
		return new TrainOptions(data, out, version, 96, List.of(24, 32, 64, 128, 192), 2, 0.3f, 1, 40, 10, 32,
				0.002f, 0.0005f, 1.0f, 1.0f, 42L, 2026L, 0.2, 0.12, 1, 4, 0, 8, 0.1f);
	}

	/**
	 * Parses {@code --name value} arguments over the defaults.
	 * @param args command line
	 * @return options
	 */
	public static TrainOptions parse(String[] args) {
		java.util.Map<String, String> a = new java.util.HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("expected --name value, got " + args[i]);
			}
			a.put(args[i].substring(2), args[i + 1]);
		}
		TrainOptions d = defaults(Path.of(a.getOrDefault("data", "../shared/datasets/produce-quality")),
				Path.of(a.getOrDefault("out", "target/models")), a.getOrDefault("version", "tomato-dev"));
		List<Integer> widths = d.widths;
		if (a.containsKey("widths")) {
			widths = new ArrayList<>();
			for (String w : a.get("widths").split(",")) {
				widths.add(Integer.parseInt(w.trim()));
			}
		}
		return new TrainOptions(d.data, d.out, d.version, i(a, "size", d.size), widths, i(a, "depth", d.depth),
				f(a, "dropout", d.dropout), i(a, "stem-stride", d.stemStride), i(a, "epochs", d.epochs),
				i(a, "patience", d.patience), i(a, "batch", d.batch), f(a, "lr", d.learningRate),
				f(a, "weight-decay", d.weightDecay), f(a, "grade-weight", d.gradeWeight),
				f(a, "grade-sigma", d.gradeSigma), l(a, "seed", d.seed), l(a, "split-seed", d.splitSeed),
				dd(a, "held-out", d.heldOutShare), dd(a, "validation", d.validationShare), i(a, "members", d.members),
				i(a, "tta", d.tta), i(a, "max-train", d.maxTrainSamples), i(a, "shift", d.maxShift),
				f(a, "jitter", d.jitter));
	}

	private static int i(java.util.Map<String, String> a, String k, int d) {
		return a.containsKey(k) ? Integer.parseInt(a.get(k)) : d;
	}

	private static long l(java.util.Map<String, String> a, String k, long d) {
		return a.containsKey(k) ? Long.parseLong(a.get(k)) : d;
	}

	private static float f(java.util.Map<String, String> a, String k, float d) {
		return a.containsKey(k) ? Float.parseFloat(a.get(k)) : d;
	}

	private static double dd(java.util.Map<String, String> a, String k, double d) {
		return a.containsKey(k) ? Double.parseDouble(a.get(k)) : d;
	}

}
