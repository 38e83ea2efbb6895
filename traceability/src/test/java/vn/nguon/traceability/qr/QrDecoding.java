package vn.nguon.traceability.qr;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;

/** Test helpers: decode QR codes with ZXing, rasterise our own SVG output, distort images. */
public final class QrDecoding {

	private static final Pattern RECT = Pattern.compile(
			"<rect x=\"(\\d+)\" y=\"(\\d+)\" width=\"(\\d+)\" height=\"(\\d+)\"(?: fill=\"(#[0-9a-f]+)\")?/>");

	private static final Pattern SIZE = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"");

	private QrDecoding() {
	}

	static Map<DecodeHintType, Object> hints() {
		Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
		hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
		hints.put(DecodeHintType.POSSIBLE_FORMATS, java.util.List.of(BarcodeFormat.QR_CODE));
		hints.put(DecodeHintType.CHARACTER_SET, "UTF-8");
		return hints;
	}

	/** @return a random lot: random GTIN, 1 to 20 characters of set 82 */
	public static vn.nguon.traceability.gs1.LotRef randomLot(Random random) {
		StringBuilder digits = new StringBuilder();
		for (int d = 0; d < 13; d++) {
			digits.append(random.nextInt(10));
		}
		StringBuilder lot = new StringBuilder();
		int length = 1 + random.nextInt(20);
		for (int c = 0; c < length; c++) {
			lot.append(vn.nguon.traceability.gs1.LotCode.CSET_82
				.charAt(random.nextInt(vn.nguon.traceability.gs1.LotCode.CSET_82.length())));
		}
		return new vn.nguon.traceability.gs1.LotRef(vn.nguon.traceability.gs1.Gtin.withCheckDigit(digits.toString()),
				new vn.nguon.traceability.gs1.LotCode(lot.toString()));
	}

	/** @return the text of the one QR code in the image */
	public static String decode(BufferedImage image) throws NotFoundException {
		BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(image);
		try {
			return new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints()).getText();
		}
		catch (NotFoundException first) {
			// as phone scanners do: retry with another binariser, then at another scale; ZXing's finder-pattern
			// detector occasionally misses a clean symbol whose data happens to look like a finder pattern
			try {
				return new MultiFormatReader()
					.decode(new BinaryBitmap(new com.google.zxing.common.GlobalHistogramBinarizer(source)), hints())
					.getText();
			}
			catch (NotFoundException second) {
				BufferedImage half = new BufferedImage(image.getWidth() * 2 / 3, image.getHeight() * 2 / 3,
						BufferedImage.TYPE_INT_RGB);
				Graphics2D g = half.createGraphics();
				g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
				g.drawImage(image, 0, 0, half.getWidth(), half.getHeight(), null);
				g.dispose();
				BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(half)));
				return new MultiFormatReader().decode(bitmap, hints()).getText();
			}
		}
	}

	/** @return the texts of every QR code found in the image */
	public static java.util.List<String> decodeAll(BufferedImage image) throws NotFoundException {
		BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
		Result[] results = new GenericMultipleBarcodeReader(new MultiFormatReader()).decodeMultiple(bitmap, hints());
		return java.util.Arrays.stream(results).map(Result::getText).toList();
	}

	public static BufferedImage readPng(byte[] png) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(png));
	}

	/** Draws the rects of an SVG made by {@link QrCodes} (white background, black runs). */
	public static BufferedImage rasterise(String svg) {
		Matcher size = SIZE.matcher(svg);
		if (!size.find()) {
			throw new IllegalArgumentException("no size");
		}
		int w = Integer.parseInt(size.group(1));
		int h = Integer.parseInt(size.group(2));
		BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		Matcher m = RECT.matcher(svg);
		while (m.find()) {
			g.setColor("#fff".equals(m.group(5)) ? Color.WHITE : Color.BLACK);
			g.fillRect(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
					Integer.parseInt(m.group(4)));
		}
		g.dispose();
		return image;
	}

	/** Scales to a square of the given side with bilinear filtering. */
	public static BufferedImage downscale(BufferedImage image, int side) {
		BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		g.drawImage(image, 0, 0, side, side, null);
		g.dispose();
		return out;
	}

	/** Rotates about the centre on a white canvas large enough to hold the result. */
	public static BufferedImage rotate(BufferedImage image, double degrees) {
		int w = image.getWidth();
		int side = (int) Math.ceil(w * 1.5);
		BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, side, side);
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
		AffineTransform t = new AffineTransform();
		t.translate(side / 2.0, side / 2.0);
		t.rotate(Math.toRadians(degrees));
		t.translate(-w / 2.0, -image.getHeight() / 2.0);
		g.drawImage(image, t, null);
		g.dispose();
		return out;
	}

	/** Adds Gaussian grey noise of the given standard deviation (0-255 scale). */
	public static BufferedImage noise(BufferedImage image, double sigma, Random random) {
		BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int grey = image.getRGB(x, y) & 0xff;
				int v = (int) Math.max(0, Math.min(255, grey + random.nextGaussian() * sigma));
				out.setRGB(x, y, (v << 16) | (v << 8) | v);
			}
		}
		return out;
	}

}
