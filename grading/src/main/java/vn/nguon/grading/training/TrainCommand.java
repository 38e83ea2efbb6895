package vn.nguon.grading.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.model.Architecture;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.ModelSpec;
import vn.nguon.grading.model.Natives;
import vn.nguon.grading.model.Preprocessing;

/**
 * The {@code train} command: trains a compact CNN (or a small ensemble) from scratch on the labelled
 * photos with the shared {@link Preprocessing}, augmentation, an ordinal auxiliary target over the fine
 * grades, specimen-grouped early stopping and temperature calibration, evaluates it on held-out
 * specimens and on the file-level test split, and writes a model directory.
 *
 * <pre>
 * OPT_OUT_TRACKING=true mvn -pl grading -q exec:java -Dai.djl.offline=true \
 *   -Dexec.mainClass=vn.nguon.grading.training.TrainCommand \
 *   -Dexec.args="--data ../shared/datasets/produce-quality --out target/models --version tomato-1"
 * </pre>
 */
public final class TrainCommand {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Receives progress: a fraction 0..1 and a human line. */
	@FunctionalInterface
	public interface Progress {

		void report(double fraction, String message);

	}

	/**
	 * What a run produced.
	 *
	 * @param directory the model directory
	 * @param spec the model's spec
	 * @param heldOut metrics on the held-out specimens (the honest figure)
	 * @param fileTest metrics on the published file-level test split
	 * @param validation metrics on the validation specimens
	 * @param firstEpochLoss mean training loss of the first epoch
	 * @param lastEpochLoss mean training loss of the last epoch
	 */
	public record Result(Path directory, ModelSpec spec, Metrics heldOut, Metrics fileTest, Metrics validation,
			double firstEpochLoss, double lastEpochLoss) {
	}

	private TrainCommand() {
	}

	public static void main(String[] args) throws Exception {
		TrainOptions options = TrainOptions.parse(args);
		Catalog catalog = Catalog.read(options.data());
		Result r = train(options, catalog,
				(f, m) -> System.out.printf("[%s] %5.1f%% %s%n", Instant.now(), 100 * f, m));
		System.out.println("held-out specimens: " + r.heldOut().summary());
		System.out.println("file-level test:    " + r.fileTest().summary());
		System.out.println("model directory:    " + r.directory().toAbsolutePath());
	}

	/**
	 * Trains, evaluates and writes a model directory.
	 * @param o the options
	 * @param catalog the data
	 * @param progress progress sink
	 * @return the result
	 */
	public static Result train(TrainOptions o, Catalog catalog, Progress progress) throws IOException {
		Natives.engine().setRandomSeed((int) o.seed());
		Preprocessing pre = Preprocessing.of(o.size());
		Architecture arch = new Architecture(o.stemStride(), o.widths(), o.depth(), o.dropout());
		SpecimenSplit split = SpecimenSplit.of(catalog.samples(), o.heldOutShare(), o.validationShare(), o.splitSeed());
		List<Sample> train = new ArrayList<>(split.trainSamples(catalog.samples()));
		if (o.maxTrainSamples() > 0 && train.size() > o.maxTrainSamples()) {
			java.util.Collections.shuffle(train, new Random(o.seed()));
			train = train.subList(0, o.maxTrainSamples());
		}
		List<Sample> validation = split.validationSamples(catalog.samples());
		List<Sample> heldOut = split.heldOutSamples(catalog.samples());
		List<Sample> fileTest = SpecimenSplit.fileTestSamples(catalog.samples());
		progress.report(0, String.format("train %d photos (%d specimens), validation %d (%d), held-out %d (%d), file test %d",
				train.size(), split.train().size(), validation.size(), split.validation().size(), heldOut.size(),
				split.heldOut().size(), fileTest.size()));

		Map<Path, byte[]> pixels = new HashMap<>();
		for (List<Sample> set : List.of(train, validation, heldOut, fileTest)) {
			for (Sample s : set) {
				pixels.computeIfAbsent(s.file(), f -> {
					try {
						return pre.square(Preprocessing.decode(Files.readAllBytes(f)));
					}
					catch (IOException ex) {
						throw new java.io.UncheckedIOException(ex);
					}
				});
			}
		}
		String datasetHash = catalog.sha256();
		List<String> memberNames = new ArrayList<>();
		for (int m = 0; m < o.members(); m++) {
			memberNames.add("member-" + m);
		}
		ModelSpec spec = new ModelSpec(o.version(), List.of("tomato"), Catalog.LABELS, Catalog.UNITS,
				Catalog.UNIT_LABEL, pre, arch, memberNames, 1.0, o.tta(), datasetHash, Instant.now().toString(), null);

		List<Model> models = new ArrayList<>();
		double firstLoss = Double.NaN;
		double lastLoss = Double.NaN;
		long started = System.nanoTime();
		try {
			for (int m = 0; m < o.members(); m++) {
				Model model = Model.newInstance(memberNames.get(m), Natives.ENGINE);
				models.add(model);
				double[] losses = trainMember(o, spec, model, train, validation, pixels, o.seed() + 1000L * m, m,
						progress);
				if (m == 0) {
					firstLoss = losses[0];
					lastLoss = losses[1];
				}
			}
			List<Function<NDList, NDList>> forwards = new ArrayList<>();
			NDManager manager = models.get(0).getNDManager();
			for (Model model : models) {
				ParameterStore ps = new ParameterStore(manager, false);
				forwards.add(in -> model.getBlock().forward(ps, in, false));
			}
			// calibration: the temperature minimising the validation NLL of the shipped (TTA, ensemble) output
			float[][][] valLogits = logits(spec, o.tta(), manager, validation, pixels, forwards);
			double bestT = 1;
			double bestNll = Double.POSITIVE_INFINITY;
			for (double t = 0.5; t <= 4.0001; t += 0.05) {
				double nll = metrics(spec, t, validation, valLogits).nll();
				if (nll < bestNll) {
					bestNll = nll;
					bestT = t;
				}
			}
			spec = spec.withTemperature(Math.round(bestT * 100) / 100.0);
			Metrics val = metrics(spec, spec.temperature(), validation, valLogits);
			Metrics held = metrics(spec, spec.temperature(), heldOut, logits(spec, o.tta(), manager, heldOut, pixels, forwards));
			Metrics heldPlain = metrics(spec, spec.temperature(), heldOut, logits(spec, 1, manager, heldOut, pixels, forwards));
			Metrics test = metrics(spec, spec.temperature(), fileTest, logits(spec, o.tta(), manager, fileTest, pixels, forwards));
			progress.report(1, "temperature " + spec.temperature() + "; held-out without TTA: " + heldPlain.summary());
			progress.report(1, "held-out: " + held.summary());
			progress.report(1, "file test: " + test.summary());

			Map<String, Object> report = new LinkedHashMap<>();
			report.put("version", spec.version());
			report.put("heldOutSpecimens", metricsMap(held));
			report.put("heldOutSpecimensWithoutTta", metricsMap(heldPlain));
			report.put("fileLevelTest", metricsMap(test));
			report.put("validationSpecimens", metricsMap(val));
			report.put("split", Map.of("seed", o.splitSeed(), "heldOutShare", o.heldOutShare(), "validationShare",
					o.validationShare(), "heldOut", new java.util.TreeSet<>(split.heldOut()), "validation",
					new java.util.TreeSet<>(split.validation())));
			report.put("options", optionsMap(o));
			report.put("trainingSeconds", (System.nanoTime() - started) / 1e9);
			report.put("firstEpochLoss", firstLoss);
			report.put("lastEpochLoss", lastLoss);
			Path dir = o.out().resolve(spec.version());
			List<Block> blocks = models.stream().map(Model::getBlock).toList();
			Ensemble.save(dir, spec, blocks, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
			return new Result(dir, spec, held, test, val, firstLoss, lastLoss);
		}
		finally {
			models.forEach(Model::close);
		}
	}

	private static double[] trainMember(TrainOptions o, ModelSpec spec, Model model, List<Sample> train,
			List<Sample> validation, Map<Path, byte[]> pixels, long seed, int member, Progress progress)
			throws IOException {
		Natives.engine().setRandomSeed((int) seed);
		Random random = new Random(seed);
		Preprocessing pre = spec.preprocessing();
		int s = pre.size();
		Block block = spec.architecture().build(spec.outputs());
		model.setBlock(block);
		int batchesPerEpoch = Math.max(1, train.size() / o.batch());
		Optimizer adam = Optimizer.adam()
			.optLearningRateTracker(CosineTracker.builder()
				.setBaseValue(o.learningRate())
				.optFinalValue(o.learningRate() / 100)
				.setMaxUpdates(Math.max(1, o.epochs() * batchesPerEpoch))
				.build())
			.optWeightDecays(o.weightDecay())
			.build();
		DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
		Augmentation aug = new Augmentation(o.maxShift(), o.jitter(), pre.background());
		int units = spec.outputs();
		int labels = spec.labels().size();
		float[] groups = new float[units * labels];
		for (int u = 0; u < units; u++) {
			groups[u * labels + spec.unitLabel().get(u)] = 1;
		}
		double firstLoss = Double.NaN;
		double lastLoss = Double.NaN;
		double bestAcc = -1;
		double bestNll = Double.POSITIVE_INFINITY;
		byte[] best = null;
		int sinceBest = 0;
		try (Trainer trainer = model.newTrainer(config)) {
			trainer.initialize(new Shape(o.batch(), 3, s, s));
			NDManager root = trainer.getManager();
			String checkpoint = System.getProperty("nguon.train.checkpoint");
			if (checkpoint != null) {
				// package or fine-tune a checkpoint written by an earlier (possibly interrupted) run
				best = Files.readAllBytes(Path.of(checkpoint).resolve("member-" + member + ".params"));
				try {
					block.loadParameters(root, new DataInputStream(new ByteArrayInputStream(best)));
					Ensemble.ownParameters(block);
				}
				catch (MalformedModelException ex) {
					throw new IllegalStateException(ex);
				}
				progress.report(0, "started from checkpoint " + checkpoint);
			}
			List<Sample> order = new ArrayList<>(train);
			for (int epoch = 0; epoch < o.epochs(); epoch++) {
				java.util.Collections.shuffle(order, random);
				double lossSum = 0;
				int steps = 0;
				for (int b = 0; b + o.batch() <= order.size(); b += o.batch()) {
					int n = o.batch();
					float[] x = new float[n * pre.tensorLength()];
					float[] soft = new float[n * units];
					float[] onehot = new float[n * labels];
					for (int i = 0; i < n; i++) {
						Sample sm = order.get(b + i);
						pre.normalise(aug.apply(pixels.get(sm.file()), s, random), x, i * pre.tensorLength());
						softTarget(sm, spec, o.gradeSigma(), soft, i * units);
						onehot[i * labels + sm.label()] = 1;
					}
					try (NDManager mgr = root.newSubManager()) {
						NDArray xa = Ensemble.tensor(mgr, x, new Shape(n, 3, s, s));
						NDArray sa = Ensemble.tensor(mgr, soft, new Shape(n, units));
						NDArray oa = Ensemble.tensor(mgr, onehot, new Shape(n, labels));
						NDArray ga = Ensemble.tensor(mgr, groups, new Shape(units, labels));
						try (GradientCollector gc = trainer.newGradientCollector()) {
							NDArray logits = trainer.forward(new NDList(xa)).singletonOrThrow();
							NDArray logp = logits.logSoftmax(1);
							NDArray labelLoss = logp.exp().matMul(ga).add(1e-6f).log().mul(oa).sum(new int[] { 1 }).neg().mean();
							NDArray loss = labelLoss;
							if (o.gradeWeight() > 0) {
								NDArray gradeLoss = sa.mul(logp).sum(new int[] { 1 }).neg().mean();
								loss = labelLoss.add(gradeLoss.mul(o.gradeWeight()));
							}
							gc.backward(loss);
							lossSum += loss.getFloat();
							steps++;
						}
						trainer.step();
					}
				}
				double epochLoss = lossSum / Math.max(1, steps);
				if (epoch == 0) {
					firstLoss = epochLoss;
				}
				lastLoss = epochLoss;
				ParameterStore ps = new ParameterStore(root, false);
				List<Function<NDList, NDList>> fw = List.of(in -> block.forward(ps, in, false));
				Metrics val = metrics(spec, 1.0, validation, logits(spec, 1, root, validation, pixels, fw));
				boolean better = val.accuracy() > bestAcc + 1e-9
						|| (Math.abs(val.accuracy() - bestAcc) < 1e-9 && val.nll() < bestNll);
				if (better) {
					bestAcc = val.accuracy();
					bestNll = val.nll();
					best = saveParameters(block);
					sinceBest = 0;
					Path ckpt = o.out().resolve("checkpoints").resolve(spec.version());
					Files.createDirectories(ckpt);
					Files.write(ckpt.resolve("member-" + member + ".params"), best);
				}
				else {
					sinceBest++;
				}
				progress.report((member + (epoch + 1.0) / o.epochs()) / o.members(), String.format(
						"member %d epoch %d loss %.4f validation acc %.4f nll %.4f minRecall %.4f%s", member, epoch + 1,
						epochLoss, val.accuracy(), val.nll(), val.minRecall(), better ? " (best)" : ""));
				if (sinceBest >= o.patience()) {
					progress.report((member + 1.0) / o.members(), "early stop after epoch " + (epoch + 1));
					break;
				}
			}
		}
		if (best != null) {
			try {
				block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(best)));
				Ensemble.ownParameters(block);
			}
			catch (MalformedModelException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return new double[] { firstLoss, lastLoss };
	}

	private static byte[] saveParameters(Block block) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			block.saveParameters(out);
		}
		return bytes.toByteArray();
	}

	/** Ordinal soft target: a Gaussian over the fine units around the true one (plain one-hot at sigma 0). */
	static void softTarget(Sample s, ModelSpec spec, float sigma, float[] into, int offset) {
		int units = spec.outputs();
		double sum = 0;
		double[] w = new double[units];
		for (int u = 0; u < units; u++) {
			double d = u - s.unit();
			w[u] = sigma <= 0 ? (u == s.unit() ? 1 : 0) : Math.exp(-d * d / (2 * sigma * sigma));
			sum += w[u];
		}
		for (int u = 0; u < units; u++) {
			into[offset + u] = (float) (w[u] / sum);
		}
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

	static Map<String, Object> metricsMap(Metrics m) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("count", m.count());
		map.put("accuracy", m.accuracy());
		map.put("recall", m.recall());
		map.put("confusion", m.confusion());
		map.put("freshRottenConfusion", m.extremeConfusion());
		map.put("ece", m.ece());
		map.put("nll", m.nll());
		return map;
	}

	static Map<String, Object> optionsMap(TrainOptions o) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("size", o.size());
		map.put("widths", o.widths());
		map.put("depth", o.depth());
		map.put("dropout", o.dropout());
		map.put("stemStride", o.stemStride());
		map.put("epochs", o.epochs());
		map.put("patience", o.patience());
		map.put("batch", o.batch());
		map.put("learningRate", o.learningRate());
		map.put("weightDecay", o.weightDecay());
		map.put("gradeWeight", o.gradeWeight());
		map.put("gradeSigma", o.gradeSigma());
		map.put("seed", o.seed());
		map.put("members", o.members());
		map.put("tta", o.tta());
		map.put("maxShift", o.maxShift());
		map.put("jitter", o.jitter());
		return map;
	}

}
