package vn.nguon.api.resolver;

import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
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
 * public rate limit, the chain's security headers ({@link SecurityHeaders}) and counts the scan.
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
		String variant = html ? ConsumerPages.htmlVariant(locale) : ConsumerPages.JSON_VARIANT;
		ConsumerPages.Rendered rendered = this.pages.inMemory(lot, variant, locale);
		if (rendered == null
				|| this.limits.tryAcquire(ClientRateLimits.PUBLIC, ClientAddress.of(exchange)).isPresent()) {
			return null;
		}
		this.scans.count(lot);
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> this.securityHeaders.writeHttpHeaders(exchange));
		HttpHeaders out = response.getHeaders();
		out.putAll(ResolverController.lotHeaders(this.pages.base(), this.pages.base() + lot.digitalLinkPath()));
		out.setETag(rendered.etag());
		if (ConditionalRequests.matches(exchange, rendered.etag())) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			return response.setComplete();
		}
		response.setStatusCode(HttpStatus.OK);
		out.setContentType(html ? ResolverController.HTML : MediaType.APPLICATION_JSON);
		out.setContentLength(rendered.body().length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(rendered.body())));
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
