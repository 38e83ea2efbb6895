/**
 * What the public sees of a lot when its QR code is scanned: the lot's public view assembled from
 * master data and events (no personal data), its invalidation when new events name the lot, and
 * scan counts per lot and day.
 */
package vn.nguon.traceability.consumer;
