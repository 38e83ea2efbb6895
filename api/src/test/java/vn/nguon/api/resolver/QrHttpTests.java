package vn.nguon.api.resolver;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /qr/**}: the PNG decodes to the lot's Digital Link, carries a long public cache and an ETag, revalidates with 304. */
@NguonIntegrationTest
class QrHttpTests {

	static final String PATH = "/01/09520123456788/10/QR-1";

	@Autowired
	WebTestClient client;

	@Test
	void pngDecodesToTheDigitalLinkAndIsCachedWithAnEtag() throws Exception {
		EntityExchangeResult<byte[]> result = this.client.get().uri("/qr" + PATH + "?size=240").exchange()
			.expectStatus().isOk()
			.expectHeader().contentType(MediaType.IMAGE_PNG)
			.expectHeader().valueMatches("Cache-Control", "max-age=\\d{6,},? ?public|public,? ?max-age=\\d{6,}")
			.expectBody().returnResult();
		String etag = result.getResponseHeaders().getETag();
		assertThat(etag).startsWith("\"qr-");
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(result.getResponseBody()));
		assertThat(image.getWidth()).isEqualTo(240);
		String text = new QRCodeReader().decode(
				new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
				Map.of(DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
		assertThat(text).isEqualTo("https://nguon.test" + PATH);

		this.client.get().uri("/qr" + PATH + "?size=240").header("If-None-Match", etag).exchange()
			.expectStatus().isNotModified().expectHeader().valueEquals("ETag", etag).expectBody().isEmpty();
		String other = this.client.get().uri("/qr" + PATH + "?size=241").exchange().expectStatus().isOk()
			.returnResult(byte[].class).getResponseHeaders().getETag();
		String svg = this.client.get().uri("/qr" + PATH + "?size=240&format=svg").exchange().expectStatus().isOk()
			.returnResult(byte[].class).getResponseHeaders().getETag();
		assertThat(other).isNotEqualTo(etag);
		assertThat(svg).isNotEqualTo(etag);
	}

	@Test
	void wrongParametersAreRefusedBeforeDrawing() {
		this.client.get().uri("/qr" + PATH + "?format=gif").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/qr" + PATH + "?size=5").exchange().expectStatus().isBadRequest();
		this.client.get().uri("/qr/01/123/10/A").exchange().expectStatus().isBadRequest();
	}

}
