package vn.nguon.traceability.subscription;

import java.time.Instant;

/**
 * A recall that concerns an organisation.
 *
 * @param id alert id (increasing)
 * @param lotKey the lot the organisation holds or received ({@code 01/{gtin}/10/{lot}})
 * @param recalledKey the lot named by the recall event
 * @param recallEventId eventID of the recall event
 * @param createdAt when raised
 */
public record RecallAlert(long id, String lotKey, String recalledKey, String recallEventId, Instant createdAt) {
}
