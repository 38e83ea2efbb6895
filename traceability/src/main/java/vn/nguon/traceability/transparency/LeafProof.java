package vn.nguon.traceability.transparency;

import java.util.List;

/**
 * Proof that one logged event is leaf {@code leafIndex} of a tree.
 *
 * @param leafIndex position in the log
 * @param seq the event row's {@code seq}
 * @param leafHash the leaf hash the log holds
 * @param leafInput the leaf bytes recomputed from the event row as it is now (JCS of its
 * {@code doc}), or {@code null} when the row is gone; a verifier hashes these itself, so a
 * changed row makes the proof fail
 * @param auditPath the inclusion proof, from the leaf's sibling upwards
 */
public record LeafProof(long leafIndex, long seq, byte[] leafHash, byte[] leafInput, List<byte[]> auditPath) {

	public LeafProof {
		auditPath = List.copyOf(auditPath);
	}

	/**
	 * @return whether the leaf bytes as they are now prove into a tree of size {@code treeSize}
	 * with root {@code rootHash}
	 */
	public boolean verifies(long treeSize, byte[] rootHash) {
		return this.leafInput != null
				&& Merkle.verifyInclusion(this.leafIndex, treeSize, Merkle.hashLeaf(this.leafInput), this.auditPath, rootHash);
	}

}
