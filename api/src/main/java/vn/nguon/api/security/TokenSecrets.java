package vn.nguon.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Secrets of access tokens: generated at random, stored only as SHA-256. */
public final class TokenSecrets {

	/** Prefix of generated secrets, so leaked tokens are easy to recognise (and to scan for). */
	public static final String PREFIX = "ngn_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private TokenSecrets() {
	}

	/** @return a new secret: {@value #PREFIX} and 256 random bits in base64url */
	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** @return lower-case hex SHA-256 of the secret's UTF-8 bytes */
	public static String sha256Hex(String secret) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
