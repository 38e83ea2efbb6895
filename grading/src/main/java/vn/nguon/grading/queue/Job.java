package vn.nguon.grading.queue;

import java.util.UUID;

/**
 * A claimed grading job.
 *
 * @param photoId the photo to grade
 * @param orgId its organisation
 * @param batchId its batch
 * @param product the product the batch is of
 * @param sha256 the photo's hash
 * @param bytes the photo
 * @param attempts how many times it was claimed, this time included
 */
public record Job(UUID photoId, UUID orgId, UUID batchId, String product, String sha256, byte[] bytes, int attempts) {
}
