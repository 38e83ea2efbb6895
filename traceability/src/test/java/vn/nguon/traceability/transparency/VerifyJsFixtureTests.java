package vn.nguon.traceability.transparency;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fixture the Node tests of {@code verify.js} read ({@code frontend-static/src/test/js}):
 * a small log built by this Java code, signed with the RFC 8032 test key, in the JSON shapes of
 * the public endpoints. The committed file must be what the Java side produces today, so the
 * browser check and the server can never drift apart silently.
 */
class VerifyJsFixtureTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static String b64(byte[] b) {
		return b == null ? null : Base64.getEncoder().encodeToString(b);
	}

	static String fixture() {
		LogKey key = LogKey.fromPkcs8(LogKeyTests.pkcs8(LogKeyTests.SECRET));
		List<String> ids = new ArrayList<>();
		List<byte[]> inputs = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			String id = "urn:uuid:00000000-0000-4000-8000-00000000000" + i;
			ids.add(id);
			inputs.add(Jcs.canonicalize("{\"type\":\"ObjectEvent\",\"eventID\":\"" + id + "\",\"quantity\":12.50,"
					+ "\"note\":\"Xoài cát Hòa Lộc\",\"n\":" + i + "}"));
		}
		List<byte[]> leaves = inputs.stream().map(Merkle::hashLeaf).toList();
		Merkle.NodeSource source = Merkle.inMemory(leaves);
		long size = leaves.size();
		TreeHead head = TreeHead.sign(key, size, Merkle.root(source, size), 1764000000000L);

		ObjectNode root = JSON.createObjectNode();
		ObjectNode h = root.putObject("head");
		h.put("tree_size", head.treeSize());
		h.put("root_hash", b64(head.rootHash()));
		h.put("timestamp", head.timestamp());
		h.put("signature", b64(head.signature()));
		h.put("signature_algorithm", "Ed25519");
		h.put("key_id", b64(head.keyId()));
		h.put("public_key", b64(key.spki()));
		ObjectNode proofs = root.putObject("proofs");
		for (int i = 0; i < ids.size(); i++) {
			proofs.set(ids.get(i), proof(ids.get(i), i, inputs.get(i), leaves.get(i), Merkle.inclusionProof(source, i, size), size, head));
		}
		// the same proofs, but the rows changed behind the log's back
		ObjectNode tampered = root.putObject("tampered");
		byte[] changed = Jcs.canonicalize("{\"type\":\"ObjectEvent\",\"eventID\":\"" + ids.get(2)
				+ "\",\"quantity\":99,\"note\":\"Xoài cát Hòa Lộc\",\"n\":2}");
		tampered.set(ids.get(2), proof(ids.get(2), 2, changed, leaves.get(2), Merkle.inclusionProof(source, 2, size), size, head));
		tampered.set(ids.get(3), proof(ids.get(3), 3, null, leaves.get(3), Merkle.inclusionProof(source, 3, size), size, head));
		// rows 4 and 5 swapped: each id now answers with the other's bytes
		tampered.set(ids.get(4), proof(ids.get(4), 4, inputs.get(5), leaves.get(4), Merkle.inclusionProof(source, 4, size), size, head));
		root.put("unknown_event", "urn:uuid:00000000-0000-4000-8000-0000000000ff");
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
	}

	static ObjectNode proof(String id, long index, byte[] input, byte[] leafHash, List<byte[]> path, long size,
			TreeHead head) {
		ObjectNode p = JSON.createObjectNode();
		p.put("event_id", id);
		p.put("tree_size", size);
		p.put("root_hash", b64(head.rootHash()));
		ObjectNode leaf = JSON.createObjectNode();
		leaf.put("leaf_index", index);
		leaf.put("seq", index + 100);
		leaf.put("leaf_hash", b64(leafHash));
		leaf.put("leaf_input", b64(input));
		ArrayNode audit = leaf.putArray("audit_path");
		path.forEach(x -> audit.add(b64(x)));
		p.setAll(leaf.deepCopy());
		p.putArray("proofs").add(leaf);
		return p;
	}

	@Test
	void whenFixtureOfTheBrowserTestsIsReadThenItIsWhatTheJavaLogProducesToday() throws Exception {
		String root = System.getProperty("nguon.repo.root");
		Assumptions.assumeTrue(root != null, "nguon.repo.root absent: run through Maven to check the verify.js fixture");
		Path file = Path.of(root, "frontend-static", "src", "test", "js", "transparency-fixture.json");
		String expected = fixture();
		if (!Files.exists(file) || Boolean.getBoolean("nguon.fixtures.write")) {
			Files.createDirectories(file.getParent());
			Files.writeString(file, expected, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected);
	}

}
