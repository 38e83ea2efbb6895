package vn.nguon.traceability.transparency;

import java.util.List;

/**
 * Inclusion proofs of one {@code eventID} in the tree of size {@code treeSize}: one per leaf
 * carrying that id (normally one; an error declaration stored under the same id adds one).
 *
 * @param eventId the event id
 * @param treeSize size of the tree proven into
 * @param rootHash root of that tree, as the log computes it (check it against a signed head)
 * @param leaves the proofs, in log order
 */
public record InclusionProof(String eventId, long treeSize, byte[] rootHash, List<LeafProof> leaves) {

	public InclusionProof {
		leaves = List.copyOf(leaves);
	}

	/** @return whether every leaf proves into a tree with the given root */
	public boolean verifies(byte[] signedRoot) {
		return !this.leaves.isEmpty() && this.leaves.stream().allMatch(l -> l.verifies(this.treeSize, signedRoot));
	}

}
