package vn.nguon.traceability.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The right edge of the tree while appending: the complete subtrees that make up the first
 * {@code size} leaves, largest first (a binary counter of subtrees). Appending a leaf merges
 * equal-sized subtrees and reports each completed subtree, which is what the store keeps.
 */
final class Frontier {

	private final List<LogStore.NodeHash> stack = new ArrayList<>();

	private long size;

	private Frontier(long size) {
		this.size = size;
	}

	/**
	 * @param size current tree size
	 * @param nodes hashes of at least {@link Merkle#rootNodes(long)} of that size
	 */
	static Frontier of(long size, Map<Merkle.Node, byte[]> nodes) {
		Frontier f = new Frontier(size);
		for (Merkle.Node n : Merkle.rootNodes(size)) {
			byte[] h = nodes.get(n);
			if (h == null) {
				throw new IllegalStateException("transparency log is missing node " + n + " of size " + size);
			}
			f.stack.add(new LogStore.NodeHash(n.level(), n.index(), h));
		}
		return f;
	}

	long size() {
		return this.size;
	}

	/**
	 * Appends a leaf.
	 * @param leafHash its hash
	 * @param completed receives the subtrees of height >= 1 completed by this leaf
	 * @return the index of the leaf
	 */
	long append(byte[] leafHash, List<LogStore.NodeHash> completed) {
		long index = this.size++;
		LogStore.NodeHash top = new LogStore.NodeHash(0, index, leafHash);
		while (!this.stack.isEmpty() && this.stack.get(this.stack.size() - 1).level() == top.level()) {
			LogStore.NodeHash left = this.stack.remove(this.stack.size() - 1);
			int level = top.level() + 1;
			top = new LogStore.NodeHash(level, index >> level, Merkle.hashChildren(left.hash(), top.hash()));
			completed.add(top);
		}
		this.stack.add(top);
		return index;
	}

	byte[] root() {
		if (this.stack.isEmpty()) {
			return Merkle.emptyRoot();
		}
		byte[] h = this.stack.get(this.stack.size() - 1).hash();
		for (int i = this.stack.size() - 2; i >= 0; i--) {
			h = Merkle.hashChildren(this.stack.get(i).hash(), h);
		}
		return h;
	}

}
