package vn.nguon.api.security;

import java.net.InetSocketAddress;

import org.springframework.web.server.ServerWebExchange;

/**
 * The client address rate limits are kept per. Behind a reverse proxy set
 * {@code NGUON_FORWARD_HEADERS=framework} (server.forward-headers-strategy) so that the address
 * comes from {@code X-Forwarded-For} / {@code Forwarded} of the trusted proxy.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	/** @return the client's IP address as text, or {@code unknown} */
	public static String of(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
