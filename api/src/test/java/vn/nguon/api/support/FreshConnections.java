package vn.nguon.api.support;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.WebTestClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

/**
 * The tests' client opens a new connection for every request instead of reusing kept-alive ones. In the
 * full suite a request now and then got no answer until the client's 60 s timeout, with the service
 * never seeing it (no request in flight in its stuck-request log, every event loop idle in the thread
 * dump), so most likely it was written to a pooled connection the service had already let go. Loopback
 * connections cost next to nothing, and real clients keep their own pools.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FreshConnections {

	@Bean
	WebTestClientBuilderCustomizer freshConnections() {
		return builder -> builder
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())));
	}

}
