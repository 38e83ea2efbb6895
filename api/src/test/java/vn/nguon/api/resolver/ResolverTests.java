package vn.nguon.api.resolver;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestAuth;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/** The Digital Link resolver and consumer page end to end, against PostgreSQL. */
@NguonIntegrationTest
class ResolverTests extends ResolverFixture {

	@Test
	void whenBrowserScansThenVietnamesePageShowsLotWithoutPrivateData() {
		harvestAndGrade(this.lot);
		byte[] body = this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().exists("ETag")
			.expectHeader().valueMatches("Cache-Control", ".*max-age=.*")
			.expectBody().returnResult().getResponseBody();
		String html = new String(body, StandardCharsets.UTF_8);
		assertThat(html).contains("<html lang=\"vi\"").contains("Cà chua bi").contains("Xã Tà Nung, Lâm Đồng")
			.contains("20/11/2026").contains("21/11/2026 ").contains("Loại I").contains("/photos/abc123").contains("Thu hoạch")
			.contains("Phân hạng").contains("https://cert.example/vietgap/123")
			.contains("<section id=\"verification\" data-event-ids=\"ni:///sha-256;")
			.contains("<script type=\"module\" src=\"/js/verify.js\"></script>")
			.contains("data-verification-text").contains("<summary>Chi tiết kỹ thuật</summary>")
			.contains("data-verification-details").doesNotContain("cây")
			.doesNotContain("108.37").doesNotContain("11.94").doesNotContain("Vườn số 7")
			.doesNotContain("id=\"recall\"").doesNotContain("onclick").doesNotContain("<script>");
	}

	@Test
	void whenEnglishIsAskedThenEnglishPage() {
		harvestAndGrade(this.lot);
		String html = this.client.get().uri(u(path())).header("Accept-Language", "en-GB,en;q=0.8")
			.accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
		assertThat(html).contains("<html lang=\"en\"").contains("Cherry tomatoes").contains("Harvested").contains("Class I")
			.contains("20 Nov 2026").contains("21 Nov 2026, ").doesNotContain("20/11/2026")
			.contains("<summary>Technical details</summary>").contains("Checking this lot’s record…");
		String switched = this.client.get().uri(u(path() + "?lang=en")).accept(MediaType.TEXT_HTML)
			.exchange().expectStatus().isOk()
			.expectHeader().values("Set-Cookie", v -> assertThat(v).anyMatch(c -> c.startsWith("lang=en")))
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(switched).contains("<html lang=\"en\"");
	}

	@Test
	void whenRecallEventNamesTheLotThenBannerAppearsDespiteCache() {
		harvestAndGrade(this.lot);
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
		this.capture.captureEvent(this.org, event("""
				{"type": "ObjectEvent", "eventTime": "2026-11-22T10:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "holding", "disposition": "recalled",
				 "quantityList": [{"epcClass": "%s", "quantity": 1, "uom": "KGM"}]}
				""".formatted(this.lot.lgtinUrn(7)))).block();
		this.pages.invalidate(this.lot.key()); // what the change feed does within half a second
		String html = this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(html).contains("id=\"recall\"").contains("Lô hàng bị thu hồi").contains("22/11/2026")
			.contains("id=\"recall-action\"").contains("Hãy mang sản phẩm trả lại cửa hàng nơi bạn đã mua")
			.contains("hoặc liên hệ nhà sản xuất: HTX Rau sạch");
		String english = this.client.get().uri(u(path() + "?lang=en")).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
		assertThat(english).contains("This lot is recalled").contains("Please do not use the product.")
			.contains("Take it back to the shop where you bought it, or contact the producer: HTX Rau sạch")
			.contains("This lot was recalled on 22 Nov 2026.");
	}

	@Test
	void whenMachineAsksJsonThenPublicData() {
		harvestAndGrade(this.lot);
		JsonNode json = this.json.readTree(this.client.get().uri(u(path())).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader().valueEquals("Access-Control-Allow-Origin", "*")
			.expectBody().returnResult().getResponseBody());
		assertThat(json.get("lot").asString()).isEqualTo(this.lot.lot().value());
		assertThat(json.get("grade").get("gradeClass").asString()).isEqualTo("CLASS_I");
		assertThat(json.get("grade").get("status").asString()).isEqualTo("confident");
		assertThat(json.get("recalled").asBoolean()).isFalse();
		assertThat(json.toString()).doesNotContain("108.37");
	}

	@Test
	void whenLinksetIsAskedThenRfc9264Linkset() {
		harvestAndGrade(this.lot);
		for (WebTestClient.RequestHeadersSpec<?> request : java.util.List.of(
				this.client.get().uri(u(path())).accept(MediaType.parseMediaType("application/linkset+json")),
				this.client.get().uri(u(path() + "?linkType=linkset")))) {
			JsonNode set = this.json.readTree(request.exchange().expectStatus().isOk()
				.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/linkset+json"))
				.expectHeader().valueMatches("Link", ".*rel=\"linkset\".*")
				.expectBody().returnResult().getResponseBody()).get("linkset").get(0);
			assertThat(set.get("anchor").asString()).isEqualTo("https://nguon.test" + path());
			for (String type : new String[] { "pip", "traceability", "epcis", "certificationInfo", "recallStatus" }) {
				JsonNode links = set.get("https://gs1.org/voc/" + type);
				assertThat(links).as(type).isNotNull();
				assertThat(links.get(0).get("title").asString()).isNotBlank();
			}
			assertThat(set.get("https://gs1.org/voc/pip").get(1).get("hreflang").get(0).asString()).isEqualTo("en");
			JsonNode defaultLink = set.get("https://gs1.org/voc/defaultLink");
			assertThat(defaultLink).as("gs1:defaultLink").isNotNull();
			assertThat(defaultLink.get(0).get("href").asString()).isEqualTo("https://nguon.test" + path());
		}
	}

	@Test
	void redirectPassesTheQueryStringOnWithoutItsLinkType() {
		harvestAndGrade(this.lot);
		String location = this.client.get().uri(u(path() + "?linkType=gs1:epcis&campaign=tet%202027&x=1")).exchange()
			.expectStatus().isTemporaryRedirect()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		assertThat(location).startsWith("/epcis/events?MATCH_anyEPCClass=")
			.endsWith("&campaign=tet%202027&x=1")
			.doesNotContain("linkType");
		String cert = this.client.get().uri(u(path() + "?linkType=gs1:certificationInfo&ref=shop7")).exchange()
			.expectStatus().isTemporaryRedirect()
			.returnResult(Void.class).getResponseHeaders().getLocation().toString();
		assertThat(cert).isEqualTo("https://nguon.test" + path() + "?ref=shop7#certifications");
	}

	@Test
	void whenLinkTypeEpcisThenTemporaryRedirectToEventsQuery() {
		harvestAndGrade(this.lot);
		this.client.get().uri(u(path() + "?linkType=gs1:epcis")).exchange()
			.expectStatus().isTemporaryRedirect()
			.expectHeader().valueMatches("Location", "/epcis/events\\?MATCH_anyEPCClass=.*");
	}

	@Test
	void whenLinkTypeUnknownThenNotFoundProblem() {
		harvestAndGrade(this.lot);
		this.client.get().uri(u(path() + "?linkType=gs1:nutritionalInfo")).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void productLevelLinkAnswersTheProductPageJsonAndLinksetButNoLotData() {
		String productPath = "/01/" + this.gtin.value();
		String html = new String(this.client.get().uri(u(productPath)).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader().valueMatches("Link", ".*rel=\"linkset\".*")
			.expectBody().returnResult().getResponseBody(), StandardCharsets.UTF_8);
		assertThat(html).contains("Cà chua bi", this.gtin.value()).doesNotContain(this.lot.lot().value(), "108.37");
		JsonNode json = this.json.readTree(this.client.get().uri(u(productPath)).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(json.get("@id").asString()).isEqualTo("https://nguon.test" + productPath);
		assertThat(json.get("productNameEn").asString()).isEqualTo("Cherry tomatoes");
		JsonNode set = this.json.readTree(this.client.get().uri(u(productPath + "?linkType=linkset")).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("application/linkset+json"))
			.expectBody().returnResult().getResponseBody()).get("linkset").get(0);
		assertThat(set.get("anchor").asString()).isEqualTo("https://nguon.test" + productPath);
		assertThat(set.get("https://gs1.org/voc/pip")).isNotNull();
		this.client.get().uri(u(productPath + "?linkType=gs1:epcis")).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		String unknown = Gtin.withCheckDigit("0894" + String.format("%09d", new Random().nextInt(1_000_000_000))).value();
		this.client.get().uri(u("/01/" + unknown)).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isNotFound()
			.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	/**
	 * Only the lot's owner speaks for it in public: another organisation's recall or fake harvest naming the
	 * lot turns nothing red and adds nothing to its journey (the recall watcher alerts the owner instead).
	 */
	@Test
	void anotherOrganisationNamingTheLotChangesNothingPublic() {
		harvestAndGrade(this.lot);
		String slug = "stranger-" + UUID.randomUUID().toString().substring(0, 8);
		OrgId stranger = this.organisations.create(slug, "Thương lái lạ " + slug).block().id();
		String epcClass = this.lot.digitalLinkUri("https://id.gs1.org");
		this.capture.captureEvent(stranger, event("""
				{"type": "ObjectEvent", "eventTime": "2026-11-22T08:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "OBSERVE", "bizStep": "holding", "disposition": "recalled",
				 "quantityList": [{"epcClass": "%s", "quantity": 1, "uom": "KGM"}]}
				""".formatted(epcClass))).block();
		this.capture.captureEvent(stranger, event("""
				{"type": "ObjectEvent", "eventTime": "2026-11-22T09:00:00+07:00", "eventTimeZoneOffset": "+07:00",
				 "action": "ADD", "bizStep": "commissioning", "disposition": "active",
				 "quantityList": [{"epcClass": "%s", "quantity": 999, "uom": "KGM"}]}
				""".formatted(epcClass))).block();
		JsonNode json = this.json.readTree(this.client.get().uri(u(path())).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(json.get("recalled").asBoolean()).isFalse();
		assertThat(json.get("eventIds")).hasSize(2);
		assertThat(consumerPage(this.lot)).doesNotContain("Xin đừng sử dụng");
	}

	/**
	 * Consumers see a class only when a person checked it or the model decided it alone, labelled by which;
	 * a grade that waits for a person shows as waiting, in the page and the public JSON.
	 */
	@Test
	void aGradeThatWaitsForAPersonIsNotShownToConsumers() {
		LotRef waiting = LotRef.of(this.gtin.value(), "W" + new Random().nextInt(1_000_000));
		harvestAndGrade(waiting, true, null);
		JsonNode json = this.json.readTree(this.client.get().uri(u(waiting.digitalLinkPath()))
			.accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk().expectBody().returnResult()
			.getResponseBody());
		assertThat(json.get("grade").get("status").asString()).isEqualTo("pending");
		assertThat(json.get("grade").has("gradeClass")).isFalse();
		assertThat(consumerPage(waiting)).contains("đang chờ kiểm tra").doesNotContain("Loại I");

		LotRef checked = LotRef.of(this.gtin.value(), "C" + new Random().nextInt(1_000_000));
		harvestAndGrade(checked, true, "reviewer-7");
		assertThat(consumerPage(checked)).contains("Loại I", "hợp tác xã đã kiểm tra");

		LotRef machine = LotRef.of(this.gtin.value(), "M" + new Random().nextInt(1_000_000));
		harvestAndGrade(machine, false, null);
		assertThat(consumerPage(machine)).contains("Loại I", "máy chấm, độ tin cậy 93 %");
	}

	private String consumerPage(LotRef lot) {
		return new String(this.client.get().uri(u(lot.digitalLinkPath())).accept(MediaType.TEXT_HTML)
			.header("Accept-Language", "vi").exchange().expectStatus().isOk().expectBody().returnResult()
			.getResponseBody(), StandardCharsets.UTF_8);
	}

	@Test
	void lotsWithSlashPercentAndSemicolonResolveThroughTheirPercentEncodedLinkAndQrCode() {
		LotRef odd = LotRef.of(this.gtin.value(), "A/7%;" + new Random().nextInt(1000));
		harvestAndGrade(odd);
		assertThat(odd.digitalLinkPath()).contains("%2F", "%25");
		JsonNode json = this.json.readTree(this.client.get().uri(u(odd.digitalLinkPath())).accept(MediaType.APPLICATION_JSON)
			.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
		assertThat(json.get("lot").asString()).isEqualTo(odd.lot().value());
		this.client.get().uri(u("/qr" + odd.digitalLinkPath() + "?format=png")).exchange()
			.expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG);
		// "A//7%;..." is another valid lot code (two slashes), here unknown: 404, not a firewall's 400
		this.client.get().uri(u(odd.digitalLinkPath().replace("%2F", "%2F%2F"))).exchange()
			.expectStatus().isNotFound();
		// a raw double slash or dot-segment is path structure, not a value: refused
		this.client.get().uri(u("/01/" + this.gtin.value() + "/10//x")).exchange().expectStatus().isBadRequest();
		this.client.get().uri(u("/01/" + this.gtin.value() + "/10/..")).exchange().expectStatus().isBadRequest();
		byte[] png = this.client.get().uri(u("/qr/01/" + this.gtin.value() + "/10/%3Cscript%3E?format=png")).exchange()
			.expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectBody().returnResult().getResponseBody();
		assertThat(new String(png, StandardCharsets.ISO_8859_1)).doesNotContain("<script>");
		this.client.get().uri(u("/qr/01/" + this.gtin.value() + "/10/A%20B")).exchange().expectStatus().isBadRequest();
	}

	@Test
	void whenDigitalLinkIsMalformedThenBadRequestNeverOk() {
		String g = this.gtin.value();
		String wrongCheck = g.substring(0, 13) + ((g.charAt(13) - '0' + 1) % 10);
		for (String bad : new String[] { "/01/" + wrongCheck + "/10/A1", "/01/" + g + "/21/S1/10/A1",
				"/01/" + g + "/10/" + "A".repeat(21), "/01/" + g + "/10/A%C3%B4", "/01/" + g + "/99/X" }) {
			this.client.get().uri(u(bad)).accept(MediaType.TEXT_HTML).exchange()
				.expectStatus().isBadRequest()
				.expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void whenLotIsUnknownThenNotFoundForBrowsersAndMachines() {
		String unknown = "/01/" + this.gtin.value() + "/10/NOPE" + new Random().nextInt(100000);
		this.client.get().uri(u(unknown)).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
		this.client.get().uri(u(unknown)).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void whenOnlyAnEventNamesTheLotThenItResolves() {
		LotRef eventOnly = LotRef.of(this.gtin.value(), "EV" + new Random().nextInt(100000));
		harvestAndGrade(eventOnly);
		this.client.get().uri(u(eventOnly.digitalLinkPath())).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk();
	}

	@Test
	void whenHeadAndOptionsThenTheyWork() {
		harvestAndGrade(this.lot);
		this.client.head().uri(u(path())).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().expectHeader().exists("ETag").expectBody().isEmpty();
		this.client.method(HttpMethod.OPTIONS).uri(u(path())).header("Origin", "https://shop.example")
			.header("Access-Control-Request-Method", "GET").exchange()
			.expectStatus().is2xxSuccessful()
			.expectHeader().valueEquals("Access-Control-Allow-Origin", "*");
	}

	@Test
	void whenEtagMatchesThenNotModified() {
		harvestAndGrade(this.lot);
		String etag = this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange()
			.expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).header("If-None-Match", etag)
			.exchange().expectStatus().isNotModified();
	}

	@Test
	void whenQrIsAskedThenPngAndSvgOfTheLotUri() {
		this.client.get().uri(u("/qr" + path() + "?format=png&size=200&ecc=Q")).exchange()
			.expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_PNG);
		this.client.get().uri(u("/qr" + path() + "?format=svg")).exchange()
			.expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("image/svg+xml"));
		this.client.get().uri(u("/qr/01/123/10/A")).exchange().expectStatus().isBadRequest();
	}

	@Test
	void whenWellKnownThenResolverDescription() {
		this.client.get().uri("/.well-known/gs1resolver").exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.resolverRoot").isEqualTo("https://nguon.test")
			.jsonPath("$.activeLinkTypes.vi['gs1:pip'].title").isEqualTo("Thông tin sản phẩm")
			.jsonPath("$.termsOfUse").isEqualTo("https://nguon.test/terms.html")
			.jsonPath("$.contact").isEqualTo("https://nguon.test/terms.html#contact");
		this.client.get().uri("/terms.html").exchange().expectStatus().isOk()
			.expectBody(String.class).value(body -> assertThat(body).contains("id=\"contact\""));
	}

	@Test
	void whenLotIsScannedThenTheCooperativeSeesTheCount() {
		harvestAndGrade(this.lot);
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
		this.client.get().uri(u(path())).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
		this.scans.flush().block();
		// the admin of the first organisation does not own this lot: nothing
		TestAuth.asAdmin(this.client).get().uri("/api/scans?gtin=" + this.gtin.value()).exchange()
			.expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(0);
		Long count = this.db.sql("SELECT scans FROM lot_scan_day WHERE gtin = :g AND lot = :l")
			.bind("g", this.gtin.value()).bind("l", this.lot.lot().value())
			.map(r -> r.get("scans", Long.class)).one().block();
		assertThat(count).isEqualTo(2L);
	}

}
