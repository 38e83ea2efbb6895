/**
 * The GS1 Digital Link resolver on the service's own domain: consumer page (HTML), public JSON,
 * RFC 9264 linksets, QR images, the resolver description, scan counts and label sheets.
 */
package vn.nguon.api.resolver;
