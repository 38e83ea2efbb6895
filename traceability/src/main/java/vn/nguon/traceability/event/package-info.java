/**
 * The append-only EPCIS 2.0 event store: capture (validation, CBV 2.0 event hash ids,
 * idempotency, error declarations) and the standard queries.
 */
package vn.nguon.traceability.event;
