/** Organisations (cooperatives and other supply-chain parties) that own farms, products and batches. */
package vn.nguon.traceability.organisation;
