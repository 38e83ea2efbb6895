package vn.nguon.grading.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import vn.nguon.grading.model.OnnxRuntime;
import vn.nguon.grading.model.Preprocessing;

/**
 * Prints {@code RESULT name value unit} lines: model load time and size, raw predictor photos/s
 * (decode + preprocess + forward in batches of 32, one thread), forward CPU-ms per photo in batches
 * and for single photos, single-photo latency p50, and the micro-batching grader's photos/s on the same
 * photos. Then the same member exported to ONNX and run by DJL's ONNX Runtime engine next to DJL-PyTorch:
 * forward CPU-ms per photo side by side (batches of 32 with one view and with the model's test-time
 * views, and single photos), interleaved so that load from other processes hits both engines alike, and
 * the ratio. Usage: {@code PredictorBench <photo folder> <count>}; {@code -Dnguon.bench.ort.threads} sets
 * ONNX Runtime's intra-op threads, by default as many as PyTorch's ({@code -Dai.djl.pytorch.num_threads},
 * by default one per core) so both engines run alike; {@code -Dnguon.bench.reps} (default 8) sets the
 * repetitions.
 * <p>
 * CPU time is the process's ({@code getProcessCpuTime}), not the calling thread's: with more than one
 * intra-op thread both engines compute (and spin while waiting) on their own thread pools, which a
 * thread CPU clock does not see. The calling thread's CPU is printed too, to show how much work leaves
 * it. The process clock also counts the JVM's own threads (GC, JIT), a small share once warmed up.
 */
public final class PredictorBench {

	private PredictorBench() {
	}

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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

		// the same member on ONNX Runtime, exported from the loaded parameters into a temporary directory
		int pytorchThreads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
		int ortThreads = Integer.getInteger("nguon.bench.ort.threads", pytorchThreads);
		Path onnxDir = Files.createTempDirectory("nguon-onnx-");
		long t1 = System.nanoTime();
		Ensemble ort = OnnxRuntime.export(ensemble, onnxDir, ortThreads);
		result("onnxruntime_export_and_load_ms", (System.nanoTime() - t1) / 1e6, "ms");
		long onnxSize = 0;
		for (String m : ensemble.spec().members()) {
			onnxSize += Files.size(onnxDir.resolve(m + ".onnx"));
		}
		result("onnx_model_size", onnxSize / 1024.0 / 1024.0, "MiB");
		result("pytorch_intra_op_threads", pytorchThreads, "threads");
		result("onnxruntime_intra_op_threads", ortThreads, "threads");
		List<Predictor<NDList, NDList>> ortPredictors = ort.newPredictors();

		// forward only, both engines side by side
		float[] x32 = new float[batch * pre.tensorLength()];
		for (int i = 0; i < batch; i++) {
			pre.normalise(pre.square(Preprocessing.decode(photos.get(i % photos.size()))), x32, i * pre.tensorLength());
		}
		int reps = Integer.getInteger("nguon.bench.reps", 8);
		int tta = ensemble.spec().tta();
		System.out.printf("forward CPU-ms per photo (process CPU; calling thread's CPU in brackets), %d reps, "
				+ "intra-op threads: PyTorch %d, ONNX Runtime %d%n", reps, pytorchThreads, ortThreads);
		System.out.printf("  %-28s %18s %18s %8s%n", "", "DJL-PyTorch", "DJL-ONNX Runtime", "PT/ORT");
		double[] batch1 = sideBySide("batch 32, 1 view", ensemble, predictors, ort, ortPredictors, x32, batch, 1, reps);
		double[] batchTta = sideBySide("batch 32, " + tta + " views", ensemble, predictors, ort, ortPredictors, x32,
				batch, tta, reps);
		float[] x1 = Arrays.copyOf(x32, pre.tensorLength());
		double[] single = sideBySide("single photo, " + tta + " views", ensemble, predictors, ort, ortPredictors, x1, 1,
				tta, reps * batch / 4);
		result("pytorch_forward_cpu_ms_per_photo_batch32_no_tta", batch1[0], "CPU-ms");
		result("onnxruntime_forward_cpu_ms_per_photo_batch32_no_tta", batch1[1], "CPU-ms");
		result("pytorch_over_onnxruntime_cpu_ratio_batch32_no_tta", batch1[0] / batch1[1], "ratio");
		result("pytorch_forward_cpu_ms_per_photo_batch32_tta", batchTta[0], "CPU-ms");
		result("onnxruntime_forward_cpu_ms_per_photo_batch32_tta", batchTta[1], "CPU-ms");
		result("pytorch_over_onnxruntime_cpu_ratio_batch32_tta", batchTta[0] / batchTta[1], "ratio");
		result("pytorch_forward_cpu_ms_single_photo_tta", single[0], "CPU-ms");
		result("onnxruntime_forward_cpu_ms_single_photo_tta", single[1], "CPU-ms");
		ortPredictors.forEach(Predictor::close);

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
		try (MicroBatchingGrader grader = new MicroBatchingGrader(ort, BatchingSettings.defaults())) {
			grader.grade(photos.get(0)).get();
			long w = System.nanoTime();
			List<CompletableFuture<GradeResult>> all = new ArrayList<>();
			for (byte[] p : photos) {
				all.add(grader.grade(p));
			}
			CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
			result("microbatching_grader_onnxruntime_photos_per_s", photos.size() / ((System.nanoTime() - w) / 1e9),
					"photos/s");
		}
		try (Stream<Path> files = Files.walk(onnxDir)) {
			for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(p);
			}
		}
	}

	/**
	 * Forward CPU per photo of both engines on the same batch, one engine after the other in each
	 * repetition, after one warm-up call each; prints a table row.
	 * @return process CPU-ms per photo of PyTorch and of ONNX Runtime
	 */
	static double[] sideBySide(String label, Ensemble pytorch, List<Predictor<NDList, NDList>> pytorchPredictors,
			Ensemble ort, List<Predictor<NDList, NDList>> ortPredictors, float[] x, int n, int views, int reps) {
		pytorch.logits(pytorchPredictors, x, n, views);
		ort.logits(ortPredictors, x, n, views);
		long[] process = new long[2];
		long[] thread = new long[2];
		for (int r = 0; r < reps; r++) {
			for (int e = 0; e < 2; e++) {
				long c = cpuNanos();
				long t = THREADS.getCurrentThreadCpuTime();
				if (e == 0) {
					pytorch.logits(pytorchPredictors, x, n, views);
				}
				else {
					ort.logits(ortPredictors, x, n, views);
				}
				thread[e] += THREADS.getCurrentThreadCpuTime() - t;
				process[e] += cpuNanos() - c;
			}
		}
		double photos = (double) reps * n;
		double pt = process[0] / 1e6 / photos;
		double onnx = process[1] / 1e6 / photos;
		System.out.printf("  %-28s %9.3f [%6.3f] %9.3f [%6.3f] %8.2f%n", label, pt, thread[0] / 1e6 / photos, onnx,
				thread[1] / 1e6 / photos, pt / onnx);
		return new double[] { pt, onnx };
	}


}
