/** Exports for regulators and buyers: FSMA 204-style Key Data Element sheets (CSV, XLSX) and EPCIS documents of a lot. */
package vn.nguon.traceability.export;
