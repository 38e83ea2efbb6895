package vn.nguon.api.resolver;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import vn.nguon.api.security.ClientAddress;
import vn.nguon.api.security.ClientRateLimits;
import vn.nguon.api.security.SecurityHeaders;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.consumer.ScanCounter;
import vn.nguon.traceability.gs1.DigitalLink;
import vn.nguon.traceability.gs1.LotRef;

/**
 * The consumer page and public JSON of a lot whose view is in memory, answered before the security
 * filter chain, the handler mapping and the result handlers run: a QR scan is the busiest request
 * of the service and, when the page is cached, needs none of them. Measured with async-profiler
 * under wrk (bench/resolver), those layers were most of the CPU of a cached answer.
 *
 * <p>It answers exactly what {@link ResolverController} answers (a test compares status, every
 * header and the body of both paths) and only where that is certain: a plain {@code GET} of
 * {@code /01/{gtin}/10/{lot}} with no query string, no credentials (no {@code Authorization}, no
 * session cookie), no {@code Origin} (CORS is left to the controller's configuration), a path of
 * letters, digits, {@code - _ .} and slashes only (anything else goes through the request
 * firewall), asking for HTML or JSON, for a lot whose view is fresh in memory. It applies the
 * public rate limit, the chain's security headers ({@link SecurityHeaders}) and counts the scan. The
 * headers of an answer are made once per ETag, status and scheme and kept (at most {@value #MAX_KEPT}
 * sets): profiled under load, making them again was a sixth of the CPU of a cached page.
 * Everything else, including a rate-limited client (the chain answers its 429), goes on down the
 * chain unchanged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ConsumerPageShortcut implements WebFilter {

	private final ConsumerPages pages;

	private final ScanCounter scans;

	private final ClientRateLimits limits;

	private final ServerHttpHeadersWriter securityHeaders = SecurityHeaders.writer();

	/** Headers of answers given, by ETag, status and scheme (the security headers depend on the scheme only). */
	private final Map<String, HttpHeaders> answers = new ConcurrentHashMap<>();

	private static final int MAX_KEPT = 10_000;

	ConsumerPageShortcut(ConsumerPages pages, ScanCounter scans, ClientRateLimits limits) {
		this.pages = pages;
		this.scans = scans;
		this.limits = limits;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<Void> answer = answer(exchange);
		return answer != null ? answer : chain.filter(exchange);
	}

	/** @return the answer, or null when this request is the controller's */
	private Mono<Void> answer(ServerWebExchange exchange) {
		var request = exchange.getRequest();
		if (!HttpMethod.GET.equals(request.getMethod()) || request.getURI().getRawQuery() != null) {
			return null;
		}
		String path = request.getPath().pathWithinApplication().value();
		HttpHeaders in = request.getHeaders();
		if (!path.startsWith("/01/") || !plain(path) || in.containsHeader(HttpHeaders.ORIGIN)
				|| !SecurityHeaders.anonymous(request)) {
			return null;
		}
		Optional<LotRef> lotRef;
		String representation;
		try {
			lotRef = DigitalLink.parse(this.pages.base() + path).lotRef();
			representation = ResolverController.representation(null, in.getAccept());
		}
		catch (TraceabilityException | InvalidMediaTypeException ex) {
			return null; // the controller answers the problem
		}
		if (lotRef.isEmpty() || !(representation.equals("html") || representation.equals("json"))) {
			return null;
		}
		LotRef lot = lotRef.get();
		Locale locale = Languages.resolve(exchange);
		boolean html = representation.equals("html");
		ConsumerPages.Rendered rendered = this.pages.inMemory(lot, !html, locale);
		if (rendered == null
				|| this.limits.tryAcquire(ClientRateLimits.PUBLIC, ClientAddress.of(exchange)).isPresent()) {
			return null;
		}
		this.scans.count(lot);
		boolean notModified = ConditionalRequests.matches(exchange, rendered.etag());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK);
		String key = rendered.etag() + (notModified ? " 304 " : " 200 ") + request.getURI().getScheme();
		HttpHeaders known = this.answers.get(key);
		if (known != null) {
			return send(response, known, notModified ? null : rendered.body());
		}
		// the first answer of this kind: its headers are made (the security writer's too) and kept
		HttpHeaders made = ResolverController.lotHeaders(this.pages.base(), this.pages.base() + lot.digitalLinkPath());
		made.setETag(rendered.etag());
		if (!notModified) {
			made.setContentType(html ? ResolverController.HTML : MediaType.APPLICATION_JSON);
			made.setContentLength(rendered.body().length);
		}
		return this.securityHeaders.writeHttpHeaders(into(exchange, made)).then(Mono.defer(() -> {
			if (this.answers.size() >= MAX_KEPT) {
				this.answers.clear();
			}
			this.answers.put(key, made);
			return send(response, made, notModified ? null : rendered.body());
		}));
	}

	private static Mono<Void> send(ServerHttpResponse response, HttpHeaders headers, byte[] body) {
		response.getHeaders().putAll(headers);
		return body == null ? response.setComplete()
				: response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	/** @return the exchange as the security writer sees it: its response headers are {@code headers} */
	private static ServerWebExchange into(ServerWebExchange exchange, HttpHeaders headers) {
		ServerHttpResponse response = new ServerHttpResponseDecorator(exchange.getResponse()) {

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
		return new ServerWebExchangeDecorator(exchange) {

			@Override
			public ServerHttpResponse getResponse() {
				return response;
			}

		};
	}

	/** @return whether the raw path holds only characters no firewall rule or decoding step concerns */
	static boolean plain(String path) {
		char previous = 0;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_' || c == '/' || (c == '.' && previous != '/' && previous != '.');
			if (!ok || (c == '/' && previous == '/')) {
				return false;
			}
			previous = c;
		}
		return !path.endsWith("/");
	}

}
