/** The EPCIS 2.0 REST binding: capture, capture jobs, event queries and event types under {@code /epcis}. */
package vn.nguon.api.epcis;
