package vn.nguon.grading.photo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import vn.nguon.grading.GradingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhotoInspectorTests {

	private final PhotoInspector inspector = new PhotoInspector(PhotoLimits.defaults());

	static byte[] image(int w, int h, String format) throws IOException {
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setColor(Color.RED);
		g.fillOval(w / 4, h / 4, w / 2, h / 2);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(img, format, out);
		return out.toByteArray();
	}

	/** A PNG whose header claims the given size, with a tiny (invalid) body: a decompression bomb stand-in. */
	static byte[] pngHeaderOnly(int w, int h) {
		ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
		b.put(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		b.putInt(13);
		int crcStart = b.position();
		b.put(new byte[] { 'I', 'H', 'D', 'R' });
		b.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
		CRC32 crc = new CRC32();
		crc.update(b.array(), crcStart, 17);
		b.putInt((int) crc.getValue());
		b.putInt(0).put(new byte[] { 'I', 'E', 'N', 'D' }).putInt(0xAE426082);
		return b.array();
	}

	/** A JPEG with an EXIF APP1 segment (orientation 6 and a fake GPS tag pointer) inserted after SOI. */
	static byte[] jpegWithExif(byte[] jpeg, int orientation) {
		byte[] tiff = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 2, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
				(byte) 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
		byte[] exif = new byte[6 + tiff.length];
		System.arraycopy(new byte[] { 'E', 'x', 'i', 'f', 0, 0 }, 0, exif, 0, 6);
		System.arraycopy(tiff, 0, exif, 6, tiff.length);
		int len = exif.length + 2;
		ByteBuffer b = ByteBuffer.allocate(jpeg.length + 4 + exif.length);
		b.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) len).put(exif).put(jpeg, 2, jpeg.length - 2);
		return b.array();
	}

	@Test
	void whenJpegIsFineThenAcceptedWithHashAndPublicCopy() throws IOException {
		CheckedPhoto p = this.inspector.inspect(image(200, 150, "jpeg"), "image/jpeg");
		assertThat(p.contentType()).isEqualTo("image/jpeg");
		assertThat(p.width()).isEqualTo(200);
		assertThat(p.sha256()).hasSize(64);
		assertThat(ImageIO.read(new java.io.ByteArrayInputStream(p.publicJpeg()))).isNotNull();
	}

	@Test
	void whenPhotoHasExifThenPublicCopyHasNoneAndIsUpright() throws IOException {
		byte[] withExif = jpegWithExif(image(200, 100, "jpeg"), 6);
		assertThat(new String(withExif, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("Exif");
		CheckedPhoto p = this.inspector.inspect(withExif, "image/jpeg");
		assertThat(new String(p.publicJpeg(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Exif");
		BufferedImage upright = ImageIO.read(new java.io.ByteArrayInputStream(p.publicJpeg()));
		assertThat(upright.getWidth()).isEqualTo(100);
		assertThat(upright.getHeight()).isEqualTo(200);
	}

	@Test
	void whenPngIsFineThenAccepted() throws IOException {
		assertThat(this.inspector.inspect(image(64, 64, "png"), "image/png").contentType()).isEqualTo("image/png");
	}

	@Test
	void whenOnePixelThenRejectedByDimensions() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(image(1, 1, "png"), "image/png"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-dimensions");
	}

	@Test
	void whenHeaderClaimsTwentyThousandPixelsSquareThenRejectedBeforeDecoding() {
		assertThatThrownBy(() -> this.inspector.inspect(pngHeaderOnly(20000, 20000), "image/png"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-dimensions");
	}

	@Test
	void whenEmptyThenRejected() {
		assertThatThrownBy(() -> this.inspector.inspect(new byte[0], "image/jpeg"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-empty");
	}

	@Test
	void whenNotAnImageThenRejected() {
		assertThatThrownBy(() -> this.inspector.inspect("hello, not a photo".getBytes(), "image/jpeg"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-not-an-image");
	}

	@Test
	void whenContentTypeIsNotAnImageTypeThenUnsupported() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(image(64, 64, "jpeg"), "application/pdf"))
			.isInstanceOf(GradingException.class)
			.hasFieldOrPropertyWithValue("kind", GradingException.Kind.UNSUPPORTED_MEDIA_TYPE);
	}

	@Test
	void whenDeclaredTypeDiffersFromBytesThenRejected() throws IOException {
		assertThatThrownBy(() -> this.inspector.inspect(image(64, 64, "png"), "image/jpeg"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-type-mismatch");
	}

	@Test
	void whenJpegIsTruncatedThenUnreadable() throws IOException {
		byte[] full = image(300, 300, "jpeg");
		byte[] cut = java.util.Arrays.copyOf(full, 200);
		assertThatThrownBy(() -> this.inspector.inspect(cut, "image/jpeg")).isInstanceOf(GradingException.class)
			.hasFieldOrPropertyWithValue("code", "photo-unreadable");
	}

	@Test
	void whenLargerThanLimitThenTooLarge() throws IOException {
		PhotoInspector small = new PhotoInspector(new PhotoLimits(100, 32, 8192, 40_000_000L));
		assertThatThrownBy(() -> small.inspect(image(64, 64, "jpeg"), "image/jpeg"))
			.isInstanceOf(GradingException.class).hasFieldOrPropertyWithValue("code", "photo-too-large");
	}

}
