package vn.nguon.grading.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

import vn.nguon.grading.GradingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreprocessingTests {

	@Test
	void whenImageIsWideThenPaddedToSquareWithBackground() {
		BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(Color.RED);
		g.fillRect(0, 0, 200, 100);
		g.dispose();
		Preprocessing pre = Preprocessing.of(32);
		byte[] rgb = pre.square(img);
		assertThat(rgb).hasSize(32 * 32 * 3);
		// top-left corner is padding (white), the centre is red
		assertThat(rgb[0] & 0xFF).isEqualTo(255);
		assertThat(rgb[1] & 0xFF).isEqualTo(255);
		int centre = 3 * (16 * 32 + 16);
		assertThat(rgb[centre] & 0xFF).isGreaterThan(200);
		assertThat(rgb[centre + 1] & 0xFF).isLessThan(50);
	}

	@Test
	void normalisationWritesChannelPlanes() {
		Preprocessing pre = new Preprocessing(16, new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.5f, 0.5f, 0.5f },
				0xFFFFFF);
		byte[] rgb = new byte[16 * 16 * 3];
		for (int i = 0; i < 16 * 16; i++) {
			rgb[3 * i] = (byte) 255;
		}
		float[] t = new float[pre.tensorLength()];
		pre.normalise(rgb, t, 0);
		assertThat(t[0]).isEqualTo(1f);
		assertThat(t[16 * 16]).isEqualTo(-1f);
	}

	@Test
	void whenExifSaysRotateNinetyThenImageTurnsUpright() {
		BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
		img.setRGB(0, 0, 0xFF0000);
		BufferedImage turned = ExifOrientation.apply(img, 6);
		assertThat(turned.getWidth()).isEqualTo(2);
		assertThat(turned.getHeight()).isEqualTo(4);
		// orientation 6: the stored top-left goes to the top-right
		assertThat(turned.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
	}

	@Test
	void whenBytesAreNotAnImageThenUnreadable() {
		assertThatThrownBy(() -> Preprocessing.decode(new byte[] { 1, 2, 3 })).isInstanceOf(GradingException.class)
			.hasFieldOrPropertyWithValue("code", "photo-unreadable");
	}

	@Test
	void whenSizeOutOfRangeThenRejected() {
		assertThatThrownBy(() -> Preprocessing.of(8)).isInstanceOf(IllegalArgumentException.class);
	}

}
