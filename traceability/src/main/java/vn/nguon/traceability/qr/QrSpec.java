package vn.nguon.traceability.qr;

import vn.nguon.traceability.TraceabilityException;

/**
 * How a QR code is drawn.
 *
 * @param size width and height of the image in pixels (quiet zone included), 21 to 4000
 * @param margin quiet zone in modules, 0 to 16 (ISO/IEC 18004 asks for 4)
 * @param ecc error-correction level
 */
public record QrSpec(int size, int margin, Ecc ecc) {

	/** Error-correction levels: about 7, 15, 25 and 30 % of the symbol can be restored. */
	public enum Ecc {

		L, M, Q, H

	}

	public QrSpec {
		if (size < 21 || size > 4000) {
			throw TraceabilityException.invalid("invalid-qr-size", "The QR size is 21 to 4000 px: " + size, size);
		}
		if (margin < 0 || margin > 16) {
			throw TraceabilityException.invalid("invalid-qr-margin", "The QR margin is 0 to 16 modules: " + margin,
					margin);
		}
		if (ecc == null) {
			ecc = Ecc.M;
		}
	}

	/** @return 300 px, quiet zone 4, level M */
	public static QrSpec defaults() {
		return new QrSpec(300, 4, Ecc.M);
	}

	public QrSpec withSize(int size) {
		return new QrSpec(size, this.margin, this.ecc);
	}

	public QrSpec withMargin(int margin) {
		return new QrSpec(this.size, margin, this.ecc);
	}

	public QrSpec withEcc(Ecc ecc) {
		return new QrSpec(this.size, this.margin, ecc);
	}

}
