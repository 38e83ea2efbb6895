package vn.nguon.traceability.subscription;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

/** Sends one webhook callback (implemented by the application with an HTTP client). */
public interface WebhookSender {

	/**
	 * @param dest the subscriber's URL (checked by {@link Destinations} again before sending)
	 * @param body the JSON body
	 * @param headers extra headers (content type, signature)
	 * @return the status code the receiver answered; an error when it could not be reached
	 */
	Mono<Integer> post(URI dest, byte[] body, Map<String, String> headers);

}
