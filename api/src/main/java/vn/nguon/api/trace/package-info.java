/** Trace back and forward of a lot as JSON under {@code /api/lots}. */
package vn.nguon.api.trace;
