package vn.nguon.grading.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import vn.nguon.grading.model.BatchingSettings;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.MicroBatchingGrader;
import vn.nguon.grading.model.Preprocessing;

/**
 * Prints {@code RESULT name value unit} lines: model load time and size, raw predictor photos/s
 * (decode + preprocess + forward in batches of 32, one thread), forward CPU-ms per photo in batches
 * and for single photos, single-photo latency p50, and the micro-batching grader's photos/s on the same
 * photos. Usage: {@code PredictorBench <photo folder> <count>}.
 */
public final class PredictorBench {

	private PredictorBench() {
	}

	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static void result(String name, double value, String unit) {
		System.out.printf("RESULT %s %.3f %s%n", name, value, unit);
	}

	public static void main(String[] args) throws Exception {
		Path folder = Path.of(args.length > 0 ? args[0] : "../shared/datasets/produce-quality/test");
		int count = args.length > 1 ? Integer.parseInt(args[1]) : 256;
		List<byte[]> photos = new ArrayList<>();
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(count).toList()) {
				photos.add(Files.readAllBytes(p));
			}
		}
		long t0 = System.nanoTime();
		Ensemble ensemble = GraderRegistry.loadShipped("tomato");
		result("model_load_ms", (System.nanoTime() - t0) / 1e6, "ms");
		String version = ensemble.spec().version();
		long size = 0;
		for (String m : ensemble.spec().members()) {
			size += GraderRegistry.class.getClassLoader().getResource("models/tomato/" + version + "/" + m + ".params")
				.openConnection().getContentLengthLong();
		}
		result("model_size", size / 1024.0 / 1024.0, "MiB");
		result("model_tta_views", ensemble.spec().tta(), "views");
		Preprocessing pre = ensemble.spec().preprocessing();
		List<Predictor<NDList, NDList>> predictors = ensemble.newPredictors();

		// warm-up
		float[] warm = new float[8 * pre.tensorLength()];
		ensemble.probabilities(predictors, warm, 8);

		// raw predictor: decode + preprocess + forward, batches of 32, this thread only
		int batch = 32;
		long wall = System.nanoTime();
		long cpu = cpuNanos();
		long forwardCpu = 0;
		for (int from = 0; from < photos.size(); from += batch) {
			int n = Math.min(batch, photos.size() - from);
			float[] x = new float[n * pre.tensorLength()];
			for (int i = 0; i < n; i++) {
				pre.normalise(pre.square(Preprocessing.decode(photos.get(from + i))), x, i * pre.tensorLength());
			}
			long f = cpuNanos();
			ensemble.probabilities(predictors, x, n);
			forwardCpu += cpuNanos() - f;
		}
		double rawSeconds = (System.nanoTime() - wall) / 1e9;
		result("raw_predictor_photos_per_s", photos.size() / rawSeconds, "photos/s");
		result("raw_predictor_cpu_ms_per_photo", (cpuNanos() - cpu) / 1e6 / photos.size(), "CPU-ms");
		result("pytorch_forward_cpu_ms_per_photo_batch32", forwardCpu / 1e6 / photos.size(), "CPU-ms");

		// forward only without test-time views, batches of 32
		float[] x32 = new float[batch * pre.tensorLength()];
		for (int i = 0; i < batch; i++) {
			pre.normalise(pre.square(Preprocessing.decode(photos.get(i % photos.size()))), x32, i * pre.tensorLength());
		}
		long c1 = cpuNanos();
		int reps = 4;
		for (int r = 0; r < reps; r++) {
			vn.nguon.grading.model.Ensemble.probabilities(ensemble.spec(), 1.0, 1,
					ai.djl.ndarray.NDManager.newBaseManager(), x32, batch, predictors.stream()
						.<java.util.function.Function<NDList, NDList>>map(p -> in -> {
							try {
								return p.predict(in);
							}
							catch (ai.djl.translate.TranslateException ex) {
								throw new IllegalStateException(ex);
							}
						})
						.toList());
		}
		result("pytorch_forward_cpu_ms_per_photo_batch32_no_tta", (cpuNanos() - c1) / 1e6 / (reps * batch), "CPU-ms");

		// single photos: latency and CPU
		int singles = Math.min(64, photos.size());
		double[] lat = new double[singles];
		long c2 = cpuNanos();
		for (int i = 0; i < singles; i++) {
			long s = System.nanoTime();
			float[] one = pre.tensor(photos.get(i));
			ensemble.probabilities(predictors, one, 1);
			lat[i] = (System.nanoTime() - s) / 1e6;
		}
		result("single_photo_cpu_ms", (cpuNanos() - c2) / 1e6 / singles, "CPU-ms");
		Arrays.sort(lat);
		result("single_photo_latency_p50", lat[singles / 2], "ms");
		predictors.forEach(Predictor::close);

		// the micro-batching grader on the same photos, all submitted at once
		try (MicroBatchingGrader grader = new MicroBatchingGrader(ensemble, BatchingSettings.defaults())) {
			grader.grade(photos.get(0)).get();
			long w = System.nanoTime();
			List<CompletableFuture<GradeResult>> all = new ArrayList<>();
			for (byte[] p : photos) {
				all.add(grader.grade(p));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
			result("microbatching_grader_photos_per_s", photos.size() / ((System.nanoTime() - w) / 1e9), "photos/s");
		}
	}


}
