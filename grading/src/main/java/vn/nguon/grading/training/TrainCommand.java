package vn.nguon.grading.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
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
				double[] losses = MemberTrainer.train(o, spec, model, train, validation, pixels, o.seed() + 1000L * m, m,
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
			float[][][] valLogits = Calibration.logits(spec, o.tta(), manager, validation, pixels, forwards);
			spec = spec.withTemperature(Calibration.temperature(spec, validation, valLogits));
			Metrics val = Calibration.metrics(spec, spec.temperature(), validation, valLogits);
			Metrics held = Calibration.metrics(spec, spec.temperature(), heldOut, Calibration.logits(spec, o.tta(), manager, heldOut, pixels, forwards));
			Metrics heldPlain = Calibration.metrics(spec, spec.temperature(), heldOut, Calibration.logits(spec, 1, manager, heldOut, pixels, forwards));
			Metrics test = Calibration.metrics(spec, spec.temperature(), fileTest, Calibration.logits(spec, o.tta(), manager, fileTest, pixels, forwards));
			progress.report(1, "temperature " + spec.temperature() + "; held-out without TTA: " + heldPlain.summary());
			progress.report(1, "held-out: " + held.summary());
			progress.report(1, "file test: " + test.summary());

			TrainingReport report = new TrainingReport(spec.version(), held, heldPlain, test, val, o, split,
					(System.nanoTime() - started) / 1e9, firstLoss, lastLoss);
			Path dir = o.out().resolve(spec.version());
			List<Block> blocks = models.stream().map(Model::getBlock).toList();
			Ensemble.save(dir, spec, blocks, report.json());
			return new Result(dir, spec, held, test, val, firstLoss, lastLoss);
		}
		finally {
			models.forEach(Model::close);
		}
	}

}
