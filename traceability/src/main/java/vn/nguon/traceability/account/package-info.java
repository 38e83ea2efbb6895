/** Accounts of people and clients: users, their memberships and roles, farm assignments and access tokens. */
package vn.nguon.traceability.account;
