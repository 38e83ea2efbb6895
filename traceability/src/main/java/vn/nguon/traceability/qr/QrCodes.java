package vn.nguon.traceability.qr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Draws QR codes as PNG (a 1-bit black-on-white image written by ImageIO, in memory) and SVG (one
 * {@code rect} per horizontal run of dark modules). The image is exactly {@code size} pixels wide;
 * modules are whole pixels and what does not divide evenly goes to the quiet zone, so the code
 * stays sharp.
 */
public final class QrCodes {

	private QrCodes() {
	}

	/**
	 * @param content text to encode, e.g. a Digital Link URI
	 * @param spec size, quiet zone and error correction
	 * @return PNG bytes
	 */
	public static byte[] png(String content, QrSpec spec) {
		return png(QrMatrix.encode(content, spec.ecc()), spec);
	}

	/**
	 * @param content text to encode
	 * @param spec size, quiet zone and error correction
	 * @return an SVG document (UTF-8)
	 */
	public static String svg(String content, QrSpec spec) {
		return svg(QrMatrix.encode(content, spec.ecc()), spec);
	}

	/** Pixel geometry of a symbol in an image of the spec's size. */
	record Layout(int modulePx, int offset, int size) {

		static Layout of(QrMatrix m, QrSpec spec) {
			int total = m.width() + 2 * spec.margin();
			int modulePx = Math.max(1, spec.size() / total);
			int size = Math.max(spec.size(), modulePx * total);
			int offset = (size - modulePx * m.width()) / 2;
			return new Layout(modulePx, offset, size);
		}

	}

	static byte[] png(QrMatrix m, QrSpec spec) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
			// an in-memory stream: ImageIO's default would buffer through a temporary file
			try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
				if (!ImageIO.write(image(m, spec), "png", stream)) {
					throw new IllegalStateException("No PNG writer in ImageIO");
				}
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write a QR PNG", ex); // never: the stream is in memory
		}
	}

	/**
	 * The whole image, quiet zone included, as a 1-bit black-and-white {@link BufferedImage}. Its
	 * packed pixels are written row by row (each module row built once, then copied): ZXing's
	 * {@code MatrixToImageWriter} sets them one by one and takes three times as long as the PNG encoding.
	 */
	static BufferedImage image(QrMatrix m, QrSpec spec) {
		Layout layout = Layout.of(m, spec);
		int size = layout.size();
		int px = layout.modulePx();
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_BINARY); // 0 black, 1 white
		byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
		int rowBytes = (size + 7) / 8;
		Arrays.fill(pixels, (byte) 0xff);
		byte[] row = new byte[rowBytes];
		for (int my = 0; my < m.width(); my++) {
			Arrays.fill(row, (byte) 0xff);
			for (int mx = 0; mx < m.width(); mx++) {
				if (m.isDark(mx, my)) {
					int x0 = layout.offset() + mx * px;
					for (int x = x0; x < x0 + px; x++) {
						row[x >> 3] &= (byte) ~(0x80 >> (x & 7));
					}
				}
			}
			int y0 = layout.offset() + my * px;
			for (int dy = 0; dy < px; dy++) {
				System.arraycopy(row, 0, pixels, (y0 + dy) * rowBytes, rowBytes);
			}
		}
		return image;
	}

	static String svg(QrMatrix m, QrSpec spec) {
		Layout layout = Layout.of(m, spec);
		int total = layout.size();
		StringBuilder sb = new StringBuilder(4096);
		sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(total).append("\" height=\"").append(total)
			.append("\" viewBox=\"0 0 ").append(total).append(' ').append(total)
			.append("\" shape-rendering=\"crispEdges\"><rect x=\"0\" y=\"0\" width=\"").append(total)
			.append("\" height=\"").append(total).append("\" fill=\"#fff\"/><g fill=\"#000\">");
		int px = layout.modulePx();
		m.forEachDarkRun((y, start, length) -> sb.append("<rect x=\"").append(layout.offset() + start * px)
			.append("\" y=\"").append(layout.offset() + y * px).append("\" width=\"").append(length * px)
			.append("\" height=\"").append(px).append("\"/>"));
		sb.append("</g></svg>");
		return sb.toString();
	}

}
