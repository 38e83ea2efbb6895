/** The JSON API of farms, products and batches under /api: lifecycle actions, idempotent creation, exports. */
package vn.nguon.api.batch;
