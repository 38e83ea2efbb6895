/** Printable label sheets (PDF, Apache PDFBox): QR code of the lot's Digital Link plus human-readable text. */
package vn.nguon.traceability.label;
