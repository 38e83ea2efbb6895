package vn.nguon.grading.photo;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import vn.nguon.grading.GradingException;
import vn.nguon.grading.GradingException.Kind;
import vn.nguon.grading.model.Preprocessing;

/**
 * Checks an upload before anything is stored: not empty, not too large, a declared type we accept
 * (JPEG, PNG, WebP) matching the bytes' signature, dimensions read from the header only and within the
 * limits (so a decompression bomb is refused before it is decoded), and finally a full decode. Produces
 * the public copy: upright, re-encoded, with no metadata. CPU-heavy: call it off the event loop.
 */
public final class PhotoInspector {

	/** Media types accepted for photos. */
	public static final Set<String> TYPES = Set.of("image/jpeg", "image/png", "image/webp");

	private final PhotoLimits limits;

	public PhotoInspector(PhotoLimits limits) {
		this.limits = limits;
	}

	/** @return the limits applied */
	public PhotoLimits limits() {
		return this.limits;
	}

	/**
	 * Checks the declared type and size only (cheap, before reading the body fully).
	 * @param declaredType the part's content type, may be {@code null}
	 */
	public void checkDeclaredType(String declaredType) {
		String type = normalise(declaredType);
		if (!TYPES.contains(type)) {
			throw new GradingException(Kind.UNSUPPORTED_MEDIA_TYPE, "photo-unsupported-type",
					"Photos must be JPEG, PNG or WebP, not " + declaredType, String.valueOf(declaredType));
		}
	}

	/**
	 * Runs every check and builds the public copy.
	 * @param bytes the uploaded bytes
	 * @param declaredType the declared content type
	 * @return the checked photo
	 */
	public CheckedPhoto inspect(byte[] bytes, String declaredType) {
		if (bytes == null || bytes.length == 0) {
			throw new GradingException(Kind.INVALID, "photo-empty", "The photo is empty");
		}
		if (bytes.length > this.limits.maxBytes()) {
			throw new GradingException(Kind.TOO_LARGE, "photo-too-large", "The photo is larger than "
					+ this.limits.maxBytes() + " bytes", this.limits.maxBytes() / (1024 * 1024));
		}
		checkDeclaredType(declaredType);
		String sniffed = sniff(bytes);
		if (sniffed == null) {
			throw new GradingException(Kind.INVALID, "photo-not-an-image", "The file is not a JPEG, PNG or WebP image");
		}
		if (!sniffed.equals(normalise(declaredType))) {
			throw new GradingException(Kind.UNSUPPORTED_MEDIA_TYPE, "photo-type-mismatch",
					"The file is " + sniffed + " but was sent as " + declaredType, sniffed, declaredType);
		}
		int[] size = dimensions(bytes, sniffed);
		int w = size[0];
		int h = size[1];
		if (w < this.limits.minSide() || h < this.limits.minSide() || w > this.limits.maxSide()
				|| h > this.limits.maxSide() || (long) w * h > this.limits.maxPixels()) {
			throw new GradingException(Kind.INVALID, "photo-dimensions", "The photo is " + w + "x" + h
					+ " pixels; accepted are " + this.limits.minSide() + " to " + this.limits.maxSide() + " pixels a side",
					w, h, this.limits.minSide(), this.limits.maxSide());
		}
		BufferedImage upright = Preprocessing.decode(bytes);
		return new CheckedPhoto(bytes, sniffed, w, h, sha256(bytes), jpeg(upright));
	}

	/**
	 * The media type from the first bytes.
	 * @param b the file
	 * @return {@code image/jpeg}, {@code image/png}, {@code image/webp} or {@code null}
	 */
	public static String sniff(byte[] b) {
		if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
			return "image/jpeg";
		}
		if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
			return "image/png";
		}
		if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
				&& b[10] == 'B' && b[11] == 'P') {
			return "image/webp";
		}
		return null;
	}

	/** Width and height from the header, without decoding pixels. */
	static int[] dimensions(byte[] bytes, String type) {
		if (type.equals("image/webp")) {
			return webpDimensions(bytes);
		}
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				throw unreadable("no reader");
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				return new int[] { reader.getWidth(0), reader.getHeight(0) };
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof GradingException g) {
				throw g;
			}
			throw unreadable(ex.getMessage());
		}
	}

	/** WebP canvas size from the VP8, VP8L or VP8X chunk header. */
	static int[] webpDimensions(byte[] b) {
		if (b.length < 30) {
			throw unreadable("truncated WebP header");
		}
		String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
		switch (chunk) {
			case "VP8X" -> {
				int w = 1 + ((b[24] & 0xFF) | (b[25] & 0xFF) << 8 | (b[26] & 0xFF) << 16);
				int h = 1 + ((b[27] & 0xFF) | (b[28] & 0xFF) << 8 | (b[29] & 0xFF) << 16);
				return new int[] { w, h };
			}
			case "VP8L" -> {
				int bits = (b[21] & 0xFF) | (b[22] & 0xFF) << 8 | (b[23] & 0xFF) << 16 | (b[24] & 0xFF) << 24;
				return new int[] { 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF) };
			}
			case "VP8 " -> {
				int w = ((b[26] & 0xFF) | (b[27] & 0xFF) << 8) & 0x3FFF;
				int h = ((b[28] & 0xFF) | (b[29] & 0xFF) << 8) & 0x3FFF;
				return new int[] { w, h };
			}
			default -> throw unreadable("unknown WebP chunk " + chunk);
		}
	}

	private static GradingException unreadable(String why) {
		return new GradingException(Kind.INVALID, "photo-unreadable", "The photo could not be read: " + why);
	}

	private static String normalise(String type) {
		if (type == null) {
			return "";
		}
		String t = type.toLowerCase(Locale.ROOT);
		int semi = t.indexOf(';');
		t = (semi >= 0 ? t.substring(0, semi) : t).trim();
		return t.equals("image/jpg") || t.equals("image/pjpeg") ? "image/jpeg" : t;
	}

	/**
	 * @param bytes any bytes
	 * @return lower-case hex SHA-256
	 */
	public static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Re-encodes pixels as a JPEG with no metadata at all (no EXIF, no GPS).
	 * @param img upright image
	 * @return JPEG bytes
	 */
	public static byte[] jpeg(BufferedImage img) {
		BufferedImage rgb = img;
		if (img.getType() != BufferedImage.TYPE_INT_RGB) {
			rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
			java.awt.Graphics2D g = rgb.createGraphics();
			g.setColor(java.awt.Color.WHITE);
			g.fillRect(0, 0, img.getWidth(), img.getHeight());
			g.drawImage(img, 0, 0, null);
			g.dispose();
		}
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(ios);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(0.88f);
			writer.write(null, new IIOImage(rgb, null, null), param);
		}
		catch (IOException ex) {
			throw new IllegalStateException("JPEG encoding failed", ex);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

}
