package vn.nguon.api.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import vn.nguon.grading.photo.PhotoInspector;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.traceability.batch.Batch;
import vn.nguon.traceability.batch.BatchFilter;
import vn.nguon.traceability.batch.BatchService;
import vn.nguon.traceability.demo.DemoData;
import vn.nguon.traceability.product.ProductRepository;

/**
 * The demo's graded lots ({@code NGUON_DEMO_DATA=true}): once the demo cooperative exists, each of its
 * cherry-tomato lots without photos gets ten sample photos (FGrade tomatoes shipped in
 * {@code grading/src/main/resources/demo/tomato}, MIT licence), queued like an upload. The grading worker
 * grades them, so a newcomer's first start shows verdicts, batch grades, a review queue and filled
 * quality charts. Idempotent: a lot that has photos is left alone.
 */
@Component
@ConditionalOnProperty(name = "nguon.demo-data", havingValue = "true")
class DemoGrading {

	private static final Logger log = LoggerFactory.getLogger(DemoGrading.class);

	/** Photos of each demo tomato lot, in lot order: mostly fresh, mostly medium, mostly rotten. */
	static final List<List<String>> SAMPLES = List.of(
			photos("fresh", 1, 8, "medium", 1, 2), photos("medium", 1, 8, "rotten", 1, 2),
			photos("rotten", 1, 8, "medium", 7, 8));

	private final DemoData demo;

	private final ProductRepository products;

	private final BatchService batches;

	private final GradingStore store;

	private final PhotoInspector inspector;

	DemoGrading(DemoData demo, ProductRepository products, BatchService batches, GradingStore store,
			PhotoInspector inspector) {
		this.demo = demo;
		this.products = products;
		this.batches = batches;
		this.store = store;
		this.inspector = inspector;
	}

	private static List<String> photos(String a, int aFrom, int aTo, String b, int bFrom, int bTo) {
		List<String> names = new ArrayList<>();
		for (int i = aFrom; i <= aTo; i++) {
			names.add(String.format("%s-%02d.jpg", a, i));
		}
		for (int i = bFrom; i <= bTo; i++) {
			names.add(String.format("%s-%02d.jpg", b, i));
		}
		return List.copyOf(names);
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		this.demo.seeded().then(seed()).subscribe(n -> {
			if (n > 0) {
				log.info("Demo photos queued for grading: {}", n);
			}
		}, ex -> log.warn("Demo photos not queued: {}", ex.toString()));
	}

	/** @return how many photos were queued */
	Mono<Long> seed() {
		return this.products.findByGtin(DemoData.TOMATO)
			.flatMapMany(p -> this.batches.search(p.orgId(), new BatchFilter(p.id(), null, null, null, null, null, 0, 50))
				.flatMapMany(page -> {
					List<Batch> lots = new ArrayList<>(page.items());
					lots.sort(Comparator.comparing(b -> b.lot().value()));
					return Flux.range(0, Math.min(lots.size(), SAMPLES.size()))
						.concatMap(i -> queueIfEmpty(p.orgId().value(), lots.get(i).id(), SAMPLES.get(i)));
				}))
			.reduce(0L, Long::sum);
	}

	private Mono<Long> queueIfEmpty(UUID org, UUID batchId, List<String> names) {
		return this.store.queueState(org, batchId).flatMap(states -> states.values().stream().mapToLong(Long::longValue)
			.sum() > 0 ? Mono.just(0L)
					: Flux.fromIterable(names)
						.concatMap(name -> Mono.fromCallable(() -> this.inspector.inspect(read(name), "image/jpeg"))
							.subscribeOn(Schedulers.boundedElastic())
							.flatMap(checked -> this.store.savePhoto(org, batchId, "tomato", checked, "demo")))
						.count());
	}

	private static byte[] read(String name) {
		try (InputStream in = DemoGrading.class.getClassLoader().getResourceAsStream("demo/tomato/" + name)) {
			if (in == null) {
				throw new IllegalStateException("demo photo missing: " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
