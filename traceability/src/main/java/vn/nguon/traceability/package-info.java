/**
 * Traceability of farm produce: batches (lots), GS1 identifiers, the EPCIS 2.0 event store,
 * genealogy, Digital Link, QR codes and labels. Knows nothing of HTTP or of grading.
 */
package vn.nguon.traceability;
