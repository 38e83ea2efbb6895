package vn.nguon.api.transparency;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import vn.nguon.traceability.transparency.ConsistencyProof;
import vn.nguon.traceability.transparency.InclusionProof;
import vn.nguon.traceability.transparency.LeafProof;
import vn.nguon.traceability.transparency.TreeHead;
import vn.nguon.traceability.transparency.VerificationReport;

/** JSON shapes of the transparency endpoints. Every hash, key and signature is standard base64. */
final class TransparencyViews {

	private TransparencyViews() {
	}

	static String b64(byte[] bytes) {
		return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
	}

	static List<String> b64(List<byte[]> hashes) {
		return hashes.stream().map(TransparencyViews::b64).toList();
	}

	@Schema(description = "A signed tree head. signature = Ed25519 over the 51 bytes: uint64 timestamp (ms, big-endian) "
			+ "|| uint64 tree_size (big-endian) || 0x20 || root_hash (32 bytes) || 0x0000 (RFC 9162 TreeHeadDataV2, no extensions).")
	record HeadView(@JsonProperty("tree_size") long treeSize, @JsonProperty("root_hash") String rootHash,
			@Schema(description = "milliseconds since the epoch") long timestamp,
			@JsonProperty("timestamp_iso") String timestampIso, String signature,
			@JsonProperty("signature_algorithm") String signatureAlgorithm,
			@Schema(description = "SHA-256 of the public key's DER SubjectPublicKeyInfo") @JsonProperty("key_id") String keyId,
			@Schema(description = "DER SubjectPublicKeyInfo of the Ed25519 key") @JsonProperty("public_key") String publicKey) {

		static HeadView of(TreeHead head, byte[] spki) {
			return new HeadView(head.treeSize(), b64(head.rootHash()), head.timestamp(),
					Instant.ofEpochMilli(head.timestamp()).toString(), b64(head.signature()), "Ed25519", b64(head.keyId()),
					b64(spki));
		}

	}

	record KeyView(@JsonProperty("key_id") String keyId, @JsonProperty("public_key") String publicKey, String algorithm) {
	}

	@Schema(description = "Inclusion proof of one logged leaf. The client recomputes leaf_hash = SHA-256(0x00 || leaf_input) "
			+ "and verifies audit_path (RFC 9162 2.1.3.2) against the signed root; leaf_input is null when the event row"
			+ " is gone or the caller may not read the event.")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record LeafProofView(@JsonProperty("leaf_index") long leafIndex, long seq, @JsonProperty("leaf_hash") String leafHash,
			@Schema(description = "base64 of the event's RFC 8785 canonical JSON as stored now") @JsonProperty("leaf_input") String leafInput,
			@JsonProperty("audit_path") List<String> auditPath) {

		static LeafProofView of(LeafProof p) {
			return new LeafProofView(p.leafIndex(), p.seq(), b64(p.leafHash()), b64(p.leafInput()), b64(p.auditPath()));
		}

	}

	@Schema(description = "Inclusion proof(s) of an eventID. The top-level leaf fields repeat proofs[0]; proofs lists "
			+ "every leaf carrying this eventID (an error declaration adds one).")
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record ProofView(@JsonProperty("event_id") String eventId, @JsonProperty("tree_size") long treeSize,
			@JsonProperty("root_hash") String rootHash, @JsonProperty("leaf_index") long leafIndex, long seq,
			@JsonProperty("leaf_hash") String leafHash, @JsonProperty("leaf_input") String leafInput,
			@JsonProperty("audit_path") List<String> auditPath, List<LeafProofView> proofs) {

		static ProofView of(InclusionProof p) {
			List<LeafProofView> leaves = p.leaves().stream().map(LeafProofView::of).toList();
			LeafProofView first = leaves.get(0);
			return new ProofView(p.eventId(), p.treeSize(), b64(p.rootHash()), first.leafIndex(), first.seq(),
					first.leafHash(), first.leafInput(), first.auditPath(), leaves);
		}

	}

	@Schema(description = "Consistency proof (RFC 9162 2.1.4) between tree sizes first and second; verify it against "
			+ "the root hashes of signed heads you trust, not only the ones given here.")
	record ConsistencyView(long first, long second, @JsonProperty("first_root_hash") String firstRootHash,
			@JsonProperty("second_root_hash") String secondRootHash, List<String> consistency) {

		static ConsistencyView of(ConsistencyProof p) {
			return new ConsistencyView(p.first(), p.second(), b64(p.firstRoot()), b64(p.secondRoot()), b64(p.path()));
		}

	}

	record ProblemView(@JsonProperty("event_id") String eventId, long seq, @JsonProperty("leaf_index") long leafIndex,
			String status, @JsonProperty("matches_leaf_index") Long matchesLeafIndex) {
	}

	record ReportView(boolean ok, @JsonProperty("tree_size") long treeSize,
			@JsonProperty("head_tree_size") long headTreeSize,
			@JsonProperty("head_signature_valid") boolean headSignatureValid,
			@JsonProperty("head_root_matches") boolean headRootMatches, long unlogged, List<ProblemView> problems) {

		static ReportView of(VerificationReport r) {
			return new ReportView(r.ok(), r.treeSize(), r.headTreeSize(), r.headSignatureValid(), r.headRootMatches(),
					r.unlogged(),
					r.problems()
						.stream()
						.map(p -> new ProblemView(p.eventId(), p.seq(), p.leafIndex(),
								p.status().name().toLowerCase(java.util.Locale.ROOT), p.matchesLeafIndex()))
						.toList());
		}

	}

}
