package vn.nguon.api.support;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Credentials for tests. */
public final class TestAuth {

	/** The admin token configured in {@code application-test.yml}. */
	public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef0123456789";

	private TestAuth() {
	}

	/** @return a client that sends the admin token */
	public static WebTestClient asAdmin(WebTestClient client) {
		return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN).build();
	}

}
