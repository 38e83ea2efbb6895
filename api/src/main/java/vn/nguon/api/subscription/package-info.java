/**
 * HTTP side of named queries, subscriptions (webhooks and Server-Sent Events), dead letters and recall alerts.
 */
package vn.nguon.api.subscription;
