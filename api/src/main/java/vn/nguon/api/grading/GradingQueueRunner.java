package vn.nguon.api.grading;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import vn.nguon.grading.queue.GradingWorker;

/**
 * Drains the grading queue in this instance: a round on every poll tick and right after an upload
 * (kick), one round at a time; each round records the inspecting events of new grades. Any number of
 * instances may run it: the queue hands each job to one of them.
 */
@Component
class GradingQueueRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GradingQueueRunner.class);

	private final GradingWorker worker;

	private final GradeEvents events;

	private final GradingProperties props;

	private final Sinks.Many<Long> kicks = Sinks.many().multicast().directBestEffort();

	private volatile Disposable loop;

	GradingQueueRunner(GradingWorker worker, GradeEvents events, GradingProperties props) {
		this.worker = worker;
		this.events = events;
		this.props = props;
	}

	/** Asks for a round now (after an upload). */
	void kick() {
		this.kicks.tryEmitNext(System.nanoTime());
	}

	/** One round: drain until the queue has nothing ready, then record events. */
	Mono<Void> round() {
		return this.worker.drainOnce().count()
			.expand(n -> n > 0 ? this.worker.drainOnce().count() : Mono.empty())
			.then(this.events.publishPending());
	}

	@Override
	public void start() {
		if (!this.props.queueWorker()) {
			return;
		}
		Duration poll = this.props.poll();
		this.loop = Flux.merge(Flux.interval(poll, poll, Schedulers.parallel()), this.kicks.asFlux())
			.onBackpressureDrop()
			.concatMap(tick -> round().onErrorResume(ex -> {
				log.warn("Grading round failed: {}", ex.getMessage());
				return Mono.empty();
			}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable d = this.loop;
		if (d != null) {
			d.dispose();
		}
		this.loop = null;
	}

	@Override
	public boolean isRunning() {
		return this.loop != null && !this.loop.isDisposed();
	}

}
