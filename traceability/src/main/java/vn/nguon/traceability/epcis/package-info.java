/**
 * EPCIS 2.0 JSON-LD: parsing and validating events, canonical GS1 identifier keys and the CBV 2.0
 * event hash id.
 */
package vn.nguon.traceability.epcis;
