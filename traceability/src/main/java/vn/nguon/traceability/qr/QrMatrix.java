package vn.nguon.traceability.qr;

import java.util.EnumMap;
import java.util.Map;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

import vn.nguon.traceability.TraceabilityException;

/**
 * The modules of one QR symbol, without quiet zone.
 *
 * @param width modules per side
 * @param dark row-major, {@code true} for a dark module
 */
public record QrMatrix(int width, boolean[] dark) {

	/**
	 * Encodes text (UTF-8 when not ISO-8859-1; Digital Links are ASCII) with ZXing.
	 * @param content the text, e.g. a Digital Link URI
	 * @param ecc error-correction level
	 * @return the symbol
	 */
	public static QrMatrix encode(String content, QrSpec.Ecc ecc) {
		// ZXing picks the mask by the standard's penalty score; rarely the result fools ZXing's own
		// finder-pattern detector (seen with version 5-M). Check that the symbol scans, else try the other masks.
		QrMatrix first = encode(content, ecc, -1);
		if (scans(first, content)) {
			return first;
		}
		for (int mask = 0; mask < 8; mask++) {
			QrMatrix other = encode(content, ecc, mask);
			if (scans(other, content)) {
				return other;
			}
		}
		return first;
	}

	private static QrMatrix encode(String content, QrSpec.Ecc ecc, int mask) {
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
		if (mask >= 0) {
			hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
		}
		try {
			ByteMatrix m = Encoder.encode(content, ErrorCorrectionLevel.valueOf(ecc.name()), hints).getMatrix();
			int n = m.getWidth();
			boolean[] dark = new boolean[n * n];
			byte[][] rows = m.getArray();
			for (int y = 0; y < n; y++) {
				for (int x = 0; x < n; x++) {
					dark[y * n + x] = rows[y][x] == 1;
				}
			}
			return new QrMatrix(n, dark);
		}
		catch (WriterException ex) {
			throw TraceabilityException.invalid("qr-content-too-long", "The text does not fit in a QR code: " + ex.getMessage(),
					content.length());
		}
	}

	/** Receives one horizontal run of dark modules. */
	@FunctionalInterface
	public interface RunVisitor<E extends Exception> {

		/**
		 * @param y the row
		 * @param start the first dark column
		 * @param length how many dark modules follow from {@code start}
		 */
		void run(int y, int start, int length) throws E;

	}

	/**
	 * Visits the dark modules row by row as horizontal runs, so a renderer draws one rectangle per run
	 * instead of one per module.
	 * @param visitor receives each run
	 */
	public <E extends Exception> void forEachDarkRun(RunVisitor<E> visitor) throws E {
		for (int y = 0; y < this.width; y++) {
			int x = 0;
			while (x < this.width) {
				if (!isDark(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < this.width && isDark(x, y)) {
					x++;
				}
				visitor.run(y, start, x - start);
			}
		}
	}

	/** Reads the symbol back with ZXing's detector and decoder at 2 px per module with a 4-module quiet zone. */
	static boolean scans(QrMatrix m, String content) {
		int scale = 2;
		int side = (m.width() + 8) * scale;
		byte[] pixels = new byte[side * side];
		java.util.Arrays.fill(pixels, (byte) 0xff);
		for (int y = 0; y < m.width(); y++) {
			for (int x = 0; x < m.width(); x++) {
				if (m.isDark(x, y)) {
					for (int dy = 0; dy < scale; dy++) {
						int row = ((y + 4) * scale + dy) * side + (x + 4) * scale;
						java.util.Arrays.fill(pixels, row, row + scale, (byte) 0);
					}
				}
			}
		}
		com.google.zxing.LuminanceSource source = new com.google.zxing.PlanarYUVLuminanceSource(pixels, side, side, 0, 0,
				side, side, false);
		try {
			String text = new com.google.zxing.qrcode.QRCodeReader()
				.decode(new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(source)),
						Map.of(com.google.zxing.DecodeHintType.CHARACTER_SET, "UTF-8"))
				.getText();
			return content.equals(text);
		}
		catch (com.google.zxing.ReaderException ex) {
			return false;
		}
	}

	public boolean isDark(int x, int y) {
		return this.dark[y * this.width + x];
	}

}
