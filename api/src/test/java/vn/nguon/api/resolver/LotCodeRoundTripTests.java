package vn.nguon.api.resolver;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotCode;
import vn.nguon.traceability.organisation.OrgId;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every lot code the service accepts resolves through the link and the QR code it prints: lot
 * codes drawn (seeded) from the whole GS1 character set 82, and the awkward ones on purpose
 * ({@code %00}, {@code /}, {@code ;}, {@code ?}, {@code %25}), go capture -> batch's Digital Link
 * -> QR PNG -> decoded link -> consumer page and public JSON naming the same lot.
 */
@NguonIntegrationTest
class LotCodeRoundTripTests {

	private static final long SEED = 82_2026_12_07L;

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@org.springframework.boot.test.web.server.LocalServerPort
	int port;

	WebTestClient admin;

	String productId;

	String farmId;

	String gtin;

	@BeforeEach
	void setUp() {
		this.client = TestMembers.patient(this.client);
		TestMembers members = TestMembers.from(this.context);
		OrgId org = members.organisation().id();
		Member a = members.member(org, Role.ADMIN);
		this.admin = TestMembers.withToken(this.client, members.token(org, a.userId(), Scope.ALL));
		StringBuilder digits = new StringBuilder("0893");
		Random r = new Random();
		while (digits.length() < 13) {
			digits.append(r.nextInt(10));
		}
		this.gtin = Gtin.withCheckDigit(digits.toString()).value();
		this.productId = created("/api/products", Map.of("gtin", this.gtin, "nameVi", "Cà chua bi")).get("id").asString();
		this.farmId = created("/api/farms", Map.of("name", "Vườn thử")).get("id").asString();
	}

	JsonNode created(String path, Object body) {
		var result = this.admin.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
			.expectBody(JsonNode.class).returnResult();
		assertThat(result.getStatus().value()).as("%s %s -> %s", path, body, result.getResponseBody()).isEqualTo(201);
		return result.getResponseBody();
	}

	static java.util.Set<String> lots() {
		java.util.Set<String> lots = new java.util.LinkedHashSet<>(List.of("%00", "A%2FB", "a/b", ";x", "?q=1", "%25", "%", "!\"&'()*+,-./:;<=>?_",
				"..", "./", "Z".repeat(20)));
		Random random = new Random(SEED);
		for (int i = 0; i < 30; i++) {
			StringBuilder lot = new StringBuilder();
			int length = 1 + random.nextInt(20);
			while (lot.length() < length) {
				lot.append(LotCode.CSET_82.charAt(random.nextInt(LotCode.CSET_82.length())));
			}
			lots.add(lot.toString());
		}
		return lots;
	}

	@Test
	void everyAcceptedLotCodeResolvesThroughItsLinkAndItsQrCode() throws Exception {
		List<String> dead = new ArrayList<>();
		for (String lot : lots()) {
			JsonNode batch = created("/api/batches", Map.of("productId", this.productId, "farmId", this.farmId, "lot", lot,
					"harvestDate", "2026-11-20", "quantity", 10, "unit", "kg"));
			String link = batch.get("digitalLink").asString();
			String path = URI.create(link).getRawPath();
			var png = this.client.get().uri(here("/qr" + path + "?format=png&size=300")).exchange().expectBody()
				.returnResult();
			if (png.getStatus().value() != 200) {
				dead.add(lot + ": its QR " + path + " answers " + png.getStatus());
				continue;
			}
			String qr;
			try {
				qr = decode(png.getResponseBody());
			}
			catch (com.google.zxing.ReaderException ex) {
				dead.add(lot + ": its QR " + path + " does not decode (" + ex + ")");
				continue;
			}
			if (!link.equals(qr)) {
				dead.add(lot + ": the QR holds " + qr + ", the batch says " + link);
				continue;
			}
			var json = this.client.get().uri(here(URI.create(qr).getRawPath())).accept(MediaType.APPLICATION_JSON)
				.exchange().returnResult(JsonNode.class);
			if (json.getStatus().value() != 200) {
				dead.add(lot + ": " + path + " answers " + json.getStatus());
				continue;
			}
			var page = this.client.get().uri(here(path)).accept(MediaType.TEXT_HTML).exchange().expectBody().returnResult();
			if (page.getStatus().value() != 200) {
				dead.add(lot + ": its page " + path + " answers " + page.getStatus());
				continue;
			}
			String html = new String(page.getResponseBody(), java.nio.charset.StandardCharsets.UTF_8);
			String named = json.getResponseBody().blockFirst().toString();
			if (!named.contains(this.gtin) || !html.contains("Cà chua bi")) {
				dead.add(lot + ": the page does not name the lot's product");
			}
		}
		assertThat(dead).as("dead labels").isEmpty();
	}

	/** A raw path on this server, sent as it is (a URI template would encode its % again). */
	URI here(String rawPathAndQuery) {
		return URI.create("http://localhost:" + this.port + rawPathAndQuery);
	}

	static String decode(byte[] png) throws Exception {
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
		return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
				Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE, com.google.zxing.DecodeHintType.TRY_HARDER,
						Boolean.TRUE))
			.getText();
	}

}
