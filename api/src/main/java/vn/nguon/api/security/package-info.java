/** Who is calling: sign-in, access tokens, roles and the organisation every query is scoped by. */
package vn.nguon.api.security;
