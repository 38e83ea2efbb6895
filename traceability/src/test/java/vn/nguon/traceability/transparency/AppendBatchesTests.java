package vn.nguon.traceability.transparency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appender's arithmetic without a database: batches of rows become leaves and completed
 * subtrees exactly as {@code transparency_leaf} and {@code transparency_node} store them, and
 * roots and proofs read back from those rows equal the RFC's.
 */
class AppendBatchesTests {

	static String doc(long seq) {
		return "{\"eventID\":\"urn:uuid:" + seq + "\",\"type\":\"ObjectEvent\",\"quantity\":" + (seq * 0.25) + "}";
	}

	@Test
	void whenAppendedInRandomBatchesThenStoredNodesGiveTheRfcRootsAndProofs() {
		Random random = new Random(15);
		Map<Merkle.Node, byte[]> stored = new HashMap<>();
		List<byte[]> leafHashes = new ArrayList<>();
		LogStore.State state = new LogStore.State(0, 0);
		long seq = 0;
		while (state.treeSize() < 3000) {
			List<LogStore.EventRow> rows = new ArrayList<>();
			int n = random.nextInt(300);
			for (int i = 0; i < n; i++) {
				seq += 1 + (random.nextInt(10) == 0 ? random.nextInt(3) : 0);
				rows.add(new LogStore.EventRow(seq, "urn:uuid:" + seq, doc(seq)));
			}
			Map<Merkle.Node, byte[]> frontier = new HashMap<>();
			for (Merkle.Node node : Merkle.rootNodes(state.treeSize())) {
				frontier.put(node, stored.get(node));
			}
			TransparencyLog.Batch batch = TransparencyLog.compute(state, frontier, List.of(), rows);
			for (LogStore.NewLeaf leaf : batch.leaves()) {
				assertThat(leaf.leafIndex()).isEqualTo(leafHashes.size());
				assertThat(leaf.leafHash()).isEqualTo(Merkle.hashLeaf(Jcs.canonicalize(doc(leaf.seq()))));
				leafHashes.add(leaf.leafHash());
				stored.put(new Merkle.Node(0, leaf.leafIndex()), leaf.leafHash());
			}
			for (LogStore.NodeHash node : batch.nodes()) {
				assertThat(stored.put(new Merkle.Node(node.level(), node.index()), node.hash())).as("written once").isNull();
			}
			assertThat(batch.frontier().root()).isEqualTo(Merkle.root(leafHashes));
			state = new LogStore.State(batch.frontier().size(), batch.cursor());
		}
		assertThat(stored).hasSize(2 * leafHashes.size() - Long.bitCount(leafHashes.size()));
		Merkle.NodeSource fromRows = TransparencyLog.source(stored);
		Merkle.NodeSource reference = Merkle.inMemory(leafHashes);
		long size = leafHashes.size();
		for (int t = 0; t < 500; t++) {
			long m = random.nextInt((int) size);
			assertThat(Merkle.inclusionProof(fromRows, m, size)).usingRecursiveComparison()
				.isEqualTo(Merkle.inclusionProof(reference, m, size));
			long first = 1 + random.nextInt((int) size);
			assertThat(Merkle.consistencyProof(fromRows, first, size)).usingRecursiveComparison()
				.isEqualTo(Merkle.consistencyProof(reference, first, size));
		}
	}

	@Test
	void whenSeqHasHolesThenTheyAreRecordedAsGapsAndTheCursorMovesPastThem() {
		LogStore.State state = new LogStore.State(0, 10);
		List<LogStore.EventRow> rows = List.of(new LogStore.EventRow(11, "a", doc(11)),
				new LogStore.EventRow(14, "b", doc(14)), new LogStore.EventRow(15, "c", doc(15)),
				new LogStore.EventRow(20, "d", doc(20)));
		TransparencyLog.Batch batch = TransparencyLog.compute(state, Map.of(), List.of(), rows);
		assertThat(batch.gaps()).containsExactly(new long[] { 12, 13 }, new long[] { 16, 19 });
		assertThat(batch.cursor()).isEqualTo(20);
		assertThat(batch.leaves()).extracting(LogStore.NewLeaf::seq).containsExactly(11L, 14L, 15L, 20L);
	}

	@Test
	void whenLateRowsFillAGapThenTheyAreAppendedFirstAndLeaveTheCursor() {
		Map<Merkle.Node, byte[]> frontier = new HashMap<>();
		byte[] first = Merkle.hashLeaf(Jcs.canonicalize(doc(11)));
		frontier.put(new Merkle.Node(0, 0), first);
		LogStore.State state = new LogStore.State(1, 20);
		TransparencyLog.Batch batch = TransparencyLog.compute(state, frontier,
				List.of(new LogStore.EventRow(12, "late", doc(12))), List.of(new LogStore.EventRow(21, "new", doc(21))));
		assertThat(batch.leaves()).extracting(LogStore.NewLeaf::seq).containsExactly(12L, 21L);
		assertThat(batch.leaves()).extracting(LogStore.NewLeaf::leafIndex).containsExactly(1L, 2L);
		assertThat(batch.gaps()).isEmpty();
		assertThat(batch.cursor()).isEqualTo(21);
		assertThat(batch.nodes()).extracting(LogStore.NodeHash::level).containsExactly(1);
	}

}
