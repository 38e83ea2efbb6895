package vn.nguon.api.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentSecurityPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.PermissionsPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;

/**
 * The security headers every answer carries, as one writer: {@link SecurityConfig}'s filter chain
 * writes them with it, and so does the consumer page shortcut, which answers before that chain runs.
 * Spring Security's defaults (cache control where the answer set none, nosniff, HSTS on https, frame
 * options, X-XSS-Protection 0) plus the policies of {@link SecurityConfig} (CSP, referrer, permissions,
 * frames denied).
 */
public final class SecurityHeaders {

	private SecurityHeaders() {
	}

	/**
	 * @param request a request
	 * @return whether it carries no credentials the chain would act on (no {@code Authorization}, no session cookie)
	 */
	public static boolean anonymous(ServerHttpRequest request) {
		return !request.getHeaders().containsHeader(HttpHeaders.AUTHORIZATION)
				&& !request.getCookies().containsKey(SecurityConfig.SESSION_COOKIE);
	}

	/** @return a writer adding the chain's headers (cache control only where the answer set none) */
	public static ServerHttpHeadersWriter writer() {
		XFrameOptionsServerHttpHeadersWriter frames = new XFrameOptionsServerHttpHeadersWriter();
		frames.setMode(Mode.DENY);
		PermissionsPolicyServerHttpHeadersWriter permissions = new PermissionsPolicyServerHttpHeadersWriter();
		permissions.setPolicy(SecurityConfig.PERMISSIONS_POLICY);
		ContentSecurityPolicyServerHttpHeadersWriter csp = new ContentSecurityPolicyServerHttpHeadersWriter();
		csp.setPolicyDirectives(SecurityConfig.CSP);
		ReferrerPolicyServerHttpHeadersWriter referrer = new ReferrerPolicyServerHttpHeadersWriter();
		referrer.setPolicy(SecurityConfig.REFERRER_POLICY);
		return new CompositeServerHttpHeadersWriter(new CacheControlServerHttpHeadersWriter(),
				new ContentTypeOptionsServerHttpHeadersWriter(), new StrictTransportSecurityServerHttpHeadersWriter(),
				frames, new XXssProtectionServerHttpHeadersWriter(), permissions, csp,
				referrer);
	}

}
