package vn.nguon.traceability.qr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Draws QR codes as PNG (1-bit greyscale, written directly: no ImageIO, a few hundred
 * microseconds per code) and SVG (one {@code rect} per horizontal run of dark modules). The image
 * is exactly {@code size} pixels wide; modules are whole pixels and what does not divide evenly
 * goes to the quiet zone, so the code stays sharp.
 */
public final class QrCodes {

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

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
		Layout layout = Layout.of(m, spec);
		int size = layout.size();
		int rowBytes = (size + 7) / 8;
		byte[] raw = new byte[(rowBytes + 1) * size];
		// build each distinct module row once, then copy it modulePx times
		byte[] row = new byte[rowBytes];
		for (int y = 0; y < size; y++) {
			int base = y * (rowBytes + 1);
			raw[base] = 0; // filter: none
			int my = (y - layout.offset()) >= 0 ? (y - layout.offset()) / layout.modulePx() : -1;
			boolean inSymbolRow = (y >= layout.offset()) && my < m.width();
			if (y > 0 && inSymbolRow && (y - layout.offset()) % layout.modulePx() != 0) {
				System.arraycopy(raw, base - rowBytes - 1 + 1, raw, base + 1, rowBytes);
				continue;
			}
			java.util.Arrays.fill(row, (byte) 0xff); // white
			if (inSymbolRow) {
				for (int mx = 0; mx < m.width(); mx++) {
					if (m.isDark(mx, my)) {
						int x0 = layout.offset() + mx * layout.modulePx();
						for (int x = x0; x < x0 + layout.modulePx(); x++) {
							row[x >> 3] &= (byte) ~(0x80 >> (x & 7));
						}
					}
				}
			}
			System.arraycopy(row, 0, raw, base + 1, rowBytes);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(512 + raw.length / 20);
		out.writeBytes(PNG_SIGNATURE);
		ByteBuffer ihdr = ByteBuffer.allocate(13);
		ihdr.putInt(size).putInt(size).put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(out, "IHDR", ihdr.array(), 13);
		Deflater deflater = new Deflater(6);
		deflater.setInput(raw);
		deflater.finish();
		byte[] buffer = new byte[Math.max(1024, raw.length / 4)];
		ByteArrayOutputStream idat = new ByteArrayOutputStream(buffer.length);
		while (!deflater.finished()) {
			int n = deflater.deflate(buffer);
			idat.write(buffer, 0, n);
		}
		deflater.end();
		byte[] compressed = idat.toByteArray();
		chunk(out, "IDAT", compressed, compressed.length);
		chunk(out, "IEND", new byte[0], 0);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
		byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
		out.writeBytes(typeBytes);
		out.write(data, 0, length);
		CRC32 crc = new CRC32();
		crc.update(typeBytes);
		crc.update(data, 0, length);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
