package vn.nguon.traceability.organisation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.TraceabilityException;

/**
 * Reads and writes organisations' public profiles. A profile is checked as a whole before anything is
 * written (one statement), so a refused field leaves the stored profile as it was; the logo is a PNG,
 * JPEG or WebP of at most 256 KiB and 2,048 pixels a side, checked by decoding its header, so that
 * what consumer pages load is an image and nothing else (no SVG: it can carry script).
 * <p>
 * Over 300 lines: each field's check (and the logo's header) is written out next to the one statement that
 * stores them, so a refusal provably writes nothing.
 */
@Service
public class PublicProfiles {

	/** Most certifications a profile lists. */
	public static final int MAX_CERTIFICATIONS = 10;

	/** Largest logo, in bytes. */
	public static final int MAX_LOGO_BYTES = 256 * 1024;

	private static final int MAX_LOGO_SIDE = 2048;

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9 .()-]{6,24}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

	private static final TypeReference<List<PublicProfile.Certification>> CERTIFICATIONS = new TypeReference<>() {
	};

	private final DatabaseClient db;

	private final JsonMapper json;

	public PublicProfiles(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/** A logo as stored: its bytes, media type and digest (its ETag). */
	public record Logo(byte[] bytes, String mediaType, String sha256) {
	}

	/**
	 * @param org an organisation
	 * @return its profile ({@link PublicProfile#empty()} when none was saved)
	 */
	public Mono<PublicProfile> find(OrgId org) {
		return this.db.sql("SELECT display_name, phone, email, website, address, about, certifications, logo_sha256,"
				+ " updated_at FROM organisation_profile WHERE org_id = :org")
			.bind("org", org.value())
			.map(this::map)
			.first()
			.defaultIfEmpty(PublicProfile.empty());
	}

	/**
	 * Replaces the profile's fields (the logo stays): blank strings count as absent, text is trimmed.
	 * @param org the organisation
	 * @param draft the new fields ({@code logo} and {@code updatedAt} are ignored)
	 * @return the stored profile
	 * @throws TraceabilityException {@code invalid-profile} naming the field, when one breaks a rule
	 */
	public Mono<PublicProfile> save(OrgId org, PublicProfile draft) {
		PublicProfile p;
		String certifications;
		try {
			p = checked(draft);
			certifications = this.json.writeValueAsString(p.certifications());
		}
		catch (TraceabilityException ex) {
			return Mono.error(ex);
		}
		DatabaseClient.GenericExecuteSpec spec = this.db.sql("""
				INSERT INTO organisation_profile (org_id, display_name, phone, email, website, address, about,
				    certifications, updated_at)
				VALUES (:org, :displayName, :phone, :email, :website, :address, :about, :certifications, now())
				ON CONFLICT (org_id) DO UPDATE SET display_name = EXCLUDED.display_name, phone = EXCLUDED.phone,
				    email = EXCLUDED.email, website = EXCLUDED.website, address = EXCLUDED.address,
				    about = EXCLUDED.about, certifications = EXCLUDED.certifications, updated_at = now()
				""")
			.bind("org", org.value())
			.bind("certifications", Json.of(certifications));
		spec = nullable(spec, "displayName", p.displayName());
		spec = nullable(spec, "phone", p.phone());
		spec = nullable(spec, "email", p.email());
		spec = nullable(spec, "website", p.website());
		spec = nullable(spec, "address", p.address());
		spec = nullable(spec, "about", p.about());
		return spec.then().then(Mono.defer(() -> find(org)));
	}

	/**
	 * Stores the logo, replacing any earlier one.
	 * @param org the organisation
	 * @param bytes the image file
	 * @return the stored logo
	 * @throws TraceabilityException {@code invalid-logo} (not a PNG, JPEG or WebP, or too large a picture),
	 * {@code logo-too-large} (over {@value #MAX_LOGO_BYTES} bytes)
	 */
	public Mono<Logo> saveLogo(OrgId org, byte[] bytes) {
		Logo logo;
		try {
			logo = checkedLogo(bytes);
		}
		catch (TraceabilityException ex) {
			return Mono.error(ex);
		}
		return this.db.sql("""
				INSERT INTO organisation_profile (org_id, logo, logo_type, logo_sha256, updated_at)
				VALUES (:org, :logo, :type, :sha, now())
				ON CONFLICT (org_id) DO UPDATE SET logo = EXCLUDED.logo, logo_type = EXCLUDED.logo_type,
				    logo_sha256 = EXCLUDED.logo_sha256, updated_at = now()
				""")
			.bind("org", org.value())
			.bind("logo", logo.bytes())
			.bind("type", logo.mediaType())
			.bind("sha", logo.sha256())
			.then()
			.thenReturn(logo);
	}

	/** @return whether there was a logo to remove */
	public Mono<Boolean> deleteLogo(OrgId org) {
		return this.db.sql("UPDATE organisation_profile SET logo = NULL, logo_type = NULL, logo_sha256 = NULL,"
				+ " updated_at = now() WHERE org_id = :org AND logo IS NOT NULL")
			.bind("org", org.value())
			.fetch()
			.rowsUpdated()
			.map(n -> n > 0);
	}

	/**
	 * @param org an organisation
	 * @return its logo, or empty (none, or a disabled organisation's)
	 */
	public Mono<Logo> logo(OrgId org) {
		return this.db.sql("SELECT p.logo, p.logo_type, p.logo_sha256 FROM organisation_profile p"
				+ " JOIN organisation o ON o.id = p.org_id WHERE p.org_id = :org AND p.logo IS NOT NULL"
				+ " AND o.disabled_at IS NULL")
			.bind("org", org.value())
			.map(r -> new Logo(r.get("logo", byte[].class), r.get("logo_type", String.class),
					r.get("logo_sha256", String.class)))
			.first();
	}

	/**
	 * @param sha256 a logo's digest, as in its path {@code /logos/{sha256}}
	 * @return that logo, or empty (unknown, replaced, or a disabled organisation's)
	 */
	public Mono<Logo> logoByDigest(String sha256) {
		if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
			return Mono.empty();
		}
		return this.db.sql("SELECT p.logo, p.logo_type, p.logo_sha256 FROM organisation_profile p"
				+ " JOIN organisation o ON o.id = p.org_id WHERE p.logo_sha256 = :sha AND o.disabled_at IS NULL LIMIT 1")
			.bind("sha", sha256)
			.map(r -> new Logo(r.get("logo", byte[].class), r.get("logo_type", String.class),
					r.get("logo_sha256", String.class)))
			.first();
	}

	/** The checks, without I/O: trimmed fields, {@code null} for blank, a problem naming the first bad field. */
	static PublicProfile checked(PublicProfile d) {
		String displayName = text(d.displayName(), "displayName", 200);
		String phone = text(d.phone(), "phone", 24);
		if (phone != null && !PHONE.matcher(phone).matches()) {
			throw invalid("phone", "a phone number: digits, an optional leading +, spaces, dots, dashes, brackets");
		}
		String email = text(d.email(), "email", 254);
		if (email != null && !EMAIL.matcher(email).matches()) {
			throw invalid("email", "an e-mail address such as lienhe@htx.vn");
		}
		String website = link(text(d.website(), "website", 500), "website");
		String address = text(d.address(), "address", 300);
		String about = text(d.about(), "about", 1000);
		if (d.certifications().size() > MAX_CERTIFICATIONS) {
			throw invalid("certifications", "at most " + MAX_CERTIFICATIONS + " certifications");
		}
		List<PublicProfile.Certification> certifications = new ArrayList<>();
		for (int i = 0; i < d.certifications().size(); i++) {
			PublicProfile.Certification c = d.certifications().get(i);
			String at = "certifications/" + i + "/";
			if (c == null) {
				throw invalid("certifications/" + i, "a certification object");
			}
			String standard = text(c.standard(), at + "standard", 100);
			if (standard == null) {
				throw invalid(at + "standard", "the certification's scheme, e.g. VietGAP");
			}
			certifications.add(new PublicProfile.Certification(standard, text(c.agency(), at + "agency", 200),
					text(c.value(), at + "value", 100), link(text(c.uri(), at + "uri", 500), at + "uri"),
					c.validUntil()));
		}
		return new PublicProfile(displayName, phone, email, website, address, about, certifications, null, null);
	}

	static Logo checkedLogo(byte[] bytes) {
		if (bytes == null || bytes.length == 0) {
			throw TraceabilityException.invalid("invalid-logo", "The logo is empty.");
		}
		if (bytes.length > MAX_LOGO_BYTES) {
			throw new TraceabilityException(TraceabilityException.Kind.TOO_LARGE, "logo-too-large",
					"The logo is larger than " + MAX_LOGO_BYTES / 1024 + " KiB.", MAX_LOGO_BYTES / 1024);
		}
		String type = sniff(bytes);
		if (type == null) {
			throw TraceabilityException.invalid("invalid-logo", "The logo must be a PNG, JPEG or WebP image.");
		}
		if (!"image/webp".equals(type)) { // the JDK reads PNG and JPEG headers; WebP is checked by its RIFF header
			try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
				var readers = ImageIO.getImageReaders(in);
				if (!readers.hasNext()) {
					throw TraceabilityException.invalid("invalid-logo", "The logo must be a PNG, JPEG or WebP image.");
				}
				ImageReader reader = readers.next();
				try {
					reader.setInput(in);
					if (reader.getWidth(0) > MAX_LOGO_SIDE || reader.getHeight(0) > MAX_LOGO_SIDE) {
						throw TraceabilityException.invalid("invalid-logo",
								"The logo may be at most " + MAX_LOGO_SIDE + " pixels wide and high.");
					}
				}
				finally {
					reader.dispose();
				}
			}
			catch (IOException | RuntimeException ex) {
				if (ex instanceof TraceabilityException t) {
					throw t;
				}
				throw TraceabilityException.invalid("invalid-logo", "The logo could not be read as an image.");
			}
		}
		return new Logo(bytes, type, sha256(bytes));
	}

	private static String sniff(byte[] b) {
		if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
			return "image/png";
		}
		if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
			return "image/jpeg";
		}
		if (b.length > 16 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
				&& b[10] == 'B' && b[11] == 'P') {
			return "image/webp";
		}
		return null;
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String text(String value, String field, int max) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String t = value.strip();
		if (t.length() > max) {
			throw invalid(field, "at most " + max + " characters");
		}
		for (int i = 0; i < t.length(); i++) {
			char c = t.charAt(i);
			if (Character.isISOControl(c) && c != '\n') {
				throw invalid(field, "text without control characters");
			}
		}
		return t;
	}

	private static String link(String value, String field) {
		if (value == null) {
			return null;
		}
		try {
			URI uri = new URI(value);
			if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
					&& uri.getHost() != null) {
				return value;
			}
		}
		catch (URISyntaxException ex) {
			// refused below
		}
		throw invalid(field, "an http:// or https:// address");
	}

	private static TraceabilityException invalid(String field, String expected) {
		return TraceabilityException.invalid("invalid-profile", "The profile's " + field + " must be " + expected + ".",
				field, expected);
	}

	private static DatabaseClient.GenericExecuteSpec nullable(DatabaseClient.GenericExecuteSpec spec, String name,
			String value) {
		return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
	}

	private PublicProfile map(Readable r) {
		Json c = r.get("certifications", Json.class);
		List<PublicProfile.Certification> certifications = c == null ? List.of()
				: this.json.readValue(c.asString(), CERTIFICATIONS);
		OffsetDateTime updated = r.get("updated_at", OffsetDateTime.class);
		return new PublicProfile(r.get("display_name", String.class), r.get("phone", String.class),
				r.get("email", String.class), r.get("website", String.class), r.get("address", String.class),
				r.get("about", String.class), certifications, r.get("logo_sha256", String.class),
				updated == null ? null : updated.toInstant());
	}

}
