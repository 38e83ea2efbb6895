/**
 * Photos of batch samples: checks of uploads (type, size, dimensions read from the header before any
 * decoding), the EXIF-stripped public copy, and their storage in PostgreSQL.
 */
package vn.nguon.grading.photo;
