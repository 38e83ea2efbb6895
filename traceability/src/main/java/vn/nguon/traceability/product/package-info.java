/** Products of a cooperative, identified by GTIN-14, with names in Vietnamese and English. */
package vn.nguon.traceability.product;
