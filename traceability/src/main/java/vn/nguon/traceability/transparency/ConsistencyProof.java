package vn.nguon.traceability.transparency;

import java.util.List;

/**
 * Proof that the tree of size {@code second} extends the tree of size {@code first}
 * (RFC 9162 section 2.1.4).
 *
 * @param first the older size
 * @param second the newer size
 * @param firstRoot root of the older tree as the log computes it
 * @param secondRoot root of the newer tree as the log computes it
 * @param path the consistency proof
 */
public record ConsistencyProof(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {

	public ConsistencyProof {
		path = List.copyOf(path);
	}

	/** @return whether the proof links the two roots */
	public boolean verifies() {
		return Merkle.verifyConsistency(this.first, this.second, this.firstRoot, this.secondRoot, this.path);
	}

}
