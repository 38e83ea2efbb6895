package vn.nguon.grading.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The orientation tag as metadata-extractor reads it from the photo formats phones send. */
class ExifOrientationTests {

	/** A TIFF header with one IFD0 entry: orientation. */
	private static byte[] tiff(int orientation) {
		return new byte[] { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
				0, 0, 0, 0 };
	}

	private static byte[] encoded(String format) throws IOException {
		BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(img, format, out);
		return out.toByteArray();
	}

	private static byte[] jpeg(int orientation) throws IOException {
		byte[] jpeg = encoded("jpeg");
		byte[] t = tiff(orientation);
		ByteBuffer b = ByteBuffer.allocate(jpeg.length + 4 + 6 + t.length);
		b.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + 6 + t.length));
		b.put(new byte[] { 'E', 'x', 'i', 'f', 0, 0 }).put(t).put(jpeg, 2, jpeg.length - 2);
		return b.array();
	}

	/** A PNG with an {@code eXIf} chunk (PNG 1.5 extension) after IHDR. */
	private static byte[] png(int orientation) throws IOException {
		byte[] png = encoded("png");
		byte[] t = tiff(orientation);
		int afterIhdr = 8 + 4 + 4 + 13 + 4;
		ByteBuffer b = ByteBuffer.allocate(png.length + 12 + t.length);
		b.put(png, 0, afterIhdr).putInt(t.length);
		int crcStart = b.position();
		b.put(new byte[] { 'e', 'X', 'I', 'f' }).put(t);
		CRC32 crc = new CRC32();
		crc.update(b.array(), crcStart, 4 + t.length);
		b.putInt((int) crc.getValue()).put(png, afterIhdr, png.length - afterIhdr);
		return b.array();
	}

	@Test
	void readsTheTagOfJpegAndPng() throws IOException {
		for (int o = 1; o <= 8; o++) {
			assertThat(ExifOrientation.of(jpeg(o))).as("jpeg %d", o).isEqualTo(o);
			assertThat(ExifOrientation.of(png(o))).as("png %d", o).isEqualTo(o);
		}
	}

	@Test
	void anythingElseIsUpright() throws IOException {
		assertThat(ExifOrientation.of(encoded("jpeg"))).isEqualTo(1);
		assertThat(ExifOrientation.of(jpeg(9))).as("out of range").isEqualTo(1);
		assertThat(ExifOrientation.of(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F })).isEqualTo(1);
		assertThat(ExifOrientation.of("not an image".getBytes())).isEqualTo(1);
		assertThat(ExifOrientation.of(new byte[0])).isEqualTo(1);
	}

}
