package vn.nguon.api.resolver;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisation's public profile: admins write it, its lots' consumer pages (HTML and JSON) show the
 * contact and the current certifications, the logo is public by its digest, and a refused field or file
 * leaves what was stored untouched.
 */
@NguonIntegrationTest
class ProfileTests extends ResolverFixture {

	@Autowired
	ApplicationContext context;

	WebTestClient admin;

	@BeforeEach
	void signIn() {
		TestMembers members = TestMembers.from(this.context);
		this.admin = TestMembers.signIn(TestMembers.patient(this.client), members.member(this.org, Role.ADMIN));
	}

	private static Map<String, Object> profile(String email) {
		return Map.of("displayName", "HTX Cà chua Tà Nung", "phone", "+84 263 3812 345", "email", email, "website",
				"https://tanung.example.vn", "address", "Xã Tà Nung, Lâm Đồng", "certifications",
				List.of(Map.of("standard", "VietGAP", "agency", "Trung tâm Chứng nhận", "number", "VG-2026-117",
						"validUntil", "2099-12-31"),
						Map.of("standard", "GlobalG.A.P.", "number", "GG-OLD", "validUntil", "2020-01-01")));
	}

	@Test
	void profileShowsOnTheConsumerPageAndTheJson() {
		this.admin.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(profile("lienhe@tanung.example.vn"))
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.phone").isEqualTo("+84 263 3812 345")
			.jsonPath("$.certifications.length()").isEqualTo(2);
		harvestAndGrade(this.lot);

		String html = this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("id=\"producer\"").contains("HTX Cà chua Tà Nung")
			.contains("href=\"tel:+842633812345\"").contains("mailto:lienhe@tanung.example.vn")
			.contains("VietGAP").contains("VG-2026-117")
			.doesNotContain("GG-OLD"); // expired: not shown to shoppers

		this.client.get().uri(u(path())).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.cooperative").isEqualTo("HTX Cà chua Tà Nung")
			.jsonPath("$.producer.phone").isEqualTo("+84 263 3812 345")
			.jsonPath("$.producer.website").isEqualTo("https://tanung.example.vn")
			.jsonPath("$.certifications[0].standard").isEqualTo("VietGAP");
	}

	@Test
	void aBadFieldIsRefusedAndNothingChanges() {
		this.admin.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(profile("lienhe@tanung.example.vn")).exchange().expectStatus().isOk();
		String before = stored();
		this.admin.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(profile("not an address"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type").value(t -> assertThat((String) t).endsWith("invalid-profile"))
			.jsonPath("$.detail").value(d -> assertThat((String) d).contains("email"));
		this.admin.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("website", "javascript:alert(1)"))
			.exchange()
			.expectStatus().isBadRequest();
		this.admin.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("certifications", List.of(Map.of("agency", "no scheme"))))
			.exchange()
			.expectStatus().isBadRequest();
		assertThat(stored()).isEqualTo(before);
	}

	@Test
	void logoIsAnImagePublicByItsDigest() throws IOException {
		byte[] png = png();
		String path = this.admin.put().uri("/api/organisation/profile/logo").contentType(MediaType.IMAGE_PNG)
			.bodyValue(png)
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody().get("logo").toString();
		assertThat(path).matches("/logos/[0-9a-f]{64}");
		byte[] served = this.client.get().uri(u(path)).exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectHeader().value("Cache-Control", c -> assertThat(c).contains("immutable"))
			.expectBody(byte[].class).returnResult().getResponseBody();
		assertThat(served).isEqualTo(png);
		String before = stored();

		this.admin.put().uri("/api/organisation/profile/logo").contentType(MediaType.parseMediaType("image/svg+xml"))
			.bodyValue("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>".getBytes())
			.exchange()
			.expectStatus().isEqualTo(415);
		this.admin.put().uri("/api/organisation/profile/logo").contentType(MediaType.IMAGE_PNG)
			.bodyValue("not a picture at all".getBytes())
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.type").value(t -> assertThat((String) t).endsWith("invalid-logo"));
		this.admin.put().uri("/api/organisation/profile/logo").contentType(MediaType.IMAGE_JPEG)
			.bodyValue(new byte[300 * 1024])
			.exchange()
			.expectStatus().isEqualTo(413);
		assertThat(stored()).isEqualTo(before);

		this.admin.delete().uri("/api/organisation/profile/logo").exchange().expectStatus().isNoContent();
		this.client.get().uri(u(path)).exchange().expectStatus().isNotFound();
		this.admin.delete().uri("/api/organisation/profile/logo").exchange().expectStatus().isNotFound();
	}

	@Test
	void farmersReadButDoNotWriteTheProfile() {
		TestMembers members = TestMembers.from(this.context);
		WebTestClient farmer = TestMembers.signIn(TestMembers.patient(this.client), members.member(this.org, Role.FARMER));
		farmer.get().uri("/api/organisation/profile").exchange().expectStatus().isOk();
		farmer.put().uri("/api/organisation/profile").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("phone", "0900000000")).exchange().expectStatus().isForbidden();
	}

	private String stored() {
		return this.db.sql("SELECT coalesce((SELECT row_to_json(p)::text FROM organisation_profile p WHERE org_id = :org),"
				+ " 'none') AS j")
			.bind("org", this.org.value())
			.map(r -> r.get("j", String.class))
			.one()
			.block();
	}

	private static byte[] png() throws IOException {
		BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 32; y++) {
			for (int x = 0; x < 32; x++) {
				img.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | 0x40);
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(img, "png", out);
		return out.toByteArray();
	}

}
