package vn.nguon.grading.model;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;

/**
 * Reads the EXIF orientation tag of a photo (with metadata-extractor) and applies it to decoded pixels,
 * so a phone photo taken sideways is graded upright. Any malformed EXIF is ignored (orientation 1).
 */
public final class ExifOrientation {

	private ExifOrientation() {
	}

	/**
	 * The EXIF orientation (1..8) of a photo, read by metadata-extractor (JPEG APP1, PNG eXIf, WebP and HEIF
	 * EXIF chunks), or 1 when absent, unreadable or out of range.
	 * @param bytes the encoded file
	 * @return the orientation tag value
	 */
	public static int of(byte[] bytes) {
		try {
			Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes), bytes.length);
			for (ExifIFD0Directory d : metadata.getDirectoriesOfType(ExifIFD0Directory.class)) {
				Integer value = d.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
				if (value != null) {
					return (value >= 1 && value <= 8) ? value : 1;
				}
			}
			return 1;
		}
		catch (ImageProcessingException | IOException | RuntimeException ex) {
			return 1; // malformed metadata: the pixels as stored
		}
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
