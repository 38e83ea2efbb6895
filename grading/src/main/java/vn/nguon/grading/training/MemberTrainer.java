package vn.nguon.grading.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.ModelSpec;
import vn.nguon.grading.model.Natives;
import vn.nguon.grading.model.Preprocessing;

/**
 * Trains one member of an ensemble from scratch: augmented mini-batches with the ordinal soft target
 * over the fine grades, a cosine learning rate, and early stopping on the validation specimens (the best
 * epoch's parameters are kept).
 */
final class MemberTrainer {

	private MemberTrainer() {
	}

	static double[] train(TrainOptions o, ModelSpec spec, Model model, List<Sample> train,
			List<Sample> validation, Map<Path, byte[]> pixels, long seed, int member, TrainCommand.Progress progress)
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
				Metrics val = Calibration.metrics(spec, 1.0, validation, Calibration.logits(spec, 1, root, validation, pixels, fw));
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

}
