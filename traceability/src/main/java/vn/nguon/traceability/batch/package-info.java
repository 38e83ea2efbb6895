/**
 * Harvest batches (lots) and their lifecycle (harvest, pack, ship, receive, transform, recall),
 * each step recorded as an EPCIS 2.0 event through the one event store.
 */
package vn.nguon.traceability.batch;
