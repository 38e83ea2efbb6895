package vn.nguon.api.web;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Logs requests slower than {@code nguon.http.slow-request} (method, path without query, status, time),
 * and, when {@code nguon.http.stuck-request-dump} is set, writes one thread dump to the log for each
 * request still unanswered after that long: the evidence needed to find a request that hangs. Event
 * streams are left alone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SlowRequestLog implements WebFilter, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SlowRequestLog.class);

	private record InFlight(String what, long startedAt) {
	}

	private final long slowNanos;

	private final long stuckNanos;

	private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();

	private final Map<Long, Boolean> dumped = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final Disposable watchdog;

	SlowRequestLog(@Value("${nguon.http.slow-request:5s}") Duration slow,
			@Value("${nguon.http.stuck-request-dump:0s}") Duration stuck) {
		this.slowNanos = slow.toNanos();
		this.stuckNanos = stuck.toNanos();
		this.watchdog = stuck.isZero() ? null
				: Flux.interval(Duration.ofSeconds(1), Schedulers.boundedElastic()).subscribe(t -> checkStuck());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getRequest().getHeaders().getAccept().contains(MediaType.TEXT_EVENT_STREAM)
				|| "true".equals(exchange.getRequest().getQueryParams().getFirst("stream"))) {
			return chain.filter(exchange); // event streams are meant to stay open
		}
		long id = this.ids.incrementAndGet();
		long started = System.nanoTime();
		String what = exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
		if (this.watchdog != null) {
			this.inFlight.put(id, new InFlight(what, started));
		}
		return chain.filter(exchange).doFinally(signal -> {
			this.inFlight.remove(id);
			this.dumped.remove(id);
			long took = System.nanoTime() - started;
			if (took > this.slowNanos) {
				log.warn("Slow request: {} -> {} in {} ms ({})", what, exchange.getResponse().getStatusCode(),
						took / 1_000_000, signal);
			}
		});
	}

	private void checkStuck() {
		long now = System.nanoTime();
		this.inFlight.forEach((id, r) -> {
			if (now - r.startedAt() > this.stuckNanos && this.dumped.putIfAbsent(id, Boolean.TRUE) == null) {
				StringBuilder dump = new StringBuilder();
				for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
					dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState()).append('\n');
					for (StackTraceElement frame : info.getStackTrace()) {
						dump.append("\tat ").append(frame).append('\n');
					}
				}
				log.warn("Request unanswered after {} ms: {}; {} in flight; threads:\n{}",
						(now - r.startedAt()) / 1_000_000, r.what(), this.inFlight.size(), dump);
			}
		});
	}

	@Override
	public void destroy() {
		if (this.watchdog != null) {
			this.watchdog.dispose();
		}
	}

}
