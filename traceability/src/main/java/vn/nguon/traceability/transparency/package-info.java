/**
 * The transparency log: every stored EPCIS event becomes a leaf of an append-only RFC 9162
 * Merkle tree with Ed25519-signed tree heads, inclusion and consistency proofs, and a verifier
 * that finds rows changed behind the service's back.
 */
package vn.nguon.traceability.transparency;
