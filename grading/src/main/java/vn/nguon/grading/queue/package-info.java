/**
 * Grading persistence on PostgreSQL: photos, the grading queue (FOR UPDATE SKIP LOCKED, leases,
 * retries with backoff, parked poison photos), unit verdicts, batch grades, reviews and the model
 * registry, with the worker that drains the queue.
 */
package vn.nguon.grading.queue;
