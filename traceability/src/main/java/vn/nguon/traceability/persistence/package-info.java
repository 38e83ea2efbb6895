/** Database settings shared by R2DBC (the application) and Flyway (migrations over JDBC). */
package vn.nguon.traceability.persistence;
