package vn.nguon.traceability.transparency;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A signed tree head: the log's commitment to its first {@code treeSize} leaves.
 * <p>
 * The signature is Ed25519 over {@link #signedBytes()}, the TLS encoding of RFC 9162's
 * {@code TreeHeadDataV2} with no extensions (51 bytes): {@code uint64 timestamp} (milliseconds
 * since the epoch, big-endian), {@code uint64 tree_size} (big-endian), the root hash with a
 * one-byte length prefix ({@code 0x20} then 32 bytes), and an empty extension list ({@code 0x0000}).
 *
 * @param treeSize number of leaves
 * @param rootHash Merkle Tree Hash of those leaves
 * @param timestamp milliseconds since 1970-01-01T00:00Z
 * @param signature Ed25519 signature of {@link #signedBytes()}
 * @param keyId SHA-256 of the signer's DER SubjectPublicKeyInfo
 */
public record TreeHead(long treeSize, byte[] rootHash, long timestamp, byte[] signature, byte[] keyId) {

	public TreeHead {
		if (treeSize < 0) {
			throw new IllegalArgumentException("negative tree size");
		}
		if (rootHash == null || rootHash.length != Merkle.HASH_LENGTH) {
			throw new IllegalArgumentException("root hash must have 32 bytes");
		}
	}

	/** @return the bytes signed for a head with these values */
	public static byte[] signedBytes(long treeSize, byte[] rootHash, long timestamp) {
		ByteBuffer b = ByteBuffer.allocate(8 + 8 + 1 + rootHash.length + 2);
		b.putLong(timestamp);
		b.putLong(treeSize);
		b.put((byte) rootHash.length);
		b.put(rootHash);
		b.putShort((short) 0);
		return b.array();
	}

	/** @return the bytes the signature covers */
	public byte[] signedBytes() {
		return signedBytes(this.treeSize, this.rootHash, this.timestamp);
	}

	/** @return a head signed with the key */
	public static TreeHead sign(LogKey key, long treeSize, byte[] rootHash, long timestamp) {
		return new TreeHead(treeSize, rootHash.clone(), timestamp, key.sign(signedBytes(treeSize, rootHash, timestamp)),
				key.keyId());
	}

	/** @return whether the signature is valid for the public key (DER SubjectPublicKeyInfo) */
	public boolean verify(byte[] spki) {
		return this.signature != null && LogKey.verify(spki, signedBytes(), this.signature);
	}

	/** @return the timestamp as an instant */
	public Instant time() {
		return Instant.ofEpochMilli(this.timestamp);
	}

}
