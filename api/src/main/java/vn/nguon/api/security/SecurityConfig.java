package vn.nguon.api.security;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who may call what. Public: consumer pages and resolver ({@code /01/...}), QR images, the
 * transparency log, health, API docs and static files. Everything under {@code /api} and
 * {@code /epcis} needs a signed-in member or a token.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfig {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http,
			BearerTokenAuthenticationManager tokens) {
		AuthenticationWebFilter bearer = new AuthenticationWebFilter(tokens);
		bearer.setServerAuthenticationConverter(SecurityConfig::bearerToken);
		bearer.setAuthenticationFailureHandler(problem(HttpStatus.UNAUTHORIZED, "unauthorized",
				"Missing, unknown or expired credentials."));
		bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange(ex -> ex.pathMatchers("/api/**", "/epcis/**")
				.authenticated()
				.anyExchange()
				.permitAll())
			.exceptionHandling(eh -> eh
				.authenticationEntryPoint((exchange, e) -> write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized",
						"Sign in or send Authorization: Bearer <token>."))
				.accessDeniedHandler((exchange, e) -> write(exchange, HttpStatus.FORBIDDEN, "forbidden",
						"You are not allowed to do this.")))
			.build();
	}

	private static Mono<org.springframework.security.core.Authentication> bearerToken(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Mono.empty();
		}
		String token = header.substring(7).trim();
		return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated(token, token));
	}

	private static ServerAuthenticationFailureHandler problem(HttpStatus status, String code, String detail) {
		return (webFilterExchange, e) -> write(webFilterExchange.getExchange(), status, code, detail);
	}

	static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
		var response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		String body = "{\"type\":\"/problems/" + code + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
				+ status.value() + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
