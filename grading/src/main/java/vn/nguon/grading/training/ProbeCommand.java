package vn.nguon.grading.training;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.model.Architecture;
import vn.nguon.grading.model.Backbone;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.ModelSpec;
import vn.nguon.grading.model.Natives;
import vn.nguon.grading.model.Preprocessing;

/**
 * Trains a model on a pretrained, frozen backbone: the backbone's features of every photo (up to eight
 * flip/transpose views, cached), a softmax head with each view a training row of its own (a photo is
 * graded one view at a time, its views' probabilities averaged), the temperature and the
 * review threshold on the validation specimens, and the figures of the held-out specimens, which nothing
 * was chosen on. Writes a model directory like {@link TrainCommand} does (one member: backbone + linear
 * head), so the same {@link Ensemble} serves it.
 * <p>
 * {@code java ... ProbeCommand data=<produce-quality> out=<dir> version=<v> [cache=<file>] [explore=true]
 * [l2=0.01] [units=grades|labels] [sigma=0] [tta=2] [size=224] [fit=crop|pad] [views=8] [folds=5]}; {@code explore=true} prints the
 * validation and held-out figures of every head setting instead of writing a model, {@code folds=k} the
 * figures of k-fold cross-validation grouped by tomato over the whole data set.
 * <p>
 * Over 300 lines: a command-line experiment driver (features, head, cross-validation, exploration), never
 * loaded by the service.
 */
public final class ProbeCommand {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The split the shipped models use (seed, shares), as {@link TrainOptions#defaults}. */
	static final long SPLIT_SEED = 2026;

	static final double HELD_OUT_SHARE = 0.2;

	static final double VALIDATION_SHARE = 0.12;

	private ProbeCommand() {
	}

	/** Head settings. */
	record Head(String units, double l2, double sigma, int iterations) {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			if (eq < 1) {
				throw new IllegalArgumentException("arguments are key=value: " + arg);
			}
			a.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		Path data = Path.of(a.getOrDefault("data", "../shared/datasets/produce-quality"));
		Path out = Path.of(a.getOrDefault("out", "target/models"));
		String version = a.getOrDefault("version", "tomato-probe");
		Path cache = a.containsKey("cache") ? Path.of(a.get("cache")) : null;
		int tta = Integer.parseInt(a.getOrDefault("tta", "2"));
		int size = Integer.parseInt(a.getOrDefault("size", "224"));
		TrainCommand.Progress progress = (f, m) -> System.out.printf("[%s] %5.1f%% %s%n", Instant.now(), 100 * f, m);
		Catalog catalog = Catalog.read(data);
		Run run = Run.prepare(catalog, Backbone.named(a.getOrDefault("backbone", Backbone.MOBILENET_V2_140)), size,
				a.getOrDefault("fit", Preprocessing.CROP), Integer.parseInt(a.getOrDefault("views", "8")), cache, progress);
		if (Boolean.parseBoolean(a.getOrDefault("explore", "false"))) {
			run.explore(tta, progress);
			return;
		}
		Head head = new Head(a.getOrDefault("units", "grades"), Double.parseDouble(a.getOrDefault("l2", "0.01")),
				Double.parseDouble(a.getOrDefault("sigma", "0")), Integer.parseInt(a.getOrDefault("iterations", "300")));
		if (a.containsKey("folds")) {
			run.crossValidate(catalog.samples(), Integer.parseInt(a.get("folds")), head, tta, progress);
			return;
		}
		Path dir = run.write(out, version, head, tta, catalog.sha256(), progress);
		System.out.println("model directory: " + dir.toAbsolutePath());
	}

	/** The data, split and features of one training run. */
	static final class Run {

		final Backbone backbone;

		final Preprocessing pre;

		final SpecimenSplit split;

		final List<Sample> train;

		final List<Sample> validation;

		final List<Sample> heldOut;

		final List<Sample> fileTest;

		final ProbeFeatures features;

		private Run(Backbone backbone, Preprocessing pre, SpecimenSplit split, List<Sample> all, ProbeFeatures features) {
			this.backbone = backbone;
			this.pre = pre;
			this.split = split;
			this.train = split.trainSamples(all);
			this.validation = split.validationSamples(all);
			this.heldOut = split.heldOutSamples(all);
			this.fileTest = SpecimenSplit.fileTestSamples(all);
			this.features = features;
		}

		static Run prepare(Catalog catalog, Backbone backbone, int size, String fit, int views, Path cache,
				TrainCommand.Progress progress) throws IOException {
			// the backbone's own input scaling: RGB / 255 * 2 - 1
			Preprocessing pre = new Preprocessing(size, new float[] { 0.5f, 0.5f, 0.5f },
					new float[] { 0.5f, 0.5f, 0.5f }, 0xFFFFFF, fit);
			SpecimenSplit split = SpecimenSplit.of(catalog.samples(), HELD_OUT_SHARE, VALIDATION_SHARE, SPLIT_SEED);
			ProbeFeatures f = ProbeFeatures.compute(backbone, pre, catalog.samples(), views, cache, progress);
			return new Run(backbone, pre, split, catalog.samples(), f);
		}

		ModelSpec spec(String version, Head head, int tta, String datasetSha256) {
			boolean grades = "grades".equals(head.units());
			return new ModelSpec(version, List.of("tomato"), Catalog.LABELS, grades ? Catalog.UNITS : Catalog.LABELS,
					grades ? Catalog.UNIT_LABEL : List.of(0, 1, 2), this.pre,
					Architecture.onBackbone(this.backbone.name(), 0f), List.of("member-0"), 1.0, tta, datasetSha256,
					Instant.now().toString(), null);
		}

		SoftmaxHead fit(ModelSpec spec, Head head, List<Sample> set) {
			int units = spec.outputs();
			// every view of a photo is a row of its own, as it is graded one view at a time
			int views = this.features.views();
			float[][] x = new float[set.size() * views][];
			double[][] t = new double[x.length][units];
			double[] weight = new double[x.length];
			int[] perLabel = new int[spec.labels().size()];
			for (Sample s : set) {
				perLabel[s.label()]++;
			}
			float[] target = new float[units];
			for (int i = 0; i < set.size(); i++) {
				Sample s = set.get(i);
				float[][] f = this.features.of(s);
				if (units != spec.labels().size()) {
					MemberTrainer.softTarget(s, spec, (float) head.sigma(), target, 0);
				}
				for (int v = 0; v < views; v++) {
					int row = i * views + v;
					x[row] = f[v];
					for (int u = 0; u < units; u++) {
						t[row][u] = units == spec.labels().size() ? (u == s.label() ? 1 : 0) : target[u];
					}
					// every label weighs the same in the loss, whatever its share of the photos
					weight[row] = (double) set.size() / (perLabel.length * perLabel[s.label()]);
				}
			}
			return SoftmaxHead.fit(x, t, weight, head.l2(), head.iterations());
		}

		/** Logits of a set in {@link Ensemble#logits}' layout: {@code [view][row * units + unit]}. */
		float[][] logits(SoftmaxHead head, List<Sample> set, int tta) {
			int units = head.classes();
			float[][] out = new float[tta][set.size() * units];
			for (int i = 0; i < set.size(); i++) {
				float[][] f = this.features.of(set.get(i));
				for (int v = 0; v < tta; v++) {
					System.arraycopy(head.logits(f[v]), 0, out[v], i * units, units);
				}
			}
			return out;
		}

		static Metrics metrics(ModelSpec spec, double temperature, List<Sample> set, float[][] logits) {
			double[][] p = Ensemble.probabilitiesFromLogits(spec, temperature, logits, set.size());
			return Metrics.of(spec.labels(), truth(set), p);
		}

		static int[] truth(List<Sample> set) {
			return set.stream().mapToInt(Sample::label).toArray();
		}

		static double temperature(ModelSpec spec, List<Sample> validation, float[][] logits) {
			return Calibration.minimisingTemperature(0.3, t -> metrics(spec, t, validation, logits).nll());
		}

		void explore(int tta, TrainCommand.Progress progress) {
			for (String units : List.of("grades", "labels")) {
				for (double sigma : units.equals("grades") ? List.of(0.0, 1.0) : List.of(0.0)) {
					for (double l2 : List.of(0.001, 0.01, 0.03, 0.1, 0.3)) {
						Head head = new Head(units, l2, sigma, 300);
						ModelSpec spec = spec("explore", head, tta, "-");
						SoftmaxHead h = fit(spec, head, this.train);
						float[][] vl = logits(h, this.validation, tta);
						double t = temperature(spec, this.validation, vl);
						Metrics val = metrics(spec, t, this.validation, vl);
						double[][] vp = Ensemble.probabilitiesFromLogits(spec, t, vl, this.validation.size());
						Double threshold = Selective.choose(truth(this.validation), vp, 0.90,
								ReviewCalibration.MIN_DECIDED);
						float[][] hl = logits(h, this.heldOut, tta);
						Metrics held = metrics(spec, t, this.heldOut, hl);
						double[][] hp = Ensemble.probabilitiesFromLogits(spec, t, hl, this.heldOut.size());
						Selective sel = Selective.at(truth(this.heldOut), hp, threshold == null ? 2 : threshold);
						Selective at40 = atCoverage(truth(this.heldOut), hp, 0.4);
						progress.report(1, String.format(
								"%s sigma %.1f l2 %.3f T %.2f | val acc %.4f nll %.3f | held acc %.4f nll %.3f fr %.3f | "
										+ "threshold %s: cov %.3f acc %.4f fr %d | at 40%%: acc %.4f fr %d",
								units, sigma, l2, t, val.accuracy(), val.nll(), held.accuracy(), held.nll(),
								held.extremeConfusion(), threshold == null ? "none" : String.format("%.3f", threshold),
								sel.coverage(), sel.accuracy(), sel.freshRotten(), at40.accuracy(), at40.freshRotten()));
					}
				}
			}
		}

		/**
		 * Grouped k-fold cross-validation over every tomato of the data set: each fold's tomatoes are graded
		 * by a head trained on all the others, so every photo is graded by a model that never saw its fruit.
		 * The figures are pooled over the folds (the 17-tomato held-out set alone swings by several points).
		 */
		void crossValidate(List<Sample> all, int folds, Head head, int tta, TrainCommand.Progress progress) {
			List<String> specimens = new ArrayList<>(new TreeSet<>(all.stream().map(Sample::specimen).toList()));
			java.util.Collections.shuffle(specimens, new java.util.Random(SPLIT_SEED));
			List<Sample> graded = new ArrayList<>();
			List<double[]> probabilities = new ArrayList<>();
			ModelSpec spec = spec("cv", head, tta, "-");
			for (int k = 0; k < folds; k++) {
				Set<String> fold = new java.util.HashSet<>();
				for (int i = k; i < specimens.size(); i += folds) {
					fold.add(specimens.get(i));
				}
				List<Sample> test = all.stream().filter(s -> fold.contains(s.specimen())).toList();
				List<Sample> rest = all.stream().filter(s -> !fold.contains(s.specimen())).toList();
				SoftmaxHead h = fit(spec, head, rest);
				double[][] p = Ensemble.probabilitiesFromLogits(spec, 1.0, logits(h, test, tta), test.size());
				Metrics m = Metrics.of(spec.labels(), truth(test), p);
				progress.report((k + 1.0) / folds, String.format("fold %d: %d tomatoes, %d photos, acc %.4f fr %.3f",
						k, fold.size(), test.size(), m.accuracy(), m.extremeConfusion()));
				graded.addAll(test);
				probabilities.addAll(List.of(p));
			}
			double[][] p = probabilities.toArray(double[][]::new);
			Metrics m = Metrics.of(spec.labels(), truth(graded), p);
			progress.report(1, String.format("%s l2 %.3f sigma %.1f tta %d | pooled over %d folds: acc %.4f fr %.3f | "
					+ "at 40%%: acc %.4f fr %d | at 50%%: acc %.4f fr %d", head.units(), head.l2(), head.sigma(), tta, folds,
					m.accuracy(), m.extremeConfusion(), atCoverage(truth(graded), p, 0.4).accuracy(),
					atCoverage(truth(graded), p, 0.4).freshRotten(), atCoverage(truth(graded), p, 0.5).accuracy(),
					atCoverage(truth(graded), p, 0.5).freshRotten()));
		}

		static Selective atCoverage(int[] truth, double[][] p, double coverage) {
			double[] conf = new double[p.length];
			for (int i = 0; i < p.length; i++) {
				for (double v : p[i]) {
					conf[i] = Math.max(conf[i], v);
				}
			}
			double[] sorted = conf.clone();
			java.util.Arrays.sort(sorted);
			int k = (int) Math.floor((1 - coverage) * sorted.length);
			return Selective.at(truth, p, sorted[Math.min(k, sorted.length - 1)]);
		}

		Path write(Path out, String version, Head head, int tta, String datasetSha256, TrainCommand.Progress progress)
				throws IOException {
			ModelSpec spec = spec(version, head, tta, datasetSha256);
			SoftmaxHead h = fit(spec, head, this.train);
			float[][] vl = logits(h, this.validation, tta);
			spec = spec.withTemperature(temperature(spec, this.validation, vl));
			Metrics val = metrics(spec, spec.temperature(), this.validation, vl);
			Metrics held = metrics(spec, spec.temperature(), this.heldOut, logits(h, this.heldOut, tta));
			Metrics heldPlain = metrics(spec, spec.temperature(), this.heldOut, logits(h, this.heldOut, 1));
			Metrics test = metrics(spec, spec.temperature(), this.fileTest, logits(h, this.fileTest, tta));
			progress.report(1, "held-out: " + held.summary());
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("version", spec.version());
			report.put("heldOutSpecimens", TrainingReport.metricsMap(held));
			report.put("heldOutSpecimensWithoutTta", TrainingReport.metricsMap(heldPlain));
			report.put("fileLevelTest", TrainingReport.metricsMap(test));
			report.put("validationSpecimens", TrainingReport.metricsMap(val));
			report.put("split", Map.of("seed", SPLIT_SEED, "heldOutShare", HELD_OUT_SHARE, "validationShare",
					VALIDATION_SHARE, "heldOut", new TreeSet<>(this.split.heldOut()), "validation",
					new TreeSet<>(this.split.validation())));
			Map<String, Object> options = new LinkedHashMap<>();
			options.put("backbone", this.backbone.name());
			options.put("backboneSource", this.backbone.source());
			options.put("size", this.pre.size());
			options.put("head", "softmax regression on each flip/transpose view's features as a row of its own, class-balanced");
			options.put("fit", this.pre.fit());
			options.put("trainingViews", this.features.views());
			options.put("units", head.units());
			options.put("l2", head.l2());
			options.put("sigma", head.sigma());
			options.put("iterations", head.iterations());
			options.put("tta", tta);
			report.put("options", options);
			Path dir = out.resolve(spec.version());
			Natives.engine();
			try (Model model = Model.newInstance(version, Natives.ENGINE)) {
				Block block = spec.architecture().build(spec.outputs());
				int s = this.pre.size();
				block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, s, s));
				setHead(block, h);
				Ensemble.save(dir, spec, List.of(block), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
			}
			return dir;
		}

		private static void setHead(Block block, SoftmaxHead h) {
			List<Parameter> params = new ArrayList<>();
			block.getParameters().values().forEach(params::add);
			for (Parameter p : params) {
				NDArray array = p.getArray();
				float[] values = p.getName().equals("weight") ? h.foldedWeights() : h.foldedBias();
				NDArray set = Ensemble.tensor(array.getManager(), values, array.getShape());
				array.set(set.toFloatArray());
				set.close();
			}
		}

	}

}
