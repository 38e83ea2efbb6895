package vn.nguon.api.ui;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Folder addresses of the screens: {@code /app/} (farmer PWA) and {@code /dashboard/} answer their
 * {@code index.html}; {@code /app} and {@code /dashboard} redirect to the folder so relative
 * paths and the service worker scope match. The files themselves are static resources of
 * frontend-static.
 */
@Configuration(proxyBeanMethods = false)
class UiRoutes {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	@Bean
	RouterFunction<ServerResponse> uiRouter() {
		return RouterFunctions.route()
			.GET("/app", request -> redirect("/app/"))
			.GET("/app/", request -> page("app/index.html"))
			.GET("/dashboard", request -> redirect("/dashboard/"))
			.GET("/dashboard/", request -> page("dashboard/index.html"))
			.build();
	}

	private static Mono<ServerResponse> redirect(String to) {
		return ServerResponse.permanentRedirect(URI.create(to)).build();
	}

	private static Mono<ServerResponse> page(String path) {
		return ServerResponse.ok()
			.contentType(HTML)
			.cacheControl(CacheControl.noCache())
			.bodyValue(new ClassPathResource("META-INF/resources/" + path));
	}

}
