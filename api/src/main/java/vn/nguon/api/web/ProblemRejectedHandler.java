package vn.nguon.api.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Requests the security firewall refuses (encoded slashes or dots used for path traversal,
 * malformed percent-encoding...) get the same RFC 9457 answer as every other user error,
 * not an empty 400.
 */
@Component
class ProblemRejectedHandler implements ServerExchangeRejectedHandler {

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException ex) {
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = "{\"type\":\"" + Problems.TYPE_PREFIX + "rejected-request\",\"title\":\"Bad Request\",\"status\":400,"
				+ "\"detail\":\"The request path or headers are not acceptable (for example an encoded slash or a path traversal).\","
				+ "\"code\":\"rejected-request\"}";
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		response.getHeaders().setContentLength(bytes.length);
		// a refused request may have confused the connection's framing: do not reuse it
		response.getHeaders().setConnection("close");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}
