package vn.nguon.api.grading;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import vn.nguon.grading.model.InferenceEngine;

/**
 * Grading settings ({@code nguon.grading.*}).
 *
 * @param maxPhotoBytes largest photo upload
 * @param minSide smallest accepted photo side in pixels
 * @param maxSide largest accepted photo side in pixels
 * @param maxPixels largest accepted width x height
 * @param workers inference worker threads, each with its own predictors (default 1: on 2 cores, two workers
 *        measured slower end to end than one, see bench/grading)
 * @param maxBatch most photos per forward pass
 * @param maxWait longest wait to fill a micro-batch
 * @param poll how often the queue is polled when idle
 * @param queueWorker whether this instance drains the grading queue
 * @param defaultProduct the grading product used when a batch's product name maps to none
 * @param productAliases product names (lower case, vi or en) to grading products
 * @param timeZoneOffset offset written into inspecting events
 * @param baseData the base training data folder (with {@code FILES.tsv}) used by retraining
 * @param modelDir local cache of retrained models: written when trained here, unpacked from PostgreSQL when
 *        trained elsewhere, loaded from again at start-up
 * @param retrainOptions extra {@code train} command options for retraining, e.g. {@code --epochs 20}
 *        (empty: the shipped model's defaults)
 * @param inferenceThreads PyTorch intra-op threads (default 1; read when the engine first loads)
 * @param engine the engine models serve with: {@code onnxruntime} (default: the members exported to ONNX when
 * a model is loaded; 14 CPU-ms per photo against PyTorch's 63 in {@code bench/grading}) or {@code pytorch};
 * training always uses PyTorch
 * @param eventsHeartbeat how often {@code GET /api/grading/events} sends a keep-alive comment
 */
@ConfigurationProperties("nguon.grading")
public record GradingProperties(Long maxPhotoBytes, Integer minSide, Integer maxSide, Long maxPixels, Integer workers,
		Integer maxBatch, Duration maxWait, Duration poll, Boolean queueWorker, String defaultProduct,
		Map<String, String> productAliases, String timeZoneOffset, String baseData, String modelDir,
		String retrainOptions, Integer inferenceThreads, InferenceEngine engine, Duration eventsHeartbeat) {

	public GradingProperties {
		maxPhotoBytes = maxPhotoBytes == null ? 10L * 1024 * 1024 : maxPhotoBytes;
		minSide = minSide == null ? 32 : minSide;
		maxSide = maxSide == null ? 8192 : maxSide;
		maxPixels = maxPixels == null ? 40_000_000L : maxPixels;
		workers = workers == null ? 1 : workers;
		maxBatch = maxBatch == null ? 16 : maxBatch;
		maxWait = maxWait == null ? Duration.ofMillis(10) : maxWait;
		poll = poll == null ? Duration.ofMillis(250) : poll;
		queueWorker = queueWorker == null || queueWorker;
		defaultProduct = defaultProduct == null ? "tomato" : defaultProduct;
		productAliases = productAliases == null ? Map.of("cà chua", "tomato", "tomato", "tomato", "tomatoes", "tomato")
				: Map.copyOf(productAliases);
		timeZoneOffset = timeZoneOffset == null ? "+07:00" : timeZoneOffset;
		baseData = baseData == null ? "../shared/datasets/produce-quality" : baseData;
		modelDir = modelDir == null ? "models" : modelDir;
		retrainOptions = retrainOptions == null ? "" : retrainOptions.strip();
		inferenceThreads = inferenceThreads == null ? 1 : Math.max(1, inferenceThreads);
		engine = engine == null ? InferenceEngine.ONNXRUNTIME : engine;
		eventsHeartbeat = eventsHeartbeat == null ? Duration.ofSeconds(15) : eventsHeartbeat;
	}

}
