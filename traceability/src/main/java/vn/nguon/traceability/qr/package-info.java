/** QR codes (ZXing) of Digital Link URIs as PNG and SVG, fast enough to be made on every request. */
package vn.nguon.traceability.qr;
