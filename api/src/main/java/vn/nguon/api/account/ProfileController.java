package vn.nguon.api.account;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.api.security.Actors;
import vn.nguon.api.web.RequestBodies;
import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.organisation.PublicProfile;
import vn.nguon.traceability.organisation.PublicProfiles;

/**
 * The organisation's public profile: the contact, text, certifications and logo its lots' consumer
 * pages show. Members read it, admins write it; the logo itself is public under its digest.
 */
@RestController
class ProfileController {

	private final PublicProfiles profiles;

	ProfileController(PublicProfiles profiles) {
		this.profiles = profiles;
	}

	/** The profile's fields as sent and answered. */
	record ProfileBody(String displayName, String phone, String email, String website, String address, String about,
			List<CertificationBody> certifications, String logo, Instant updatedAt) {

		static ProfileBody of(PublicProfile p) {
			return new ProfileBody(p.displayName(), p.phone(), p.email(), p.website(), p.address(), p.about(),
					p.certifications().stream().map(CertificationBody::of).toList(),
					p.logo() == null ? null : "/logos/" + p.logo(), p.updatedAt());
		}

		PublicProfile draft() {
			return new PublicProfile(this.displayName, this.phone, this.email, this.website, this.address, this.about,
					this.certifications == null ? List.of()
							: this.certifications.stream().map(c -> c == null ? null : c.value()).toList(),
					null, null);
		}

	}

	/** One certification: scheme, body, certificate number, link, expiry. */
	record CertificationBody(String standard, String agency, String number, String uri, LocalDate validUntil) {

		static CertificationBody of(PublicProfile.Certification c) {
			return new CertificationBody(c.standard(), c.agency(), c.value(), c.uri(), c.validUntil());
		}

		PublicProfile.Certification value() {
			return new PublicProfile.Certification(this.standard, this.agency, this.number, this.uri, this.validUntil);
		}

	}

	/** Where the stored logo is. */
	record LogoBody(String logo) {
	}

	@Operation(summary = "Read the organisation's public profile (shown on its lots' consumer pages)")
	@GetMapping("/api/organisation/profile")
	Mono<ProfileBody> read() {
		return Actors.current().flatMap(actor -> this.profiles.find(actor.orgId())).map(ProfileBody::of);
	}

	@Operation(summary = "Replace the organisation's public profile (admins); the logo stays",
			description = "Blank fields are removed. Consumer pages show the change within their cache time"
					+ " (30 s; a page already in a browser may be revalidated for up to 5 minutes).")
	@PutMapping(path = "/api/organisation/profile", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ProfileBody> write(@RequestBody ProfileBody body) {
		return Actors.current().flatMap(actor -> this.profiles.save(actor.orgId(), body.draft())).map(ProfileBody::of);
	}

	@Operation(summary = "Upload the organisation's logo (admins): the image file as the body",
			description = "PNG, JPEG or WebP, at most 256 KiB and 2,048 pixels a side; SVG is refused.")
	@PutMapping(path = "/api/organisation/profile/logo",
			consumes = { MediaType.IMAGE_PNG_VALUE, MediaType.IMAGE_JPEG_VALUE, "image/webp" })
	Mono<LogoBody> uploadLogo(ServerWebExchange exchange) {
		return Actors.current()
			.flatMap(actor -> RequestBodies.bytes(exchange.getRequest().getBody(), PublicProfiles.MAX_LOGO_BYTES + 1,
					() -> new TraceabilityException(TraceabilityException.Kind.TOO_LARGE, "logo-too-large",
							"The logo is too large.", PublicProfiles.MAX_LOGO_BYTES / 1024))
				.flatMap(bytes -> this.profiles.saveLogo(actor.orgId(), bytes)))
			.map(logo -> new LogoBody("/logos/" + logo.sha256()));
	}

	@Operation(summary = "Remove the organisation's logo (admins)")
	@DeleteMapping("/api/organisation/profile/logo")
	Mono<ResponseEntity<Void>> deleteLogo() {
		return Actors.current()
			.flatMap(actor -> this.profiles.deleteLogo(actor.orgId()))
			.flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build())
					: Mono.error(TraceabilityException.notFound("no-logo", "There is no logo to remove.")));
	}

	@Operation(summary = "An organisation's logo, by its digest (public, cached for a year: a new logo has a new path)")
	@GetMapping("/logos/{sha256}")
	Mono<ResponseEntity<byte[]>> logo(@Parameter(description = "SHA-256 of the image, hex") @PathVariable String sha256) {
		return this.profiles.logoByDigest(sha256)
			.map(logo -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(logo.mediaType()))
				.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
				.eTag('"' + logo.sha256() + '"')
				.header("X-Content-Type-Options", "nosniff")
				.body(logo.bytes()))
			.switchIfEmpty(Mono.error(TraceabilityException.notFound("logo-not-found", "No such logo.")));
	}

}
