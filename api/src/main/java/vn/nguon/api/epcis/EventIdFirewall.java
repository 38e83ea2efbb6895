package vn.nguon.api.epcis;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

/**
 * EPCIS event ids are URIs ({@code ni:///sha-256;...?ver=CBV2.0}), so {@code GET /epcis/events/{eventID}}
 * receives them percent-encoded, with encoded slashes and semicolons that Spring Security's strict
 * firewall refuses everywhere. This firewall allows those encodings on that one path (and on the values
 * of the other top-level resources, {@code /epcis/epcs/{epc}} and the like) only and keeps
 * the strict rules for every other request. GS1 Digital Link paths ({@code /01/...}, and the same behind
 * {@code /qr/}) carry lot and serial values from the GS1 character set, which includes {@code /},
 * {@code %} and {@code ;}: there those arrive percent-encoded and are allowed too (never a double slash).
 */
@Configuration(proxyBeanMethods = false)
class EventIdFirewall {

	static final String EVENT_PATH = "/epcis/events/";

	/** A value of a top-level resource ({@code /epcis/epcs/{epc}}, {@code .../events}): URIs too, percent-encoded. */
	static final java.util.regex.Pattern RESOURCE_PATH = java.util.regex.Pattern
		.compile("/epcis/(eventTypes|epcs|bizSteps|bizLocations|readPoints|dispositions)/[^/]+(/events)?");

	/**
	 * Every value in a Digital Link path is one percent-encoded segment that the resolver decodes
	 * once: an encoded slash, period, percent or NUL is data (a lot code may be {@code ./} or
	 * {@code %00}), so Spring's check of the fully decoded path would refuse labels the service
	 * itself printed. Here the raw path is checked instead: printable ASCII only, no raw empty,
	 * {@code .} or {@code ..} segment, no backslash.
	 * @return why the path is refused, or {@code null}
	 */
	static String digitalLinkProblem(String raw) {
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c < 0x21 || c > 0x7e || c == '\\') {
				return "a character that must be percent-encoded";
			}
		}
		String[] segments = raw.substring(1).split("/", -1);
		for (int i = 0; i < segments.length; i++) {
			String s = segments[i];
			if ((s.isEmpty() && i < segments.length - 1) || ".".equals(s) || "..".equals(s)) {
				return "an empty or dot segment";
			}
		}
		return null;
	}

	@Bean
	ServerWebExchangeFirewall serverWebExchangeFirewall() {
		StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();
		StrictServerWebExchangeFirewall eventIds = new StrictServerWebExchangeFirewall();
		eventIds.setAllowUrlEncodedSlash(true);
		eventIds.setAllowUrlEncodedDoubleSlash(true);
		eventIds.setAllowSemicolon(true);
		eventIds.setAllowUrlEncodedPercent(true);
		StrictServerWebExchangeFirewall digitalLinks = new StrictServerWebExchangeFirewall();
		return new ServerWebExchangeFirewall() {
			@Override
			public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
				String raw = exchange.getRequest().getURI().getRawPath();
				boolean eventPath = raw != null && (raw.startsWith(EVENT_PATH) && raw.indexOf('/', EVENT_PATH.length()) < 0
						|| RESOURCE_PATH.matcher(raw).matches());
				if (eventPath) {
					return eventIds.getFirewalledExchange(exchange);
				}
				boolean digitalLink = raw != null && (raw.startsWith("/01/") || raw.startsWith("/qr/"));
				if (!digitalLink) {
					return strict.getFirewalledExchange(exchange);
				}
				String why = digitalLinkProblem(raw);
				if (why != null) {
					return Mono.error(new ServerExchangeRejectedException("Rejected Digital Link path: " + why));
				}
				// the strict checks of everything but the path (method, host; headers and parameters as
				// they are read), then the real path back
				return digitalLinks.getFirewalledExchange(exchange.mutate()
					.request(r -> r.path(raw.startsWith("/qr/") ? "/qr/01/0" : "/01/0"))
					.build())
					.map(checked -> checked.mutate().request(r -> r.path(raw)).build());
			}
		};
	}

}
