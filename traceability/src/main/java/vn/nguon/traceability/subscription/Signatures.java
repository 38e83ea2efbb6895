package vn.nguon.traceability.subscription;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code GS1-Signature} header of a callback: {@code sha256=<hex>}, where hex is the
 * lowercase hexadecimal HMAC-SHA256 of the exact body bytes, keyed by the UTF-8 bytes of the
 * subscription's {@code signatureToken}. Receivers recompute it and compare in constant time.
 */
public final class Signatures {

	/** Header name. */
	public static final String HEADER = "GS1-Signature";

	private Signatures() {
	}

	/**
	 * @param token the signature token
	 * @param body the body bytes
	 * @return the header value
	 */
	public static String sign(String token, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

}
