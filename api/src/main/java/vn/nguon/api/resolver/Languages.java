package vn.nguon.api.resolver;

import java.time.Duration;
import java.util.Locale;

import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.web.server.ServerWebExchange;

/**
 * The consumer page's language: {@code ?lang=vi|en} (remembered in a cookie), else the cookie,
 * else the first of Vietnamese or English in {@code Accept-Language}, else Vietnamese.
 */
final class Languages {

	static final Locale VI = Locale.forLanguageTag("vi");

	private Languages() {
	}

	static Locale resolve(ServerWebExchange exchange) {
		String param = exchange.getRequest().getQueryParams().getFirst("lang");
		if ("en".equals(param) || "vi".equals(param)) {
			return Locale.forLanguageTag(param);
		}
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst("lang");
		if (cookie != null && ("en".equals(cookie.getValue()) || "vi".equals(cookie.getValue()))) {
			return Locale.forLanguageTag(cookie.getValue());
		}
		for (Locale.LanguageRange range : exchange.getRequest().getHeaders().getAcceptLanguage()) {
			String lang = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
			if (lang.equals("vi") || lang.equals("en")) {
				return Locale.forLanguageTag(lang);
			}
		}
		return VI;
	}

	/** Keeps an explicit {@code ?lang=} choice in a cookie (no tracking: the language only). */
	static void remember(ServerWebExchange exchange) {
		String param = exchange.getRequest().getQueryParams().getFirst("lang");
		if ("en".equals(param) || "vi".equals(param)) {
			exchange.getResponse().addCookie(ResponseCookie.from("lang", param).path("/").maxAge(Duration.ofDays(365))
				.sameSite("Lax").build());
		}
	}

}
