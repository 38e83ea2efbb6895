/** Cross-cutting HTTP concerns: RFC 9457 problem details, content negotiation helpers. */
package vn.nguon.api.web;
