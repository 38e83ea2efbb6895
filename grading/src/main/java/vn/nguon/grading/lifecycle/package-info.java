/**
 * The model lifecycle: retraining jobs in the background (state in PostgreSQL, any replica answers),
 * the promotion rule, rollback, the retrained models' files in PostgreSQL and their restore at start-up.
 */
package vn.nguon.grading.lifecycle;
