package vn.nguon.api.subscription;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.LinkedMultiValueMap;

import vn.nguon.api.epcis.QueryParameters;
import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.subscription.NamedQueryCompiler;
import vn.nguon.traceability.subscription.SubscriptionSettings;
import vn.nguon.traceability.subscription.WebhookSender;

/**
 * What the subscription dispatcher needs from the web side: the parser of the
 * {@code GET /epcis/events} parameters, and an HTTP client for webhooks (JDK client, no
 * redirects followed, so a checked destination cannot bounce elsewhere).
 */
@Configuration(proxyBeanMethods = false)
class SubscriptionWiring {

	@Bean
	NamedQueryCompiler namedQueryCompiler() {
		return SubscriptionWiring::compile;
	}

	/** Parses stored parameters exactly as {@code GET /epcis/events} does, with another limit. */
	static EventQuery compile(Map<String, List<String>> params, int limit) {
		LinkedMultiValueMap<String, String> map = new LinkedMultiValueMap<>();
		params.forEach((k, v) -> map.put(k, List.copyOf(v)));
		EventQuery q = QueryParameters.parse(map, Integer.MAX_VALUE - 1).query();
		return q.withLimit(limit);
	}

	/** @throws EpcisException when a stored query may not page by itself */
	static void checkStorable(Map<String, List<String>> params) {
		if (params.containsKey("nextPageToken")) {
			throw EpcisException.queryParameter("epcis-invalid-query-parameter",
					"A named query cannot hold nextPageToken; give it when reading the query's events.", "nextPageToken");
		}
	}

	@Bean
	WebhookSender webhookSender(SubscriptionSettings settings) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		return (URI dest, byte[] body, Map<String, String> headers) -> {
			HttpRequest.Builder request = HttpRequest.newBuilder(dest)
				.timeout(settings.requestTimeout())
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			headers.forEach(request::header);
			return Mono.fromFuture(() -> client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()))
				.map(HttpResponse::statusCode);
		};
	}

}
