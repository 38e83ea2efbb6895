package vn.nguon.grading.model;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import vn.nguon.grading.training.SharedData;

import static org.assertj.core.api.Assertions.assertThat;

class AppearanceTests {

	private final Preprocessing pre = Preprocessing.of(80);

	private Appearance look(BufferedImage img) {
		return Appearance.of(this.pre.square(img));
	}

	private static BufferedImage filled(Color c) {
		BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(c);
		g.fillRect(0, 0, 640, 480);
		g.dispose();
		return img;
	}

	@Test
	void blankImagesAndDocumentsAreNotProduce() {
		assertThat(look(filled(Color.WHITE)).looksLikeProduce()).isFalse();
		assertThat(look(filled(Color.BLACK)).looksLikeProduce()).isFalse();
		assertThat(look(filled(new Color(128, 128, 128))).looksLikeProduce()).isFalse();
		assertThat(look(filled(new Color(30, 60, 200))).looksLikeProduce()).as("a blue sheet").isFalse();
		BufferedImage doc = filled(new Color(250, 250, 245));
		Graphics2D g = doc.createGraphics();
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SERIF, Font.PLAIN, 28));
		for (int y = 40; y < 480; y += 36) {
			g.drawString("Hợp đồng mua bán nông sản, điều " + y, 20, y);
		}
		g.dispose();
		assertThat(look(doc).fruitShare()).isLessThan(Appearance.MIN_FRUIT_SHARE);
	}

	@Test
	void aRedOrGreenFruitOnWhiteIsProduce() {
		for (Color c : List.of(new Color(200, 30, 20), new Color(90, 160, 40), new Color(230, 150, 30))) {
			BufferedImage img = filled(Color.WHITE);
			Graphics2D g = img.createGraphics();
			g.setColor(c);
			g.fillOval(220, 140, 200, 200);
			g.dispose();
			assertThat(look(img).looksLikeProduce()).as("a fruit of " + c).isTrue();
		}
	}

	/** Every tomato photo of the dataset shows produce, with a margin: none is near the minimum. */
	@Test
	void everyDatasetTomatoLooksLikeProduceWithAMargin() throws IOException {
		Path data = SharedData.produceQuality();
		List<Path> photos;
		try (Stream<Path> files = Files.walk(data)) {
			photos = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
		}
		assertThat(photos).hasSizeGreaterThan(1000);
		double least = 1;
		for (Path p : photos) {
			least = Math.min(least, look(Preprocessing.decode(Files.readAllBytes(p))).fruitShare());
		}
		System.out.printf("least fruit share over %d dataset photos: %.3f (minimum %.3f)%n", photos.size(), least,
				Appearance.MIN_FRUIT_SHARE);
		assertThat(least).isGreaterThan(2 * Appearance.MIN_FRUIT_SHARE);
	}

}
