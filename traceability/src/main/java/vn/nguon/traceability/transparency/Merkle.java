package vn.nguon.traceability.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merkle tree math of RFC 9162 (Certificate Transparency 2.0), section 2.1, with SHA-256:
 * leaf hash {@code SHA-256(0x00 || leaf)}, interior node hash {@code SHA-256(0x01 || left || right)},
 * the Merkle Tree Hash of any number of leaves, inclusion proofs (audit paths), consistency
 * proofs, and their verification (the algorithms of sections 2.1.3.2 and 2.1.4.2).
 * <p>
 * Proofs are generated from a {@link NodeSource} that knows the hashes of complete, aligned
 * subtrees ({@link Node}); {@link #inclusionNodes} and {@link #consistencyNodes} say which ones a
 * proof needs, so a store can fetch them in one round trip.
 * <p>
 * Over 300 lines: the algorithms of RFC 9162 section 2.1 (tree hash, inclusion and consistency proofs, their
 * making and their checking) mirror each other and are read side by side with the RFC.
 */
public final class Merkle {

	/** Length of every hash, in bytes. */
	public static final int HASH_LENGTH = 32;

	private Merkle() {
	}

	/**
	 * A complete subtree aligned on its size: level {@code L}, index {@code i} covers the leaves
	 * {@code [i * 2^L, (i + 1) * 2^L)}. Level 0 nodes are the leaves.
	 *
	 * @param level height of the subtree (0 to 62)
	 * @param index position among the subtrees of that level
	 */
	public record Node(int level, long index) {

		public Node {
			if (level < 0 || level > 62 || index < 0) {
				throw new IllegalArgumentException("no such node: " + level + "/" + index);
			}
		}

		/** @return index of the first leaf covered */
		public long start() {
			return this.index << this.level;
		}

		/** @return number of leaves covered */
		public long size() {
			return 1L << this.level;
		}

	}

	/** Hashes of complete, aligned subtrees of one tree. */
	@FunctionalInterface
	public interface NodeSource {

		/**
		 * @param node a complete subtree of the tree
		 * @return its Merkle Tree Hash
		 * @throws IllegalStateException when the source does not know it
		 */
		byte[] hash(Node node);

	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JDK", ex);
		}
	}

	/** @return {@code SHA-256(0x00 || leaf)} */
	public static byte[] hashLeaf(byte[] leaf) {
		MessageDigest d = sha256();
		d.update((byte) 0x00);
		d.update(leaf);
		return d.digest();
	}

	/** @return {@code SHA-256(0x01 || left || right)} */
	public static byte[] hashChildren(byte[] left, byte[] right) {
		MessageDigest d = sha256();
		d.update((byte) 0x01);
		d.update(left);
		d.update(right);
		return d.digest();
	}

	/** @return the hash of the empty tree, {@code SHA-256()} */
	public static byte[] emptyRoot() {
		return sha256().digest();
	}

	/**
	 * @param n a number greater than 1
	 * @return the largest power of two strictly smaller than {@code n} (the RFC's split point k)
	 */
	public static long split(long n) {
		if (n < 2) {
			throw new IllegalArgumentException("split of " + n);
		}
		return Long.highestOneBit(n - 1);
	}

	/**
	 * The Merkle Tree Hash of a list of leaf hashes, straight from the RFC's recursive definition.
	 * Linear time; for small trees and tests.
	 */
	public static byte[] root(List<byte[]> leafHashes) {
		return leafHashes.isEmpty() ? emptyRoot() : mth(leafHashes, 0, leafHashes.size());
	}

	private static byte[] mth(List<byte[]> leaves, int from, int to) {
		int n = to - from;
		if (n == 1) {
			return leaves.get(from);
		}
		int k = (int) split(n);
		return hashChildren(mth(leaves, from, from + k), mth(leaves, from + k, to));
	}

	/**
	 * A {@link NodeSource} over leaf hashes held in memory: hashes every complete subtree once
	 * (linear time and memory), then answers in constant time.
	 */
	public static NodeSource inMemory(List<byte[]> leafHashes) {
		List<byte[][]> levels = new ArrayList<>();
		byte[][] level = leafHashes.toArray(new byte[0][]);
		while (level.length > 0) {
			levels.add(level);
			byte[][] up = new byte[level.length / 2][];
			for (int i = 0; i < up.length; i++) {
				up[i] = hashChildren(level[2 * i], level[2 * i + 1]);
			}
			level = up;
		}
		return node -> {
			if (node.level() >= levels.size() || node.index() >= levels.get(node.level()).length) {
				throw new IllegalStateException("node beyond the tree: " + node);
			}
			return levels.get(node.level())[(int) node.index()];
		};
	}

	// ----- ranges and their decomposition into complete subtrees -----

	/**
	 * Splits the leaves {@code [from, to)} of an RFC 9162 tree node into complete aligned subtrees,
	 * largest first. Every node of an RFC 9162 tree starts at a multiple of the smallest power of
	 * two not below its size, so the greedy split is aligned and its right fold is the node's hash.
	 */
	static List<Node> decompose(long from, long to) {
		List<Node> nodes = new ArrayList<>();
		long start = from;
		long remaining = to - from;
		while (remaining > 0) {
			long block = Long.highestOneBit(remaining);
			int level = Long.numberOfTrailingZeros(block);
			if (start % block != 0) {
				throw new IllegalArgumentException("range [" + from + ", " + to + ") is not a tree node");
			}
			nodes.add(new Node(level, start >> level));
			start += block;
			remaining -= block;
		}
		return nodes;
	}

	static byte[] rangeHash(NodeSource source, long from, long to) {
		List<Node> nodes = decompose(from, to);
		byte[] h = source.hash(nodes.get(nodes.size() - 1));
		for (int i = nodes.size() - 2; i >= 0; i--) {
			h = hashChildren(source.hash(nodes.get(i)), h);
		}
		return h;
	}

	/** RFC 9162 2.1.3.1 PATH(m, D[n]) as the list of leaf ranges whose hashes form the path. */
	static List<long[]> inclusionRanges(long m, long n) {
		checkIndex(m, n);
		List<long[]> out = new ArrayList<>();
		path(m, 0, n, out);
		return out;
	}

	private static void path(long m, long from, long to, List<long[]> out) {
		long n = to - from;
		if (n == 1) {
			return;
		}
		long k = split(n);
		if (m < k) {
			path(m, from, from + k, out);
			out.add(new long[] { from + k, to });
		}
		else {
			path(m - k, from + k, to, out);
			out.add(new long[] { from, from + k });
		}
	}

	/** RFC 9162 2.1.4.1 PROOF(m, D[n]) as the list of leaf ranges whose hashes form the proof. */
	static List<long[]> consistencyRanges(long m, long n) {
		if (m < 1 || m > n) {
			throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
		}
		List<long[]> out = new ArrayList<>();
		subproof(m, 0, n, true, out);
		return out;
	}

	private static void subproof(long m, long from, long to, boolean complete, List<long[]> out) {
		long n = to - from;
		if (m == n) {
			if (!complete) {
				out.add(new long[] { from, to });
			}
			return;
		}
		long k = split(n);
		if (m <= k) {
			subproof(m, from, from + k, complete, out);
			out.add(new long[] { from + k, to });
		}
		else {
			subproof(m - k, from + k, to, false, out);
			out.add(new long[] { from, from + k });
		}
	}

	private static Set<Node> nodesOf(List<long[]> ranges) {
		Set<Node> nodes = new LinkedHashSet<>();
		for (long[] r : ranges) {
			nodes.addAll(decompose(r[0], r[1]));
		}
		return nodes;
	}

	private static List<byte[]> hashes(NodeSource source, List<long[]> ranges) {
		List<byte[]> out = new ArrayList<>(ranges.size());
		for (long[] r : ranges) {
			out.add(rangeHash(source, r[0], r[1]));
		}
		return out;
	}

	private static void checkIndex(long m, long n) {
		if (n < 1 || m < 0 || m >= n) {
			throw new IllegalArgumentException("leaf " + m + " is not in a tree of size " + n);
		}
	}

	// ----- proofs -----

	/** @return the complete subtrees whose hashes {@link #root(NodeSource, long)} reads */
	public static Set<Node> rootNodes(long n) {
		return n == 0 ? Set.of() : new LinkedHashSet<>(decompose(0, n));
	}

	/** @return the Merkle Tree Hash of the first {@code n} leaves */
	public static byte[] root(NodeSource source, long n) {
		return n == 0 ? emptyRoot() : rangeHash(source, 0, n);
	}

	/** @return the complete subtrees whose hashes {@link #inclusionProof} reads */
	public static Set<Node> inclusionNodes(long m, long n) {
		return nodesOf(inclusionRanges(m, n));
	}

	/**
	 * @param m leaf index, {@code 0 <= m < n}
	 * @param n tree size
	 * @return the audit path of leaf {@code m} in the tree of the first {@code n} leaves,
	 * from the leaf's sibling up to the root's child
	 */
	public static List<byte[]> inclusionProof(NodeSource source, long m, long n) {
		return hashes(source, inclusionRanges(m, n));
	}

	/** @return the complete subtrees whose hashes {@link #consistencyProof} reads */
	public static Set<Node> consistencyNodes(long m, long n) {
		return nodesOf(consistencyRanges(m, n));
	}

	/**
	 * @param m size of the older tree, {@code 1 <= m <= n}
	 * @param n size of the newer tree
	 * @return the consistency proof between the two sizes (empty when {@code m == n})
	 */
	public static List<byte[]> consistencyProof(NodeSource source, long m, long n) {
		return hashes(source, consistencyRanges(m, n));
	}

	// ----- verification (RFC 9162 2.1.3.2 and 2.1.4.2) -----

	/**
	 * Verifies an inclusion proof with the algorithm of RFC 9162 section 2.1.3.2.
	 * @return whether the proof shows that {@code leafHash} is leaf {@code leafIndex} of the tree
	 * of size {@code treeSize} with root {@code root}
	 */
	public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
			byte[] root) {
		if (leafIndex < 0 || treeSize < 1 || leafIndex >= treeSize || leafHash == null || root == null) {
			return false;
		}
		long fn = leafIndex;
		long sn = treeSize - 1;
		byte[] r = leafHash;
		for (byte[] p : path) {
			if (p == null || p.length != HASH_LENGTH || sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = hashChildren(p, r);
				if ((fn & 1) == 0) {
					while ((fn & 1) == 0 && fn != 0) {
						fn >>= 1;
						sn >>= 1;
					}
				}
			}
			else {
				r = hashChildren(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(r, root);
	}

	/**
	 * Verifies a consistency proof with the algorithm of RFC 9162 section 2.1.4.2.
	 * @return whether the tree of size {@code second} with root {@code secondRoot} extends the tree
	 * of size {@code first} with root {@code firstRoot}
	 */
	public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
			List<byte[]> proof) {
		if (first < 1 || first > second || firstRoot == null || secondRoot == null) {
			return false;
		}
		if (first == second) {
			return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
		}
		if (proof.isEmpty()) {
			return false;
		}
		for (byte[] p : proof) {
			if (p == null || p.length != HASH_LENGTH) {
				return false;
			}
		}
		List<byte[]> path = new ArrayList<>(proof);
		if (Long.bitCount(first) == 1) {
			// first is an exact power of two: its root is the first node of the path
			path.add(0, firstRoot);
		}
		long fn = first - 1;
		long sn = second - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (int i = 1; i < path.size(); i++) {
			byte[] c = path.get(i);
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = hashChildren(c, fr);
				sr = hashChildren(c, sr);
				if ((fn & 1) == 0) {
					while ((fn & 1) == 0 && fn != 0) {
						fn >>= 1;
						sn >>= 1;
					}
				}
			}
			else {
				sr = hashChildren(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
	}

	/** @return lower-case hex of the bytes */
	public static String hex(byte[] bytes) {
		StringBuilder sb = new StringBuilder(bytes.length * 2);
		for (byte b : bytes) {
			sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
		}
		return sb.toString();
	}

	/** @return the bytes of a hex string */
	public static byte[] unhex(String hex) {
		if (hex.length() % 2 != 0) {
			throw new IllegalArgumentException("odd hex length");
		}
		byte[] out = new byte[hex.length() / 2];
		for (int i = 0; i < out.length; i++) {
			int hi = Character.digit(hex.charAt(2 * i), 16);
			int lo = Character.digit(hex.charAt(2 * i + 1), 16);
			if (hi < 0 || lo < 0) {
				throw new IllegalArgumentException("not hex: " + hex);
			}
			out[i] = (byte) ((hi << 4) | lo);
		}
		return out;
	}

}
