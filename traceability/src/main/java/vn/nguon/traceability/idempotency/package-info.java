/** Idempotent creating requests (contract 7): client-chosen ids and Idempotency-Key headers, so a retry never duplicates. */
package vn.nguon.traceability.idempotency;
