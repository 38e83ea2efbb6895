/** Demo data (NGUON_DEMO_DATA=true): a cooperative in Gia Lai (the former Bình Định) with farms, products and batches, so a newcomer sees something real. */
package vn.nguon.traceability.demo;
