/**
 * Entry points of the browser screens (farmer app, cooperative dashboard) served from the
 * frontend-static resources.
 */
package vn.nguon.api.ui;
