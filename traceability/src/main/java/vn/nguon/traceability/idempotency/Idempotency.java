package vn.nguon.traceability.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import vn.nguon.traceability.TraceabilityException;

/**
 * The idempotency keys of one creating request: the {@code Idempotency-Key} header and/or the
 * client-generated id of the resource or action. Either may be absent.
 *
 * @param headerKey the {@code Idempotency-Key} header, or {@code null}
 * @param clientId the client-generated id from the body, or {@code null}
 */
public record Idempotency(String headerKey, UUID clientId) {

	/** No idempotency: every request creates. */
	public static final Idempotency NONE = new Idempotency(null, null);

	public Idempotency {
		if (headerKey != null) {
			headerKey = headerKey.strip();
			if (headerKey.isEmpty()) {
				headerKey = null;
			}
			else if (headerKey.length() > 255 || !headerKey.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
				throw TraceabilityException.invalid("invalid-idempotency-key",
						"An Idempotency-Key has 1 to 255 visible ASCII characters");
			}
		}
	}

	public static Idempotency of(String headerKey, UUID clientId) {
		return new Idempotency(headerKey, clientId);
	}

	/** @return the keys to claim, header key first */
	public List<String> keys() {
		List<String> keys = new ArrayList<>(2);
		if (this.headerKey != null) {
			keys.add("key:" + this.headerKey);
		}
		if (this.clientId != null) {
			keys.add("id:" + this.clientId);
		}
		return keys;
	}

	public boolean isEmpty() {
		return this.headerKey == null && this.clientId == null;
	}

	/**
	 * @param parts the fields of a request, in a fixed order
	 * @return a stable fingerprint of the request, to tell a retry from a different request
	 */
	public static String fingerprint(Object... parts) {
		StringBuilder sb = new StringBuilder();
		for (Object p : parts) {
			sb.append(p == null ? "\u2400" : p.toString()).append('\u001f');
		}
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
