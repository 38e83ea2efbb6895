package vn.nguon.api.resolver;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.consumer.ScanCounter;
import vn.nguon.traceability.gs1.DigitalLink;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;

/**
 * The GS1 Digital Link resolver at {@code /01/...}: a browser gets the consumer page, a machine the
 * public JSON or an RFC 9264 linkset, {@code ?linkType=} picks one link (307 to it, or the page or
 * JSON when the link is this resource). A syntactically wrong Digital Link is a 400 problem, an
 * unknown lot a 404 (an HTML page for browsers).
 * <p>
 * Over 300 lines: every answer of a link (page, JSON, linkset, redirect, the 404 of each representation) is one
 * content negotiation over the same parsed link.
 */
@RestController
@org.springframework.web.bind.annotation.CrossOrigin(origins = "*", methods = { RequestMethod.GET, RequestMethod.HEAD,
		RequestMethod.OPTIONS }, exposedHeaders = { "Link", "ETag", "Location" }, maxAge = 86400)
class ResolverController {

	static final MediaType LINKSET = MediaType.parseMediaType("application/linkset+json");

	static final String VOC = "https://gs1.org/voc/";

	static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

	/** Link types this resolver serves for a lot, in linkset order. */
	static final List<String> LOT_LINK_TYPES = List.of("pip", "traceability", "epcis", "certificationInfo",
			"recallStatus");

	private final ConsumerPages pages;

	private final ScanCounter scans;

	private final MessageSource messages;

	ResolverController(ConsumerPages pages, ScanCounter scans, MessageSource messages) {
		this.pages = pages;
		this.scans = scans;
		this.messages = messages;
	}

	@RequestMapping(path = "/01/**", method = RequestMethod.OPTIONS)
	ResponseEntity<Void> options() {
		return ResponseEntity.noContent()
			.header(HttpHeaders.ALLOW, "GET, HEAD, OPTIONS")
			.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
			.header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
			.header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, "Accept, Accept-Language, If-None-Match")
			.header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
			.build();
	}

	@GetMapping("/01/**")
	Mono<ResponseEntity<?>> resolve(ServerWebExchange exchange) {
		var request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		if (rawPath.length() > 1 && rawPath.endsWith("/")) {
			rawPath = rawPath.substring(0, rawPath.length() - 1); // tolerated, as GS1-conformant resolvers do
		}
		String rawQuery = request.getURI().getRawQuery();
		DigitalLink link = DigitalLink.parse(this.pages.base() + rawPath + (rawQuery != null ? "?" + rawQuery : ""));
		String linkType = request.getQueryParams().getFirst("linkType");
		Locale locale = Languages.resolve(exchange);
		Optional<LotRef> lotRef = link.lotRef();
		if (lotRef.isEmpty()) {
			return product(link, exchange, linkType, locale);
		}
		LotRef lot = lotRef.get();
		String anchor = this.pages.base() + lot.digitalLinkPath();
		HttpHeaders headers = commonHeaders(anchor, exchange);
		String representation = representation(linkType, request.getHeaders().getAccept());
		if (representation.startsWith("redirect:")) {
			String target = passQueryOn(linkHref(representation.substring(9), lot, anchor), rawQuery);
			return Mono.just(ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).headers(headers)
				.location(URI.create(target)).build());
		}
		String variant = switch (representation) {
			case "json" -> ConsumerPages.JSON_VARIANT;
			case "html" -> ConsumerPages.htmlVariant(locale);
			default -> null;
		};
		String known = variant == null ? null : this.pages.knownEtag(lot, variant);
		if (known != null && ConditionalRequests.matches(exchange, known)) {
			// revalidation of the current page: answered from memory, no database access
			count(exchange, lot);
			if (variant.startsWith("html")) {
				Languages.remember(exchange);
			}
			headers.setETag(known);
			return Mono.just(ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build());
		}
		return switch (representation) {
			case "linkset" -> this.pages.lot(lot).map(found -> {
				if (found.isEmpty()) {
					throw notFound(lot);
				}
				return ResponseEntity.ok().headers(headers).contentType(LINKSET)
					.body(linkset(lot, anchor));
			});
			case "json" -> this.pages.json(lot).map(found -> {
				ConsumerPages.Rendered r = found.orElseThrow(() -> notFound(lot));
				count(exchange, lot);
				return conditional(exchange, headers, r, MediaType.APPLICATION_JSON);
			});
			default -> this.pages.html(lot, locale).map(found -> {
				if (found.isEmpty()) {
					if (wantsHtml(request.getHeaders().getAccept())) {
						return ResponseEntity.status(HttpStatus.NOT_FOUND).headers(headers)
							.contentType(HTML)
							.body(this.pages.renderNotFound(lot.key(), locale));
					}
					throw notFound(lot);
				}
				count(exchange, lot);
				Languages.remember(exchange);
				return conditional(exchange, headers, found.get(),
						HTML);
			});
		};
	}

	/**
	 * Product level ({@code /01/{gtin}}): the product's own page, JSON and linkset (its only link type is
	 * {@code gs1:pip}; journeys, grades and recalls belong to lots, which have their own codes).
	 */
	private Mono<ResponseEntity<?>> product(DigitalLink link, ServerWebExchange exchange, String linkType,
			Locale locale) {
		Gtin gtin = link.gtin().orElseThrow(() -> TraceabilityException.notFound("product-page-not-available",
				"Scan the QR code on the package: it names the lot (/01/{gtin}/10/{lot}).", link.pathString()));
		String anchor = this.pages.base() + "/01/" + gtin.value();
		String representation = productRepresentation(linkType, exchange.getRequest().getHeaders().getAccept());
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.LINK, "<" + anchor + "?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"");
		headers.add(HttpHeaders.LINK, "<" + anchor + ">; rel=\"" + VOC + "pip\"; type=\"text/html\"; hreflang=\"vi\"");
		headers.setAccessControlAllowOrigin("*");
		headers.setAccessControlExposeHeaders(List.of(HttpHeaders.LINK, HttpHeaders.ETAG));
		headers.setVary(List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.COOKIE));
		headers.setCacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic().mustRevalidate());
		return this.pages.product(gtin)
			.switchIfEmpty(Mono.error(() -> TraceabilityException.notFound("product-not-found",
					"No product with GTIN " + gtin.value() + " is recorded here.", gtin.value())))
			.map(product -> switch (representation) {
				case "linkset" -> ResponseEntity.ok().headers(headers).contentType(LINKSET).body(productLinkset(anchor));
				case "json" -> ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON)
					.body(this.pages.productJson(gtin, product));
				default -> ResponseEntity.ok().headers(headers).contentType(HTML)
					.body(this.pages.renderProduct(gtin, product, locale));
			});
	}

	static String productRepresentation(String linkType, List<MediaType> accept) {
		if (linkType == null) {
			return representation(null, accept);
		}
		String type = linkType.startsWith(VOC) ? linkType.substring(VOC.length())
				: linkType.startsWith("gs1:") ? linkType.substring(4) : linkType;
		return switch (type) {
			case "linkset", "all" -> "linkset";
			case "pip" -> "html";
			default -> throw TraceabilityException.notFound("unknown-link-type",
					"This resolver has no link of type " + linkType + " for this item.", linkType);
		};
	}

	private Map<String, Object> productLinkset(String anchor) {
		List<Map<String, Object>> links = new ArrayList<>();
		for (String lang : List.of("vi", "en")) {
			Map<String, Object> l = new LinkedHashMap<>();
			l.put("href", lang.equals("en") ? anchor + "?lang=en" : anchor);
			l.put("title", this.messages.getMessage("consumer.link.pip", null, "pip", Locale.forLanguageTag(lang)));
			l.put("type", "text/html");
			l.put("hreflang", List.of(lang));
			links.add(l);
		}
		Map<String, Object> set = new LinkedHashMap<>();
		set.put("anchor", anchor);
		set.put(VOC + "pip", links);
		set.put(VOC + "defaultLink", List.of(defaultLink(anchor)));
		return Map.of("linkset", List.of(set));
	}

	/** The link a resolver answers when no link type is asked for: the consumer page (Vietnamese first). */
	private Map<String, Object> defaultLink(String anchor) {
		Map<String, Object> l = new LinkedHashMap<>();
		l.put("href", anchor);
		l.put("title", this.messages.getMessage("consumer.link.pip", null, "pip", Locale.forLanguageTag("vi")));
		l.put("type", "text/html");
		l.put("hreflang", List.of("vi", "en"));
		return l;
	}

	private void count(ServerWebExchange exchange, LotRef lot) {
		if ("GET".equals(exchange.getRequest().getMethod().name())) {
			this.scans.count(lot);
		}
	}

	static TraceabilityException notFound(LotRef lot) {
		return TraceabilityException.notFound("lot-not-found",
				"No batch or event names the lot " + lot.key() + " here.", lot.key());
	}

	/**
	 * @return {@code html}, {@code json}, {@code linkset} or {@code redirect:<type>}
	 * @throws TraceabilityException (404 {@code unknown-link-type}) for a link type not offered
	 */
	static String representation(String linkType, List<MediaType> accept) {
		if (linkType != null) {
			String type = linkType.startsWith(VOC) ? linkType.substring(VOC.length())
					: linkType.startsWith("gs1:") ? linkType.substring(4) : linkType;
			if (type.equals("linkset") || type.equals("all")) {
				return "linkset";
			}
			if (!LOT_LINK_TYPES.contains(type)) {
				throw TraceabilityException.notFound("unknown-link-type",
						"This resolver has no link of type " + linkType + " for this item.", linkType);
			}
			return switch (type) {
				case "pip" -> "html";
				case "traceability" -> "json";
				default -> "redirect:" + type;
			};
		}
		for (MediaType m : accept) {
			if (m.isCompatibleWith(LINKSET) && !m.isWildcardType() && !m.isWildcardSubtype()) {
				return "linkset";
			}
		}
		List<MediaType> sorted = new ArrayList<>(accept);
		sorted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType m : sorted) {
			if (m.isWildcardType()) {
				return "html";
			}
			if (m.getType().equals("text") && (m.getSubtype().equals("html") || m.isWildcardSubtype())) {
				return "html";
			}
			if (m.getSubtype().equals("json") || m.getSubtype().equals("ld+json")) {
				return "json";
			}
		}
		return "html";
	}

	static boolean wantsHtml(List<MediaType> accept) {
		return accept.stream().anyMatch(m -> m.getType().equals("text") && m.getSubtype().equals("html"));
	}

	/**
	 * Passes the request's query string on to a redirect target, as a GS1-conformant resolver does, less its
	 * own {@code linkType} parameter; it goes before any fragment and after any query the target has.
	 * @param target the target (may hold a query and a fragment)
	 * @param rawQuery the request's raw (still encoded) query, or null
	 * @return the target with the other parameters appended
	 */
	static String passQueryOn(String target, String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return target;
		}
		StringBuilder kept = new StringBuilder();
		for (String pair : rawQuery.split("&")) {
			String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
			if (pair.isEmpty() || name.equals("linkType")) {
				continue;
			}
			kept.append(kept.length() == 0 ? "" : "&").append(pair);
		}
		if (kept.length() == 0) {
			return target;
		}
		int hash = target.indexOf('#');
		String head = hash < 0 ? target : target.substring(0, hash);
		String fragment = hash < 0 ? "" : target.substring(hash);
		return head + (head.contains("?") ? "&" : "?") + kept + fragment;
	}

	static String linkHref(String type, LotRef lot, String anchor) {
		return switch (type) {
			case "epcis" -> "/epcis/events?MATCH_anyEPCClass=" + URLEncoder.encode(anchor, StandardCharsets.UTF_8);
			case "certificationInfo" -> anchor + "#certifications";
			case "recallStatus" -> anchor + "#recall";
			case "traceability" -> anchor + "?linkType=gs1:traceability";
			default -> anchor;
		};
	}

	private Map<String, Object> linkset(LotRef lot, String anchor) {
		Map<String, Object> set = new LinkedHashMap<>();
		set.put("anchor", anchor);
		for (String type : LOT_LINK_TYPES) {
			List<Map<String, Object>> links = new ArrayList<>();
			String href = type.equals("epcis") ? this.pages.base() + linkHref(type, lot, anchor)
					: linkHref(type, lot, anchor);
			String mediaType = switch (type) {
				case "traceability", "epcis" -> "application/json";
				default -> "text/html";
			};
			for (String lang : List.of("vi", "en")) {
				Map<String, Object> l = new LinkedHashMap<>();
				l.put("href", type.equals("pip") && lang.equals("en") ? href + "?lang=en" : href);
				l.put("title", this.messages.getMessage("consumer.link." + type, null, type, Locale.forLanguageTag(lang)));
				l.put("type", mediaType);
				l.put("hreflang", List.of(lang));
				links.add(l);
			}
			set.put(VOC + type, links);
		}
		set.put(VOC + "defaultLink", List.of(defaultLink(anchor)));
		return Map.of("linkset", List.of(set));
	}

	private HttpHeaders commonHeaders(String anchor, ServerWebExchange exchange) {
		return lotHeaders(this.pages.base(), anchor);
	}

	/** @return the headers of every answer about a lot: its links, CORS exposure, Vary and caching */
	static HttpHeaders lotHeaders(String base, String anchor) {
		HttpHeaders h = new HttpHeaders();
		h.add(HttpHeaders.LINK, "<" + anchor + "?linkType=linkset>; rel=\"linkset\"; type=\"application/linkset+json\"");
		h.add(HttpHeaders.LINK, "<" + anchor + ">; rel=\"" + VOC + "pip\"; type=\"text/html\"; hreflang=\"vi\"");
		h.add(HttpHeaders.LINK, "<" + base + linkHref("epcis", null, anchor) + ">; rel=\"" + VOC
				+ "epcis\"; type=\"application/json\"");
		h.setAccessControlAllowOrigin("*");
		h.setAccessControlExposeHeaders(List.of(HttpHeaders.LINK, HttpHeaders.ETAG, HttpHeaders.LOCATION));
		h.setVary(List.of(HttpHeaders.ACCEPT, HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.COOKIE));
		h.setCacheControl(CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic().mustRevalidate());
		return h;
	}

	private static ResponseEntity<?> conditional(ServerWebExchange exchange, HttpHeaders headers,
			ConsumerPages.Rendered r, MediaType type) {
		headers.setETag(r.etag());
		if (ConditionalRequests.matches(exchange, r.etag())) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
		}
		return ResponseEntity.ok().headers(headers).contentType(type).contentLength(r.body().length).body(r.body());
	}

}
