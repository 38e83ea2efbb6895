package vn.nguon.traceability.transparency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The log's Ed25519 signing key. Its public half is published as a DER SubjectPublicKeyInfo
 * (SPKI, what WebCrypto's {@code importKey('spki', ...)} reads); its key id is SHA-256 of that
 * SPKI, as Certificate Transparency names logs.
 */
public final class LogKey {

	private static final Log log = LogFactory.getLog(LogKey.class);

	/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow. */
	private static final byte[] SPKI_PREFIX = Merkle.unhex("302a300506032b6570032100");

	/** File name of a generated key inside the data directory. */
	public static final String KEY_FILE = "transparency-log-key.pk8";

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final byte[] spki;

	private final byte[] keyId;

	private LogKey(PrivateKey privateKey, PublicKey publicKey) {
		this.privateKey = privateKey;
		this.publicKey = publicKey;
		this.spki = publicKey.getEncoded();
		this.keyId = Merkle.sha256().digest(this.spki);
	}

	/** @return a fresh key */
	public static LogKey generate() {
		try {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			return new LogKey(pair.getPrivate(), pair.getPublic());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is missing from this JDK", ex);
		}
	}

	/**
	 * @param pkcs8 an Ed25519 private key, PKCS#8 DER
	 * @return the key with its public half derived
	 * @throws IllegalArgumentException when the bytes are not an Ed25519 private key
	 */
	public static LogKey fromPkcs8(byte[] pkcs8) {
		try {
			PrivateKey priv = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
			byte[] seed = ((EdECPrivateKey) priv).getBytes()
				.orElseThrow(() -> new IllegalArgumentException("the private key bytes are not readable"));
			byte[] spki = new byte[SPKI_PREFIX.length + 32];
			System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
			System.arraycopy(Ed25519.publicKey(seed), 0, spki, SPKI_PREFIX.length, 32);
			PublicKey pub = publicKeyFromSpki(spki);
			LogKey key = new LogKey(priv, pub);
			byte[] probe = "nguon".getBytes(StandardCharsets.US_ASCII);
			if (!verify(spki, probe, key.sign(probe))) {
				throw new IllegalStateException("derived public key does not match the private key");
			}
			return key;
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Loads the key the settings name: {@code privateKey} (base64 PKCS#8) when set, otherwise
	 * the key file in the data directory, generated (owner-only permissions) when missing.
	 */
	public static LogKey load(TransparencyProperties properties) {
		if (properties.privateKey() != null && !properties.privateKey().isBlank()) {
			return fromPkcs8(Base64.getMimeDecoder().decode(properties.privateKey().trim()));
		}
		Path file = Path.of(properties.dataDir()).resolve(KEY_FILE);
		try {
			if (Files.exists(file)) {
				return fromPkcs8(Base64.getMimeDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
			}
			LogKey key = generate();
			Files.createDirectories(file.getParent() == null ? Path.of(".") : file.getParent());
			Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "key", ".tmp");
			try {
				Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system; the directory's permissions must protect the key
			}
			Files.writeString(tmp, Base64.getEncoder().encodeToString(key.privateKey.getEncoded()) + "\n",
					StandardCharsets.US_ASCII);
			try {
				Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException raced) {
				Files.deleteIfExists(tmp);
			}
			if (!Files.exists(file)) {
				throw new IOException("could not write " + file);
			}
			LogKey stored = fromPkcs8(
					Base64.getMimeDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim()));
			log.warn("Generated the transparency log signing key in " + file.toAbsolutePath()
					+ "; back it up, or set NGUON_LOG_PRIVATE_KEY (required when several instances run)");
			return stored;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read or create the transparency log key " + file, ex);
		}
	}

	static PublicKey publicKeyFromSpki(byte[] spki) throws GeneralSecurityException {
		return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
	}

	/** @return an Ed25519 signature of the data */
	public byte[] sign(byte[] data) {
		try {
			Signature s = Signature.getInstance("Ed25519");
			s.initSign(this.privateKey);
			s.update(data);
			return s.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign", ex);
		}
	}

	/**
	 * @param spki the signer's public key (DER SubjectPublicKeyInfo)
	 * @return whether the signature is the key's Ed25519 signature of the data; {@code false} for
	 * malformed keys or signatures
	 */
	public static boolean verify(byte[] spki, byte[] data, byte[] signature) {
		try {
			Signature s = Signature.getInstance("Ed25519");
			s.initVerify(publicKeyFromSpki(spki));
			s.update(data);
			return s.verify(signature);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	/** @return the public key as DER SubjectPublicKeyInfo */
	public byte[] spki() {
		return this.spki.clone();
	}

	/** @return SHA-256 of {@link #spki()} */
	public byte[] keyId() {
		return this.keyId.clone();
	}

	/** @return the private key as PKCS#8 DER (to export it into {@code NGUON_LOG_PRIVATE_KEY}) */
	public byte[] pkcs8() {
		return this.privateKey.getEncoded();
	}

	PublicKey publicKey() {
		return this.publicKey;
	}

}
