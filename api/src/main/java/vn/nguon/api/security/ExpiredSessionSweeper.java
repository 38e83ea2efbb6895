package vn.nguon.api.security;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

import vn.nguon.traceability.account.WebSessionRepository;

/**
 * Deletes expired rows of {@code web_session} every few minutes ({@code nguon.security.session-sweep-interval}),
 * in batches, without blocking any thread (expired sessions are never found anyway; this only keeps
 * the table small). Every replica sweeps; the deletes do not conflict.
 */
@Component
class ExpiredSessionSweeper {

	static final int BATCH = 1000;

	private static final Logger log = LoggerFactory.getLogger(ExpiredSessionSweeper.class);

	private final WebSessionRepository repository;

	private final Clock clock;

	private final Disposable running;

	ExpiredSessionSweeper(WebSessionRepository repository,
			@Value("${nguon.security.session-sweep-interval:5m}") Duration interval) {
		this.repository = repository;
		this.clock = Clock.systemUTC();
		this.running = Flux.interval(interval, interval, Schedulers.parallel())
			.onBackpressureDrop()
			.concatMap(tick -> sweep().onErrorResume(ex -> {
				log.warn("Could not delete expired sessions: {}", ex.getMessage());
				return Mono.empty();
			}))
			.subscribe();
	}

	/** @return deletes all sessions expired by now, {@value #BATCH} at a time; emits how many */
	Mono<Long> sweep() {
		return Mono.defer(() -> this.repository.deleteExpired(this.clock.instant(), BATCH))
			.expand(n -> n >= BATCH ? this.repository.deleteExpired(this.clock.instant(), BATCH) : Mono.empty())
			.reduce(0L, Long::sum);
	}

	@PreDestroy
	void stop() {
		this.running.dispose();
	}

}
