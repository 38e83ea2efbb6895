package vn.nguon.api.epcis;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

/**
 * EPCIS event ids are URIs ({@code ni:///sha-256;...?ver=CBV2.0}), so {@code GET /epcis/events/{eventID}}
 * receives them percent-encoded, with encoded slashes and semicolons that Spring Security's strict
 * firewall refuses everywhere. This firewall allows those encodings on that one path only and keeps
 * the strict rules for every other request. GS1 Digital Link paths ({@code /01/...}, and the same behind
 * {@code /qr/}) carry lot and serial values from the GS1 character set, which includes {@code /},
 * {@code %} and {@code ;}: there those arrive percent-encoded and are allowed too (never a double slash).
 */
@Configuration(proxyBeanMethods = false)
class EventIdFirewall {

	static final String EVENT_PATH = "/epcis/events/";

	@Bean
	ServerWebExchangeFirewall serverWebExchangeFirewall() {
		StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();
		StrictServerWebExchangeFirewall eventIds = new StrictServerWebExchangeFirewall();
		eventIds.setAllowUrlEncodedSlash(true);
		eventIds.setAllowUrlEncodedDoubleSlash(true);
		eventIds.setAllowSemicolon(true);
		eventIds.setAllowUrlEncodedPercent(true);
		StrictServerWebExchangeFirewall digitalLinks = new StrictServerWebExchangeFirewall();
		digitalLinks.setAllowUrlEncodedSlash(true);
		digitalLinks.setAllowSemicolon(true);
		digitalLinks.setAllowUrlEncodedPercent(true);
		return new ServerWebExchangeFirewall() {
			@Override
			public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
				String raw = exchange.getRequest().getURI().getRawPath();
				boolean eventPath = raw != null && raw.startsWith(EVENT_PATH) && raw.indexOf('/', EVENT_PATH.length()) < 0;
				if (eventPath) {
					return eventIds.getFirewalledExchange(exchange);
				}
				boolean digitalLink = raw != null && (raw.startsWith("/01/") || raw.startsWith("/qr/"));
				return (digitalLink ? digitalLinks : strict).getFirewalledExchange(exchange);
			}
		};
	}

}
