package vn.nguon.api.epcis;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every answer under {@code /epcis}, errors included, names the EPCIS and CBV versions it speaks,
 * as the EPCIS 2.0 REST binding asks.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EpcisVersionHeaders implements WebFilter {

	static final String EPCIS_VERSION = "2.0.0";

	static final String CBV_VERSION = "2.0.0";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/epcis") || path.startsWith("/epcis/")) {
			exchange.getResponse().beforeCommit(() -> {
				exchange.getResponse().getHeaders().set("GS1-EPCIS-Version", EPCIS_VERSION);
				exchange.getResponse().getHeaders().set("GS1-CBV-Version", CBV_VERSION);
				return Mono.empty();
			});
		}
		return chain.filter(exchange);
	}

}
