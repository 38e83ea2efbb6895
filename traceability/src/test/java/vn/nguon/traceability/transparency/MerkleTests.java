package vn.nguon.traceability.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.nguon.traceability.transparency.Merkle.hashChildren;
import static vn.nguon.traceability.transparency.Merkle.hashLeaf;
import static vn.nguon.traceability.transparency.Merkle.hex;
import static vn.nguon.traceability.transparency.Merkle.unhex;

class MerkleTests {

	/** The leaves of the Certificate Transparency reference tree (RFC 6962 test vectors). */
	static final List<byte[]> CT_LEAVES = List.of(unhex(""), unhex("00"), unhex("10"), unhex("2021"), unhex("3031"),
			unhex("40414243"), unhex("5051525354555657"), unhex("606162636465666768696a6b6c6d6e6f"));

	/** Published roots of the reference tree for sizes 0..8. */
	static final List<String> CT_ROOTS = List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
			"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
			"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
			"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
			"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
			"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
			"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
			"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

	static List<byte[]> ctLeafHashes() {
		return CT_LEAVES.stream().map(Merkle::hashLeaf).toList();
	}

	static List<String> hexes(List<byte[]> hashes) {
		return hashes.stream().map(Merkle::hex).toList();
	}

	// ----- an independent, literal transcription of RFC 9162 2.1 over lists, as the oracle -----

	static byte[] mth(List<byte[]> d) {
		if (d.isEmpty()) {
			return Merkle.emptyRoot();
		}
		if (d.size() == 1) {
			return d.get(0);
		}
		int k = Integer.highestOneBit(d.size() - 1);
		return hashChildren(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
	}

	static List<byte[]> path(int m, List<byte[]> d) {
		List<byte[]> out = new ArrayList<>();
		if (d.size() <= 1) {
			return out;
		}
		int k = Integer.highestOneBit(d.size() - 1);
		if (m < k) {
			out.addAll(path(m, d.subList(0, k)));
			out.add(mth(d.subList(k, d.size())));
		}
		else {
			out.addAll(path(m - k, d.subList(k, d.size())));
			out.add(mth(d.subList(0, k)));
		}
		return out;
	}

	static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
		List<byte[]> out = new ArrayList<>();
		int n = d.size();
		if (m == n) {
			if (!b) {
				out.add(mth(d));
			}
			return out;
		}
		int k = Integer.highestOneBit(n - 1);
		if (m <= k) {
			out.addAll(subproof(m, d.subList(0, k), b));
			out.add(mth(d.subList(k, n)));
		}
		else {
			out.addAll(subproof(m - k, d.subList(k, n), false));
			out.add(mth(d.subList(0, k)));
		}
		return out;
	}

	// ----- small trees, sizes 1..8 -----

	@Test
	void whenReferenceLeavesThenRootsAreThePublishedOnes() {
		List<byte[]> leaves = ctLeafHashes();
		Merkle.NodeSource source = Merkle.inMemory(leaves);
		for (int n = 0; n <= 8; n++) {
			assertThat(hex(Merkle.root(leaves.subList(0, n)))).as("naive root of size %d", n).isEqualTo(CT_ROOTS.get(n));
			assertThat(hex(Merkle.root(source, n))).as("root of size %d from subtrees", n).isEqualTo(CT_ROOTS.get(n));
		}
	}

	@Test
	void whenHashingThenDomainSeparationPrefixesAreUsed() {
		// hand-computed: leaf "" -> SHA-256(00); two leaves -> SHA-256(01 || h0 || h1)
		assertThat(hex(hashLeaf(new byte[0]))).isEqualTo(CT_ROOTS.get(1));
		List<byte[]> l = ctLeafHashes();
		assertThat(hex(hashChildren(l.get(0), l.get(1)))).isEqualTo(CT_ROOTS.get(2));
		assertThat(hex(hashChildren(l.get(1), l.get(0)))).isNotEqualTo(CT_ROOTS.get(2));
	}

	@Test
	void whenReferenceTreeThenPublishedInclusionProofsAreProduced() {
		Merkle.NodeSource source = Merkle.inMemory(ctLeafHashes());
		assertThat(hexes(Merkle.inclusionProof(source, 0, 8))).containsExactly(
				"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
		assertThat(hexes(Merkle.inclusionProof(source, 5, 8))).containsExactly(
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
				"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		assertThat(hexes(Merkle.inclusionProof(source, 2, 3))).containsExactly(CT_ROOTS.get(2));
		assertThat(hexes(Merkle.inclusionProof(source, 1, 5))).containsExactly(CT_ROOTS.get(1),
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
		assertThat(Merkle.inclusionProof(source, 0, 1)).isEmpty();
	}

	@Test
	void whenReferenceTreeThenPublishedConsistencyProofsAreProduced() {
		Merkle.NodeSource source = Merkle.inMemory(ctLeafHashes());
		assertThat(Merkle.consistencyProof(source, 1, 1)).isEmpty();
		assertThat(hexes(Merkle.consistencyProof(source, 1, 8))).containsExactly(
				"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
		assertThat(hexes(Merkle.consistencyProof(source, 6, 8))).containsExactly(
				"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
				"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
				"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
		assertThat(hexes(Merkle.consistencyProof(source, 2, 5))).containsExactly(
				"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
				"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
	}

	@Test
	void whenSizesOneToEightThenEveryInclusionProofMatchesTheRfcAndVerifies() {
		List<byte[]> leaves = ctLeafHashes();
		Merkle.NodeSource source = Merkle.inMemory(leaves);
		for (int n = 1; n <= 8; n++) {
			byte[] root = mth(leaves.subList(0, n));
			for (int m = 0; m < n; m++) {
				List<byte[]> proof = Merkle.inclusionProof(source, m, n);
				assertThat(hexes(proof)).as("PATH(%d, D[%d])", m, n).isEqualTo(hexes(path(m, leaves.subList(0, n))));
				assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), proof, root)).as("verify %d in %d", m, n).isTrue();
				assertThat(Merkle.verifyInclusion(m, n, leaves.get((m + 1) % 8), proof, root)).isFalse();
				if (n > 1) {
					assertThat(Merkle.verifyInclusion((m + 1) % n, n, leaves.get(m), proof, root)).isFalse();
				}
			}
		}
	}

	@Test
	void whenSizesOneToEightThenEveryConsistencyProofMatchesTheRfcAndVerifies() {
		List<byte[]> leaves = ctLeafHashes();
		Merkle.NodeSource source = Merkle.inMemory(leaves);
		for (int n = 1; n <= 8; n++) {
			byte[] second = mth(leaves.subList(0, n));
			for (int m = 1; m <= n; m++) {
				byte[] first = mth(leaves.subList(0, m));
				List<byte[]> proof = Merkle.consistencyProof(source, m, n);
				assertThat(hexes(proof)).as("PROOF(%d, D[%d])", m, n)
					.isEqualTo(hexes(subproof(m, leaves.subList(0, n), true)));
				assertThat(Merkle.verifyConsistency(m, n, first, second, proof)).as("verify %d -> %d", m, n).isTrue();
				if (m < n) {
					assertThat(Merkle.verifyConsistency(m, n, second, second, proof)).isFalse();
					assertThat(Merkle.verifyConsistency(m, n, first, first, proof)).isFalse();
					assertThat(Merkle.verifyConsistency(m, n, first, second, proof.subList(0, proof.size() - 1)))
						.isFalse();
				}
			}
		}
	}

	@Test
	void whenProofAskedOutsideTheTreeThenRejected() {
		Merkle.NodeSource source = Merkle.inMemory(ctLeafHashes());
		assertThatThrownBy(() -> Merkle.inclusionProof(source, 3, 3)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Merkle.consistencyProof(source, 0, 3)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Merkle.consistencyProof(source, 4, 3)).isInstanceOf(IllegalArgumentException.class);
		assertThat(Merkle.verifyInclusion(3, 3, new byte[32], List.of(), new byte[32])).isFalse();
	}

	// ----- a random 10,000-leaf tree -----

	@Test
	void whenRandomTreeOfTenThousandLeavesThenEveryProofVerifiesAndAlteredProofsFail() {
		Random random = new Random(9162);
		int n = 10_000;
		List<byte[]> leaves = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			byte[] data = new byte[1 + random.nextInt(40)];
			random.nextBytes(data);
			leaves.add(hashLeaf(data));
		}
		Merkle.NodeSource source = Merkle.inMemory(leaves);
		byte[] root = Merkle.root(source, n);
		byte[] olderRoot = Merkle.root(source, n - 1);
		assertThat(root).isEqualTo(Merkle.root(leaves));
		for (int m = 0; m < n; m++) {
			List<byte[]> proof = Merkle.inclusionProof(source, m, n);
			assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), proof, root)).as("leaf %d", m).isTrue();
			if (m % 7 == 0) {
				List<byte[]> altered = new ArrayList<>(proof);
				int at = random.nextInt(altered.size());
				byte[] flipped = altered.get(at).clone();
				flipped[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
				altered.set(at, flipped);
				assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), altered, root)).as("altered %d", m).isFalse();
				assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), proof, olderRoot)).isFalse();
				assertThat(Merkle.verifyInclusion(m ^ 1, n, leaves.get(m), proof, root)).isFalse();
				assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), proof.subList(1, proof.size()), root)).isFalse();
			}
		}
		// every older size into the full tree, and random pairs
		for (int m = 1; m <= n; m++) {
			assertThat(Merkle.verifyConsistency(m, n, Merkle.root(source, m), root, Merkle.consistencyProof(source, m, n)))
				.as("consistency %d -> %d", m, n)
				.isTrue();
		}
		for (int t = 0; t < 3000; t++) {
			int b = 1 + random.nextInt(n);
			int a = 1 + random.nextInt(b);
			byte[] ra = Merkle.root(source, a);
			byte[] rb = Merkle.root(source, b);
			List<byte[]> proof = Merkle.consistencyProof(source, a, b);
			assertThat(Merkle.verifyConsistency(a, b, ra, rb, proof)).as("consistency %d -> %d", a, b).isTrue();
			if (a < b) {
				List<byte[]> altered = new ArrayList<>(proof);
				int at = random.nextInt(altered.size());
				byte[] flipped = altered.get(at).clone();
				flipped[random.nextInt(32)] ^= 0x01;
				altered.set(at, flipped);
				assertThat(Merkle.verifyConsistency(a, b, ra, rb, altered)).as("altered %d -> %d", a, b).isFalse();
			}
		}
	}

	@Test
	void whenProofNodesListedThenTheyAreExactlyTheOnesRead() {
		List<byte[]> leaves = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			leaves.add(hashLeaf(new byte[] { (byte) i, (byte) (i >> 8) }));
		}
		Merkle.NodeSource all = Merkle.inMemory(leaves);
		for (long[] c : new long[][] { { 0, 1000 }, { 999, 1000 }, { 513, 777 }, { 300, 301 } }) {
			var needed = Merkle.inclusionNodes(c[0], c[1]);
			Merkle.NodeSource only = node -> {
				assertThat(needed).contains(node);
				return all.hash(node);
			};
			assertThat(hexes(Merkle.inclusionProof(only, c[0], c[1]))).isEqualTo(hexes(Merkle.inclusionProof(all, c[0], c[1])));
			var consistency = Merkle.consistencyNodes(c[0] + 1, c[1]);
			Merkle.NodeSource onlyC = node -> {
				assertThat(consistency).contains(node);
				return all.hash(node);
			};
			assertThat(hexes(Merkle.consistencyProof(onlyC, c[0] + 1, c[1])))
				.isEqualTo(hexes(Merkle.consistencyProof(all, c[0] + 1, c[1])));
		}
	}

}
