package vn.nguon.traceability.subscription;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Posts one EPCISQueryDocument to a subscription's destination: checked against the allowed destinations
 * off the event loop, signed with the subscription's token, within the request timeout.
 */
final class WebhookPoster {

	private final WebhookSender sender;

	private final Destinations destinations;

	private final SubscriptionSettings settings;

	WebhookPoster(WebhookSender sender, Destinations destinations, SubscriptionSettings settings) {
		this.sender = sender;
		this.destinations = destinations;
		this.settings = settings;
	}

	/** @return empty when the receiver answered 2xx, else what went wrong */
	Mono<String> post(String dest, String token, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/ld+json");
		headers.put("GS1-EPCIS-Version", "2.0");
		if (token != null) {
			headers.put(Signatures.HEADER, Signatures.sign(token, body));
		}
		return Mono.fromCallable(() -> this.destinations.check(dest))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((URI uri) -> this.sender.post(uri, body, headers))
			.timeout(this.settings.requestTimeout())
			.map(status -> status >= 200 && status < 300 ? "" : "HTTP " + status)
			.onErrorResume(ex -> Mono.just(ex.getClass().getSimpleName() + ": " + ex.getMessage()));
	}

}
