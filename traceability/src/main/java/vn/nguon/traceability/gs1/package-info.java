/** GS1 identifiers (GTIN, lot, serial, GLN) as validating value objects, and GS1 Digital Link URIs. */
package vn.nguon.traceability.gs1;
