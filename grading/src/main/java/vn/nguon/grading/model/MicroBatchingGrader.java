package vn.nguon.grading.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import vn.nguon.grading.GradingException;

/**
 * The DJL-backed {@link Grader}: one loaded {@link Ensemble}, a pool of worker threads each owning its
 * predictors (a predictor is not thread-safe), and micro-batching: a worker takes a photo, waits up to
 * {@code maxWait} for up to {@code maxBatch - 1} more, preprocesses them (the shared
 * {@link Preprocessing}) and runs one forward pass. Callers never do CPU work; the queue is bounded.
 */
public final class MicroBatchingGrader implements Grader, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(MicroBatchingGrader.class);

	private record Request(byte[] photo, CompletableFuture<GradeResult> result) {
	}

	private final Ensemble ensemble;

	private final BatchingSettings settings;

	private final BlockingQueue<Request> queue;

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean closed;

	/**
	 * Starts the workers; the ensemble is closed with this grader.
	 * @param ensemble the loaded model
	 * @param settings the scheduling settings
	 */
	public MicroBatchingGrader(Ensemble ensemble, BatchingSettings settings) {
		this.ensemble = ensemble;
		this.settings = settings;
		this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
		for (int i = 0; i < settings.workers(); i++) {
			Thread t = new Thread(this::work, "grading-" + ensemble.spec().version() + "-" + i);
			t.setDaemon(true);
			this.workers.add(t);
			t.start();
		}
	}

	@Override
	public CompletableFuture<GradeResult> grade(byte[] photo) {
		CompletableFuture<GradeResult> result = new CompletableFuture<>();
		if (this.closed) {
			result.completeExceptionally(new IllegalStateException("grader closed"));
		}
		else if (!this.queue.offer(new Request(photo, result))) {
			result.completeExceptionally(new GradingException(GradingException.Kind.BUSY, "grader-busy",
					"Too many photos are waiting to be graded; try again shortly"));
		}
		return result;
	}

	/**
	 * Grades a batch of already preprocessed tensors synchronously on the calling thread, with fresh
	 * predictors: for benchmarks and evaluation, not for request handling.
	 * @param data {@code n} tensors back to back
	 * @param n batch size
	 * @return label probabilities per row
	 */
	public double[][] gradeTensors(float[] data, int n) {
		List<Predictor<NDList, NDList>> predictors = this.ensemble.newPredictors();
		try {
			return this.ensemble.probabilities(predictors, data, n);
		}
		finally {
			predictors.forEach(Predictor::close);
		}
	}

	@Override
	public String modelVersion() {
		return this.ensemble.spec().version();
	}

	@Override
	public List<String> labels() {
		return this.ensemble.spec().labels();
	}

	@Override
	public List<String> products() {
		return this.ensemble.spec().products();
	}

	/** @return the loaded model's spec */
	public ModelSpec spec() {
		return this.ensemble.spec();
	}

	private void work() {
		List<Predictor<NDList, NDList>> predictors = this.ensemble.newPredictors();
		Preprocessing pre = this.ensemble.spec().preprocessing();
		try {
			while (!this.closed) {
				Request first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				List<Request> batch = new ArrayList<>();
				batch.add(first);
				long deadline = System.nanoTime() + this.settings.maxWait().toNanos();
				while (batch.size() < this.settings.maxBatch()) {
					long left = deadline - System.nanoTime();
					Request next = left > 0 ? this.queue.poll(left, TimeUnit.NANOSECONDS) : this.queue.poll();
					if (next == null) {
						break;
					}
					batch.add(next);
				}
				run(batch, predictors, pre);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			predictors.forEach(Predictor::close);
		}
	}

	private void run(List<Request> batch, List<Predictor<NDList, NDList>> predictors, Preprocessing pre) {
		List<Request> ok = new ArrayList<>();
		List<Appearance> looks = new ArrayList<>();
		float[] data = new float[batch.size() * pre.tensorLength()];
		for (Request r : batch) {
			try {
				byte[] rgb = pre.square(Preprocessing.decode(r.photo()));
				pre.normalise(rgb, data, ok.size() * pre.tensorLength());
				looks.add(Appearance.of(rgb));
				ok.add(r);
			}
			catch (RuntimeException ex) {
				r.result().completeExceptionally(ex);
			}
		}
		if (ok.isEmpty()) {
			return;
		}
		try {
			float[] used = ok.size() == batch.size() ? data
					: java.util.Arrays.copyOf(data, ok.size() * pre.tensorLength());
			double[][] p = this.ensemble.probabilities(predictors, used, ok.size());
			for (int i = 0; i < ok.size(); i++) {
				ok.get(i).result().complete(GradeResult.of(labels(), p[i], modelVersion(), spec(), looks.get(i)));
			}
		}
		catch (RuntimeException ex) {
			log.warn("Inference failed for a batch of {} photos: {}", ok.size(), ex.getMessage());
			ok.forEach(r -> r.result().completeExceptionally(ex));
		}
	}

	@Override
	public void close() {
		this.closed = true;
		for (Thread t : this.workers) {
			try {
				t.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		Request r;
		while ((r = this.queue.poll()) != null) {
			r.result().completeExceptionally(new IllegalStateException("grader closed"));
		}
		this.ensemble.close();
	}

}
