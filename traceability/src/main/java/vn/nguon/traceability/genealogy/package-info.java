/** Lot genealogy: what flowed into what (transformations, aggregations), traced back and forward. */
package vn.nguon.traceability.genealogy;
