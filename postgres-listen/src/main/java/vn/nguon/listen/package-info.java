/**
 * PostgreSQL {@code LISTEN} with one connection, probe and reconnect behaviour, shared by the
 * traceability and grading libraries (which never depend on each other).
 */
package vn.nguon.listen;
