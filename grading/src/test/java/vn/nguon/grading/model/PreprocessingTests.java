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

	@Test
	void whenFitIsCropThenTheFruitFillsTheSquareAndABlankPhotoStaysWhole() {
		Preprocessing crop = new Preprocessing(16, new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.5f, 0.5f, 0.5f },
				0xFFFFFF, Preprocessing.CROP);
		BufferedImage photo = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = photo.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, 100, 60);
		g.setColor(new Color(0xC0, 0x20, 0x20));
		g.fillRect(70, 30, 25, 25); // the fruit in a corner
		g.dispose();
		byte[] rgb = crop.square(photo);
		// every corner of the square is the fruit's red or the thin margin next to it, never far into white
		int red = 0;
		for (int i = 0; i < 16 * 16; i++) {
			if ((rgb[3 * i] & 0xFF) < 0xF0 && (rgb[3 * i + 1] & 0xFF) < 0x80) {
				red++;
			}
		}
		assertThat(red).as("red pixels of 256").isGreaterThan(200);
		// padded, the same photo is mostly white
		byte[] padded = Preprocessing.of(16).square(photo);
		int paddedRed = 0;
		for (int i = 0; i < 16 * 16; i++) {
			if ((padded[3 * i] & 0xFF) < 0xF0 && (padded[3 * i + 1] & 0xFF) < 0x80) {
				paddedRed++;
			}
		}
		assertThat(paddedRed).isLessThan(60);
		BufferedImage blank = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
		Graphics2D w = blank.createGraphics();
		w.setColor(Color.WHITE);
		w.fillRect(0, 0, 40, 40);
		w.dispose();
		assertThat(crop.produceBox(blank)).isSameAs(blank);
	}

	@Test
	void whenModelMetadataHasNoFitThenItPads() throws Exception {
		Preprocessing read = Ensemble.JSON.readValue(
				"{\"size\":80,\"mean\":[0.6,0.5,0.45],\"std\":[0.3,0.3,0.3],\"background\":16777215}",
				Preprocessing.class);
		assertThat(read.fit()).isEqualTo(Preprocessing.PAD);
		assertThat(read).isEqualTo(Preprocessing.of(80));
		assertThatThrownBy(() -> new Preprocessing(80, new float[3], new float[] { 1, 1, 1 }, 0, "zoom"))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
