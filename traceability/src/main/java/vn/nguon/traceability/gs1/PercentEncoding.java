package vn.nguon.traceability.gs1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of Digital Link values, both ways (RFC 3986, with {@code +} for a space in a query). */
final class PercentEncoding {

	private PercentEncoding() {
	}

	/**
	 * Percent-encodes a value for a Digital Link: unreserved characters stay, everything else
	 * (including {@code +} and {@code /}) is {@code %XX}; in a query a space becomes {@code +}. A path
	 * value that is a dot-segment ({@code .} or {@code ..}) has its dots encoded too ({@code %2E}), or
	 * every URL client would remove the segment (RFC 3986 section 5.2.4) and the label's link would lead
	 * elsewhere.
	 * @param value the value
	 * @param query whether it goes into a query string
	 * @return the encoded value
	 */
	static String escape(String value, boolean query) {
		if (!query && (".".equals(value) || "..".equals(value))) {
			return value.replace(".", "%2E");
		}
		StringBuilder sb = new StringBuilder(value.length() + 8);
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~') {
				sb.append((char) c);
			}
			else if (c == ' ' && query) {
				sb.append('+');
			}
			else {
				sb.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 15));
			}
		}
		return sb.toString();
	}

	/** Decodes %XX (bytes, read as UTF-8) and, in a query, '+' as a space; a decoded NUL is refused. */
	static String unescape(String raw, boolean query) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
				int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
				if (b == 0) {
					throw DigitalLink.invalid("A decoded value contains a NUL character");
				}
				out.write(b);
				i += 2;
			}
			else if (c == '+' && query) {
				out.write(' ');
			}
			else {
				out.write(c);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
