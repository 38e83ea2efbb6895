package vn.nguon.traceability.qr;

import java.awt.image.BufferedImage;
import java.util.Random;

import org.junit.jupiter.api.Test;

import vn.nguon.traceability.TraceabilityException;
import vn.nguon.traceability.gs1.LotRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QrCodesTests {

	static LotRef randomLot(Random random) {
		return QrDecoding.randomLot(random);
	}

	@Test
	void whenPngAndSvgAreDecodedThenTheyGiveTheExactUri() throws Exception {
		Random random = new Random(7);
		for (int i = 0; i < 40; i++) {
			String uri = randomLot(random).digitalLinkUri("https://nguon.test");
			QrSpec.Ecc ecc = QrSpec.Ecc.values()[i % 4];
			QrSpec spec = new QrSpec(200 + random.nextInt(300), 4, ecc);
			BufferedImage png = QrDecoding.readPng(QrCodes.png(uri, spec));
			assertThat(png.getWidth()).isEqualTo(spec.size());
			assertThat(QrDecoding.decode(png)).isEqualTo(uri);
			assertThat(QrDecoding.decode(QrDecoding.rasterise(QrCodes.svg(uri, spec)))).isEqualTo(uri);
		}
	}

	@Test
	void whenDownscaledRotatedAndNoisyThenStillDecodes() throws Exception {
		Random random = new Random(11);
		for (int i = 0; i < 20; i++) {
			String uri = randomLot(random).digitalLinkUri("https://nguon.test");
			QrSpec spec = new QrSpec(300, 4, QrSpec.Ecc.M);
			for (BufferedImage image : new BufferedImage[] { QrDecoding.readPng(QrCodes.png(uri, spec)),
					QrDecoding.rasterise(QrCodes.svg(uri, spec)) }) {
				BufferedImage small = QrDecoding.downscale(image, 150);
				assertThat(decodeOrNull(small)).as("downscaled %s", uri).isEqualTo(uri);
				BufferedImage rotated = QrDecoding.rotate(small, 10);
				assertThat(decodeOrNull(rotated)).as("rotated %s", uri).isEqualTo(uri);
				BufferedImage distorted = QrDecoding.noise(rotated, 10, random);
				assertThat(decodeOrNull(distorted)).as("noisy %s", uri).isEqualTo(uri);
			}
		}
	}

	static String decodeOrNull(BufferedImage image) {
		try {
			return QrDecoding.decode(image);
		}
		catch (com.google.zxing.NotFoundException ex) {
			return null;
		}
	}

	@Test
	void whenMarginIsZeroThenSymbolTouchesTheEdge() throws Exception {
		String uri = "https://nguon.test/01/09520123456788/10/ABC";
		QrMatrix m = QrMatrix.encode(uri, QrSpec.Ecc.L);
		BufferedImage image = QrDecoding.readPng(QrCodes.png(uri, new QrSpec(m.width() * 4, 0, QrSpec.Ecc.L)));
		assertThat(image.getRGB(0, 0) & 0xffffff).isZero(); // finder pattern corner is dark
		BufferedImage withMargin = QrDecoding.readPng(QrCodes.png(uri, new QrSpec(m.width() * 4 + 32, 4, QrSpec.Ecc.L)));
		assertThat(withMargin.getRGB(0, 0) & 0xffffff).isEqualTo(0xffffff);
	}

	@Test
	void pngIsPixelExactBlackOnWhiteWithTheQuietZoneAndDecodesBackToTheContent() throws Exception {
		String uri = "https://nguon.test/01/09520123456788/10/ABC-7";
		for (QrSpec spec : new QrSpec[] { QrSpec.defaults(), new QrSpec(203, 2, QrSpec.Ecc.H), new QrSpec(57, 0, QrSpec.Ecc.L) }) {
			byte[] bytes = QrCodes.png(uri, spec);
			assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
			BufferedImage png = QrDecoding.readPng(bytes);
			QrMatrix m = QrMatrix.encode(uri, spec.ecc());
			QrCodes.Layout layout = QrCodes.Layout.of(m, spec);
			assertThat(png.getWidth()).isEqualTo(layout.size());
			assertThat(png.getHeight()).isEqualTo(layout.size());
			for (int y = 0; y < png.getHeight(); y++) {
				for (int x = 0; x < png.getWidth(); x++) {
					int mx = Math.floorDiv(x - layout.offset(), layout.modulePx());
					int my = Math.floorDiv(y - layout.offset(), layout.modulePx());
					boolean dark = mx >= 0 && my >= 0 && mx < m.width() && my < m.width() && m.isDark(mx, my);
					assertThat(png.getRGB(x, y) & 0xffffff).as("pixel %d,%d of %s", x, y, spec)
						.isEqualTo(dark ? 0x000000 : 0xffffff);
				}
			}
			if (spec.size() >= 100) {
				assertThat(QrDecoding.decode(png)).isEqualTo(uri);
			}
		}
	}

	@Test
	void whenHigherEccThenMoreModules() {
		String uri = "https://nguon.test/01/09520123456788/10/ABCDEFGHIJ0123456789";
		assertThat(QrMatrix.encode(uri, QrSpec.Ecc.H).width()).isGreaterThan(QrMatrix.encode(uri, QrSpec.Ecc.L).width());
	}

	@Test
	void whenSizeOrMarginOutOfRangeThenRejected() {
		assertThatThrownBy(() -> new QrSpec(5, 4, QrSpec.Ecc.M)).isInstanceOf(TraceabilityException.class);
		assertThatThrownBy(() -> new QrSpec(300, 40, QrSpec.Ecc.M)).isInstanceOf(TraceabilityException.class);
	}

}
