package vn.nguon.api.resolver;

import org.springframework.web.server.ServerWebExchange;

/**
 * {@code If-None-Match} against a strong ETag, compared weakly as RFC 9110 asks for GET: a proxy
 * that compresses may hand the tag back as {@code W/"..."}; {@code *} matches any current tag.
 */
final class ConditionalRequests {

	private ConditionalRequests() {
	}

	/**
	 * @param exchange the request
	 * @param etag the current ETag, quoted
	 * @return whether the request's {@code If-None-Match} names it
	 */
	static boolean matches(ServerWebExchange exchange, String etag) {
		for (String tag : exchange.getRequest().getHeaders().getIfNoneMatch()) {
			if (tag.equals(etag) || tag.equals("*") || (tag.startsWith("W/") && tag.substring(2).equals(etag))) {
				return true;
			}
		}
		return false;
	}

}
