package vn.nguon.grading.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.OnnxRuntime;
import vn.nguon.grading.model.Preprocessing;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.policy.UnitVerdict;
import vn.nguon.grading.training.Catalog;
import vn.nguon.grading.training.ModelEvaluation;
import vn.nguon.grading.training.Sample;
import vn.nguon.grading.training.Selective;
import vn.nguon.grading.training.SpecimenSplit;

/**
 * The shipped model on the held-out tomatoes (never seen in training, never used to pick its review
 * threshold), through the serving path. Prints {@code RESULT name value unit} lines: unit accuracy,
 * coverage and accuracy of its confident answers and their fresh<->rotten count, batch agreement (300
 * simulated batches of 20 held-out photos with random class mixes: does the batch's majority label from
 * hard votes, and from the photos' probabilities, match the true majority), and CPU-ms per photo in
 * batches of 32 on one thread, PyTorch and ONNX Runtime side by side in the same run.
 *
 * <p>{@code java -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 ... GradeBench <produce-quality dir>}
 */
public final class GradeBench {

	private GradeBench() {
	}

	private static void result(String name, double value, String unit) {
		System.out.printf("RESULT %s %.4f %s%n", name, value, unit);
	}

	public static void main(String[] args) throws Exception {
		Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/produce-quality");
		System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
		System.setProperty("ai.djl.pytorch.num_interop_threads",
				System.getProperty("ai.djl.pytorch.num_interop_threads", "1"));
		try (Ensemble pytorch = GraderRegistry.loadShipped("tomato")) {
			String version = pytorch.spec().version();
			JsonNode split = JsonMapper.builder().build()
				.readTree(GraderRegistry.shippedResource("tomato", version, "metrics.json")).path("split");
			Catalog catalog = Catalog.read(data);
			SpecimenSplit s = SpecimenSplit.of(catalog.samples(), split.path("heldOutShare").asDouble(),
					split.path("validationShare").asDouble(), split.path("seed").asLong());
			List<Sample> held = s.heldOutSamples(catalog.samples());
			System.out.printf("model %s, %d held-out photos of %d tomatoes%n", version, held.size(), s.heldOut().size());

			ModelEvaluation.Scored scored = ModelEvaluation.score(pytorch, held);
			int[] truth = scored.truth();
			double[][] p = scored.probabilities();
			Selective all = Selective.at(truth, p, 0);
			result("unit_accuracy", all.accuracy(), "share");
			Double threshold = pytorch.spec().reviewThreshold();
			Selective confident = Selective.at(truth, p, threshold == null ? Double.POSITIVE_INFINITY : threshold);
			result("confident_coverage", confident.coverage(), "share");
			result("confident_accuracy", confident.accuracy(), "share");
			result("confident_fresh_rotten", confident.freshRotten(), "photos");

			batchAgreement(pytorch.spec().labels(), truth, p);

			Path onnxDir = Files.createTempDirectory("nguon-bench-onnx");
			try (Ensemble ort = OnnxRuntime.export(pytorch, onnxDir, 1)) {
				float[] x = tensors(pytorch.spec().preprocessing(), held, 256);
				result("cpu_ms_per_photo_pytorch_1_thread", cpuMsPerPhoto(pytorch, x, 256), "ms");
				result("cpu_ms_per_photo_onnxruntime_1_thread", cpuMsPerPhoto(ort, x, 256), "ms");
			}
		}
	}

	private static void batchAgreement(List<String> labels, int[] truth, double[][] p) {
		int k = labels.size();
		List<List<Integer>> byLabel = new ArrayList<>();
		for (int j = 0; j < k; j++) {
			byLabel.add(new ArrayList<>());
		}
		for (int i = 0; i < truth.length; i++) {
			byLabel.get(truth[i]).add(i);
		}
		SplittableRandom random = new SplittableRandom(12);
		int batches = 300;
		int size = 20;
		int hardRight = 0;
		int softRight = 0;
		int made = 0;
		while (made < batches) {
			// a random class mix (uniform on the simplex), then 20 photos drawn from it
			double a = -Math.log(1 - random.nextDouble());
			double b = -Math.log(1 - random.nextDouble());
			double c = -Math.log(1 - random.nextDouble());
			double[] mix = { a / (a + b + c), b / (a + b + c), c / (a + b + c) };
			int[] counts = new int[k];
			List<UnitVerdict> soft = new ArrayList<>();
			List<UnitVerdict> hard = new ArrayList<>();
			for (int n = 0; n < size; n++) {
				double r = random.nextDouble();
				int label = r < mix[0] ? 0 : r < mix[0] + mix[1] ? 1 : 2;
				List<Integer> pool = byLabel.get(label);
				int photo = pool.get(random.nextInt(pool.size()));
				counts[label]++;
				Map<String, Double> probs = new LinkedHashMap<>();
				for (int j = 0; j < k; j++) {
					probs.put(labels.get(j), p[photo][j]);
				}
				UnitVerdict v = UnitVerdict.ofProbabilities(probs);
				soft.add(v);
				hard.add(UnitVerdict.of(v.label(), v.confidence()));
			}
			int top = 0;
			boolean tie = false;
			for (int j = 1; j < k; j++) {
				if (counts[j] > counts[top]) {
					top = j;
					tie = false;
				}
				else if (counts[j] == counts[top]) {
					tie = true;
				}
			}
			if (tie) {
				continue; // a batch without a true majority says nothing
			}
			made++;
			hardRight += labels.get(top).equals(GradingPolicy.majority(hard, labels)) ? 1 : 0;
			softRight += labels.get(top).equals(GradingPolicy.majority(soft, labels)) ? 1 : 0;
		}
		result("batch_agreement_hard_votes", (double) hardRight / batches, "share");
		result("batch_agreement_probabilities", (double) softRight / batches, "share");
	}

	private static float[] tensors(Preprocessing pre, List<Sample> held, int n) throws java.io.IOException {
		float[] x = new float[n * pre.tensorLength()];
		for (int i = 0; i < n; i++) {
			Sample s = held.get(i % held.size());
			pre.normalise(pre.square(Preprocessing.decode(Files.readAllBytes(s.file()))), x, i * pre.tensorLength());
		}
		return x;
	}

	/** Process CPU time per photo, batches of 32, after a warm-up pass. */
	private static double cpuMsPerPhoto(Ensemble e, float[] x, int n) {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();
		List<Predictor<NDList, NDList>> predictors = e.newPredictors();
		int len = e.spec().preprocessing().tensorLength();
		try {
			int batch = 32;
			float[] chunk = new float[batch * len];
			System.arraycopy(x, 0, chunk, 0, chunk.length);
			e.probabilities(predictors, chunk, batch);
			long start = os.getProcessCpuTime();
			for (int from = 0; from + batch <= n; from += batch) {
				System.arraycopy(x, from * len, chunk, 0, chunk.length);
				e.probabilities(predictors, chunk, batch);
			}
			return (os.getProcessCpuTime() - start) / 1e6 / n;
		}
		finally {
			predictors.forEach(Predictor::close);
		}
	}

}
