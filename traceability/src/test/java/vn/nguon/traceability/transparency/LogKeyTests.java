package vn.nguon.traceability.transparency;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.nguon.traceability.transparency.Merkle.hex;
import static vn.nguon.traceability.transparency.Merkle.unhex;

class LogKeyTests {

	/** RFC 8032 section 7.1, test 1. */
	static final String SECRET = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

	static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

	static final String SIGNATURE_OF_EMPTY = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33b"
			+ "acc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

	static byte[] pkcs8(String seedHex) {
		return unhex("302e020100300506032b657004220420" + seedHex);
	}

	@Test
	void whenRfc8032KeyConfiguredThenPublicKeyIsDerivedAndSignaturesMatchTheRfc() {
		LogKey key = LogKey.fromPkcs8(pkcs8(SECRET));
		assertThat(hex(key.spki())).isEqualTo("302a300506032b6570032100" + PUBLIC);
		assertThat(hex(key.sign(new byte[0]))).isEqualTo(SIGNATURE_OF_EMPTY);
		assertThat(key.keyId()).isEqualTo(Merkle.sha256().digest(key.spki()));
	}

	@Test
	void whenSignedThenVerifiesOnlyForTheSameBytesAndKey() {
		LogKey key = LogKey.generate();
		LogKey again = LogKey.fromPkcs8(key.pkcs8());
		assertThat(again.spki()).isEqualTo(key.spki());
		byte[] data = "tree head".getBytes(StandardCharsets.UTF_8);
		byte[] sig = key.sign(data);
		assertThat(LogKey.verify(key.spki(), data, sig)).isTrue();
		assertThat(LogKey.verify(key.spki(), "tree heaD".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
		assertThat(LogKey.verify(LogKey.generate().spki(), data, sig)).isFalse();
		assertThat(LogKey.verify(new byte[] { 1, 2, 3 }, data, sig)).isFalse();
	}

	@Test
	void whenTreeHeadSignedThenTheSignedBytesAreTreeHeadDataV2() {
		LogKey key = LogKey.generate();
		byte[] root = Merkle.emptyRoot();
		TreeHead head = TreeHead.sign(key, 5, root, 0x0102030405060708L);
		byte[] bytes = head.signedBytes();
		assertThat(bytes).hasSize(51);
		assertThat(hex(bytes)).isEqualTo("0102030405060708" + "0000000000000005" + "20" + hex(root) + "0000");
		assertThat(head.verify(key.spki())).isTrue();
		TreeHead forged = new TreeHead(6, root, head.timestamp(), head.signature(), head.keyId());
		assertThat(forged.verify(key.spki())).isFalse();
	}

	@Test
	void whenNoKeyConfiguredThenOneIsGeneratedOnceAndKept(@TempDir Path dir) throws Exception {
		TransparencyProperties props = new TransparencyProperties(true, Duration.ofSeconds(5), Duration.ofMillis(500),
				100, Duration.ofSeconds(10), null, dir.toString());
		LogKey first = LogKey.load(props);
		LogKey second = LogKey.load(props);
		assertThat(second.spki()).isEqualTo(first.spki());
		assertThat(Files.getPosixFilePermissions(dir.resolve(LogKey.KEY_FILE))).hasSize(2);
		TransparencyProperties configured = new TransparencyProperties(true, Duration.ofSeconds(5),
				Duration.ofMillis(500), 100, Duration.ofSeconds(10), Base64.getEncoder().encodeToString(pkcs8(SECRET)),
				dir.toString());
		assertThat(hex(LogKey.load(configured).spki())).endsWith(PUBLIC);
	}

	@Test
	void whenConfiguredKeyIsNotEd25519ThenRejected() {
		assertThatThrownBy(() -> LogKey.fromPkcs8(new byte[] { 0x30, 0x00 })).isInstanceOf(IllegalArgumentException.class);
	}

}
