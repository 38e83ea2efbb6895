/** HTTP face of the transparency log: signed tree heads, inclusion and consistency proofs, the admin verifier. */
package vn.nguon.api.transparency;
