/** Demo data (NGUON_DEMO_DATA=true): a Bình Định cooperative with farms, products and batches, so a newcomer sees something real. */
package vn.nguon.traceability.demo;
