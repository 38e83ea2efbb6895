package vn.nguon.api.grading;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import vn.nguon.grading.lifecycle.LifecycleSettings;
import vn.nguon.grading.lifecycle.ModelArchives;
import vn.nguon.grading.lifecycle.ModelLifecycle;
import vn.nguon.grading.lifecycle.RetrainJobs;
import vn.nguon.grading.model.BatchingSettings;
import vn.nguon.grading.model.GraderRegistry;
import vn.nguon.grading.model.MicroBatchingGrader;
import vn.nguon.grading.photo.PhotoInspector;
import vn.nguon.grading.photo.PhotoLimits;
import vn.nguon.grading.policy.GradingPolicy;
import vn.nguon.grading.queue.GradingPersistence;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.GradingWorker;
import vn.nguon.grading.queue.ModelRecords;

/**
 * Wires grading: the shipped model (loaded once), photo checks, the store, the queue worker and the model
 * lifecycle.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GradingProperties.class)
@Import(GradingPersistence.class)
class GradingConfiguration {

	private static final Logger log = LoggerFactory.getLogger(GradingConfiguration.class);

	@Bean(destroyMethod = "close")
	GraderRegistry graderRegistry(GradingProperties props) {
		// one intra-op thread per inference worker: on a small server the web tier and PostgreSQL share the
		// cores, and PyTorch's default pool spends most of its CPU time waiting between its threads
		if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
			System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(props.inferenceThreads()));
		}
		GraderRegistry registry = new GraderRegistry();
		long started = System.nanoTime();
		MicroBatchingGrader tomato = new MicroBatchingGrader(props.engine().serve(GraderRegistry.loadShipped("tomato")),
				new BatchingSettings(props.workers(), props.maxBatch(), props.maxWait(), 512));
		registry.activate(tomato);
		log.info("Grading model {} loaded for {} in {} ms", tomato.modelVersion(), props.engine(),
				(System.nanoTime() - started) / 1_000_000);
		return registry;
	}

	@Bean
	PhotoInspector photoInspector(GradingProperties props) {
		return new PhotoInspector(
				new PhotoLimits(props.maxPhotoBytes(), props.minSide(), props.maxSide(), props.maxPixels()));
	}

	@Bean
	GradingWorker gradingWorker(GradingStore store, GraderRegistry graders) {
		return new GradingWorker(store, graders, GradingPolicy::forProduct,
				"grading@" + ManagementFactory.getRuntimeMXBean().getName());
	}

	@Bean(destroyMethod = "close")
	ModelLifecycle modelLifecycle(ModelRecords records, RetrainJobs jobs, ModelArchives archives, GradingStore store,
			GraderRegistry graders, GradingProperties props, Scheduler gradingScheduler) {
		return new ModelLifecycle(records, jobs, archives, store, graders, new LifecycleSettings(
				Path.of(props.baseData()), Path.of(props.modelDir()), props.retrainOptions(), props.engine()),
				gradingScheduler);
	}

	/** Bounded scheduler for photo decoding and checks: never the event loop. */
	@Bean(destroyMethod = "dispose")
	Scheduler gradingScheduler() {
		return Schedulers.newBoundedElastic(Math.max(2, Runtime.getRuntime().availableProcessors()), 256, "grading-io");
	}

}
