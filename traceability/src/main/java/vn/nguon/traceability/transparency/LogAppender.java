package vn.nguon.traceability.transparency;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the log in the background, off the event loop: every {@code append-interval} one append
 * transaction (a batch of pending events, and a signed head when one is due). A tick that finds
 * another instance appending is skipped; a tick still running makes the next one wait, never pile up.
 */
@Component
class LogAppender implements SmartLifecycle {

	private static final Log log = LogFactory.getLog(LogAppender.class);

	private final TransparencyLog transparencyLog;

	private final TransparencyProperties properties;

	private volatile Disposable running;

	private volatile Scheduler scheduler;

	LogAppender(TransparencyLog transparencyLog, TransparencyProperties properties) {
		this.transparencyLog = transparencyLog;
		this.properties = properties;
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			log.info("Transparency log appender is off (nguon.transparency.enabled=false)");
			return;
		}
		this.scheduler = Schedulers.newSingle("transparency-log");
		this.running = Flux.interval(this.properties.appendInterval(), this.properties.appendInterval(), this.scheduler)
			.onBackpressureDrop()
			.concatMap(tick -> this.transparencyLog.tick()
				.expand(step -> step.more() ? this.transparencyLog.tick() : Mono.empty())
				.then()
				.onErrorResume(ex -> {
					log.warn("Transparency log append failed; retrying next tick: " + ex.getMessage());
					return Mono.empty();
				}), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable d = this.running;
		if (d != null) {
			d.dispose();
		}
		Scheduler s = this.scheduler;
		if (s != null) {
			s.dispose();
		}
		this.running = null;
	}

	@Override
	public boolean isRunning() {
		return this.running != null && !this.running.isDisposed();
	}

}
