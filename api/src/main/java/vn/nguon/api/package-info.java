/** The runnable Nguồn service: HTTP endpoints, security and the wiring of traceability and grading. */
package vn.nguon.api;
