package vn.nguon.grading.model;

import java.awt.image.BufferedImage;

/**
 * Reads the EXIF orientation tag of a JPEG (without any library) and applies it to decoded pixels,
 * so a phone photo taken sideways is graded upright. Any malformed EXIF is ignored (orientation 1).
 */
public final class ExifOrientation {

	private ExifOrientation() {
	}

	/**
	 * The EXIF orientation (1..8) of a JPEG, or 1 when absent, unreadable or not a JPEG.
	 * @param bytes the encoded file
	 * @return the orientation tag value
	 */
	public static int of(byte[] bytes) {
		try {
			return read(bytes);
		}
		catch (RuntimeException ex) {
			return 1;
		}
	}

	private static int read(byte[] b) {
		if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
			return 1;
		}
		int pos = 2;
		while (pos + 4 <= b.length) {
			if ((b[pos] & 0xFF) != 0xFF) {
				return 1;
			}
			int marker = b[pos + 1] & 0xFF;
			if (marker == 0xD9 || marker == 0xDA) {
				return 1;
			}
			int length = ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
			int start = pos + 4;
			if (marker == 0xE1 && length >= 8 && start + 6 <= b.length && b[start] == 'E' && b[start + 1] == 'x'
					&& b[start + 2] == 'i' && b[start + 3] == 'f') {
				return fromTiff(b, start + 6, Math.min(b.length, pos + 2 + length));
			}
			pos += 2 + length;
		}
		return 1;
	}

	private static int fromTiff(byte[] b, int tiff, int end) {
		boolean little = b[tiff] == 'I';
		int ifd = tiff + u32(b, tiff + 4, little);
		int count = u16(b, ifd, little);
		for (int i = 0; i < count; i++) {
			int entry = ifd + 2 + i * 12;
			if (entry + 12 > end) {
				return 1;
			}
			if (u16(b, entry, little) == 0x0112) {
				int value = u16(b, entry + 8, little);
				return (value >= 1 && value <= 8) ? value : 1;
			}
		}
		return 1;
	}

	private static int u16(byte[] b, int at, boolean little) {
		int a = b[at] & 0xFF;
		int c = b[at + 1] & 0xFF;
		return little ? (c << 8) | a : (a << 8) | c;
	}

	private static int u32(byte[] b, int at, boolean little) {
		return little ? (u16(b, at + 2, true) << 16) | u16(b, at, true) : (u16(b, at, false) << 16) | u16(b, at + 2, false);
	}

	/**
	 * Applies an EXIF orientation to an image.
	 * @param src the decoded image, as stored
	 * @param orientation the EXIF value 1..8
	 * @return the image as it should be viewed (a new image unless orientation is 1)
	 */
	public static BufferedImage apply(BufferedImage src, int orientation) {
		if (orientation <= 1 || orientation > 8) {
			return src;
		}
		int w = src.getWidth();
		int h = src.getHeight();
		boolean swap = orientation >= 5;
		BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
		int[] row = new int[w];
		for (int y = 0; y < h; y++) {
			src.getRGB(0, y, w, 1, row, 0, w);
			for (int x = 0; x < w; x++) {
				int nx;
				int ny;
				switch (orientation) {
					case 2 -> { nx = w - 1 - x; ny = y; }
					case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }
					case 4 -> { nx = x; ny = h - 1 - y; }
					case 5 -> { nx = y; ny = x; }
					case 6 -> { nx = h - 1 - y; ny = x; }
					case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }
					default -> { nx = y; ny = w - 1 - x; }
				}
				dst.setRGB(nx, ny, row[x]);
			}
		}
		return dst;
	}

}
