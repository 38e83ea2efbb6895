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
		Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
		hints.put(EncodeHintType.CHARACTER_SET, "UTF-8");
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

	public boolean isDark(int x, int y) {
		return this.dark[y * this.width + x];
	}

}
