/**
 * Printable label sheets (PDF, Apache PDFBox): QR code of the lot's Digital Link plus human-readable text;
 * large sheets run as jobs stored in PostgreSQL ({@code label_job}).
 */
package vn.nguon.traceability.label;
