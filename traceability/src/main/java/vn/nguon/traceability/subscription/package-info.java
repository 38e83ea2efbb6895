/**
 * Named EPCIS queries, webhook subscriptions delivered at least once in capture order from a
 * tail of the event store, dead letters, and recall alerts for the organisations downstream.
 */
package vn.nguon.traceability.subscription;
