/** HTTP endpoints of accounts: browser sign-in and sign-out, password change, members and access tokens. */
package vn.nguon.api.account;
