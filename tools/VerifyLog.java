import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a Nguồn deployment's transparency log from the outside, with the JDK only (17+):
 *
 * <pre>
 * java tools/VerifyLog.java https://nguon.example [--key-id BASE64] [--lot 01/{gtin}/10/{lot}]
 *      [--event EVENT_ID]... [--all --token TOKEN] [--consistency-from N]
 * </pre>
 *
 * Fetches the latest signed tree head, checks its Ed25519 signature (and, with --key-id, that
 * it is the key you expect), then for each event fetches its inclusion proof, hashes the leaf
 * bytes itself (SHA-256(0x00 || canonical JSON of the event as stored now)) and walks the audit
 * path to the signed root (RFC 9162 2.1.3.2). Events come from --event, from the lot's public
 * consumer page (--lot; with --token the EPCIS query is used instead), or from every event the
 * token may read (--all). --consistency-from N also checks that the head extends the tree of
 * size N you saw earlier. Prints one line per event that fails; exit status 0 when everything
 * verifies, 1 when something fails, 2 on usage or network errors.
 */
public class VerifyLog {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
		.followRedirects(HttpClient.Redirect.NORMAL).build();

	static String base;

	static String token;

	public static void main(String[] args) throws Exception {
		if (args.length == 0 || args[0].startsWith("-")) {
			usage("the deployment URL comes first");
		}
		base = args[0].replaceAll("/+$", "");
		String keyId = null;
		String lot = null;
		boolean all = false;
		Long consistencyFrom = null;
		List<String> events = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--key-id" -> keyId = value(args, ++i);
				case "--lot" -> lot = value(args, ++i).replaceAll("^/+", "");
				case "--event" -> events.add(value(args, ++i));
				case "--token" -> token = value(args, ++i);
				case "--all" -> all = true;
				case "--consistency-from" -> consistencyFrom = Long.parseLong(value(args, ++i));
				default -> usage("unknown option " + args[i]);
			}
		}
		if (token == null) {
			token = System.getenv("NGUON_TOKEN");
		}
		if (all && token == null) {
			usage("--all reads /epcis/events and needs --token (or NGUON_TOKEN)");
		}

		Map<String, Object> head = json(get("/transparency/head"));
		long size = number(head.get("tree_size"));
		byte[] root = b64(head.get("root_hash"));
		long timestamp = number(head.get("timestamp"));
		byte[] spki = b64(head.get("public_key"));
		byte[] headKeyId = b64(head.get("key_id"));
		byte[] computedKeyId = MessageDigest.getInstance("SHA-256").digest(spki);
		System.out.printf("head: %d leaves, root %s, signed %s, key %s%n", size, head.get("root_hash"),
				Instant.ofEpochMilli(timestamp), head.get("key_id"));
		if (!MessageDigest.isEqual(computedKeyId, headKeyId)) {
			fail("head: key_id is not SHA-256 of the public key");
		}
		if (keyId != null && !MessageDigest.isEqual(headKeyId, Base64.getDecoder().decode(keyId))) {
			fail("head: signed by key " + head.get("key_id") + ", not the expected " + keyId);
		}
		Signature verifier = Signature.getInstance("Ed25519");
		verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
		verifier.update(signedHeadBytes(timestamp, size, root));
		if (!verifier.verify(b64(head.get("signature")))) {
			fail("head: the Ed25519 signature does not verify");
		}
		System.out.println("head: signature OK" + (keyId == null ? " (pin the key with --key-id to trust it)" : ", key as expected"));

		int failures = 0;
		if (consistencyFrom != null) {
			Map<String, Object> c = json(get("/transparency/consistency?first=" + consistencyFrom + "&second=" + size));
			List<byte[]> path = hashes(c.get("consistency"));
			byte[] firstRoot = b64(c.get("first_root_hash"));
			if (!verifyConsistency(consistencyFrom, size, firstRoot, root, path)) {
				System.out.println("FAIL consistency: the head does not extend the tree of size " + consistencyFrom);
				failures++;
			}
			else {
				System.out.println("consistency: tree of size " + consistencyFrom + " (root " + c.get("first_root_hash")
						+ ") is a prefix of the head; compare that root with the head you saw");
			}
		}

		Set<String> ids = new LinkedHashSet<>(events);
		if (lot != null) {
			ids.addAll(token != null ? epcisEvents("MATCH_anyEPCClass=" + enc("https://id.gs1.org/" + lot)) : lotPage(lot));
		}
		if (all) {
			ids.addAll(epcisEvents(""));
		}
		int ok = 0;
		for (String id : ids) {
			String problem = checkEvent(id, size, root);
			if (problem == null) {
				ok++;
			}
			else {
				failures++;
				System.out.println("FAIL " + id + ": " + problem);
			}
		}
		System.out.printf("%d event(s) verified, %d failure(s)%n", ok, failures);
		System.exit(failures == 0 ? 0 : 1);
	}

	/** @return null when the event proves into the head, else what is wrong */
	static String checkEvent(String id, long size, byte[] root) throws Exception {
		HttpResponse<String> r = request("/transparency/proof?eventID=" + enc(id) + "&treeSize=" + size);
		if (r.statusCode() == 404) {
			return "not in the signed log (yet)";
		}
		if (r.statusCode() != 200) {
			return "proof request answered " + r.statusCode();
		}
		Map<String, Object> proof = json(r.body());
		@SuppressWarnings("unchecked")
		List<Object> leaves = (List<Object>) proof.get("proofs");
		for (Object o : leaves) {
			@SuppressWarnings("unchecked")
			Map<String, Object> leaf = (Map<String, Object>) o;
			long index = number(leaf.get("leaf_index"));
			if (leaf.get("leaf_input") == null) {
				return "leaf " + index + ": the event row is gone (deleted)";
			}
			byte[] input = b64(leaf.get("leaf_input"));
			Object named = json(new String(input, StandardCharsets.UTF_8)).get("eventID");
			if (!id.equals(named)) {
				return "leaf " + index + ": the row now holds event " + named + " (rows swapped?)";
			}
			byte[] hash = leafHash(input);
			if (!verifyInclusion(index, size, hash, hashes(leaf.get("audit_path")), root)) {
				return "leaf " + index + ": the event as stored now does not prove into the signed head (changed?)";
			}
		}
		return null;
	}

	// ----- RFC 9162 -----

	static byte[] signedHeadBytes(long timestamp, long size, byte[] root) {
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 8 + 1 + root.length + 2);
		b.putLong(timestamp).putLong(size).put((byte) root.length).put(root).putShort((short) 0);
		return b.array();
	}

	static byte[] leafHash(byte[] leaf) throws Exception {
		MessageDigest d = MessageDigest.getInstance("SHA-256");
		d.update((byte) 0);
		d.update(leaf);
		return d.digest();
	}

	static byte[] children(byte[] l, byte[] r) throws Exception {
		MessageDigest d = MessageDigest.getInstance("SHA-256");
		d.update((byte) 1);
		d.update(l);
		d.update(r);
		return d.digest();
	}

	static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root)
			throws Exception {
		if (index < 0 || index >= size) {
			return false;
		}
		long fn = index;
		long sn = size - 1;
		byte[] r = leafHash;
		for (byte[] p : path) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				r = children(p, r);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				r = children(r, p);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(r, root);
	}

	static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof)
			throws Exception {
		if (first < 1 || first > second) {
			return false;
		}
		if (first == second) {
			return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
		}
		if (proof.isEmpty()) {
			return false;
		}
		List<byte[]> path = new ArrayList<>(proof);
		if (Long.bitCount(first) == 1) {
			path.add(0, firstRoot);
		}
		long fn = first - 1;
		long sn = second - 1;
		while ((fn & 1) == 1) {
			fn >>= 1;
			sn >>= 1;
		}
		byte[] fr = path.get(0);
		byte[] sr = path.get(0);
		for (byte[] c : path.subList(1, path.size())) {
			if (sn == 0) {
				return false;
			}
			if ((fn & 1) == 1 || fn == sn) {
				fr = children(c, fr);
				sr = children(c, sr);
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
			else {
				sr = children(sr, c);
			}
			fn >>= 1;
			sn >>= 1;
		}
		return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
	}

	// ----- where the event ids come from -----

	/** The lot's public consumer page lists its events in #verification's data-event-ids. */
	static List<String> lotPage(String lot) throws Exception {
		HttpResponse<String> r = request("/" + lot, "text/html");
		if (r.statusCode() != 200) {
			fail("lot page /" + lot + " answered " + r.statusCode());
		}
		Matcher m = Pattern.compile("<section[^>]*id=\"verification\"[^>]*>").matcher(r.body());
		if (!m.find()) {
			fail("lot page /" + lot + " has no #verification section");
		}
		Matcher ids = Pattern.compile("data-event-ids=\"([^\"]*)\"").matcher(m.group());
		if (!ids.find()) {
			return List.of();
		}
		List<String> out = new ArrayList<>();
		for (String id : ids.group(1).replace("&amp;", "&").split("\\s+")) {
			if (!id.isBlank()) {
				out.add(id);
			}
		}
		return out;
	}

	/** Every event id an EPCIS query returns, following the Link rel="next" pages. */
	@SuppressWarnings("unchecked")
	static List<String> epcisEvents(String query) throws Exception {
		List<String> ids = new ArrayList<>();
		String next = "/epcis/events?perPage=500" + (query.isEmpty() ? "" : "&" + query);
		while (next != null) {
			HttpResponse<String> r = request(next);
			if (r.statusCode() != 200) {
				fail("EPCIS query answered " + r.statusCode() + ": " + r.body());
			}
			Map<String, Object> doc = json(r.body());
			Map<String, Object> body = (Map<String, Object>) doc.get("epcisBody");
			Map<String, Object> results = (Map<String, Object>) ((Map<String, Object>) body.get("queryResults"))
				.get("resultsBody");
			for (Object e : (List<Object>) results.get("eventList")) {
				ids.add((String) ((Map<String, Object>) e).get("eventID"));
			}
			next = null;
			for (String link : r.headers().allValues("Link")) {
				Matcher m = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?").matcher(link);
				if (m.find()) {
					next = m.group(1);
				}
			}
		}
		return ids;
	}

	// ----- plumbing -----

	static HttpResponse<String> request(String pathOrUrl) throws IOException, InterruptedException {
		return request(pathOrUrl, "application/json");
	}

	static HttpResponse<String> request(String pathOrUrl, String accept) throws IOException, InterruptedException {
		URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base + pathOrUrl);
		HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", accept);
		if (token != null && uri.getPath().startsWith("/epcis")) {
			b.header("Authorization", "Bearer " + token);
		}
		return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	static String get(String path) throws Exception {
		HttpResponse<String> r = request(path);
		if (r.statusCode() != 200) {
			fail(path + " answered " + r.statusCode() + ": " + r.body());
		}
		return r.body();
	}

	static String enc(String s) {
		return URLEncoder.encode(s, StandardCharsets.UTF_8);
	}

	static byte[] b64(Object s) {
		if (!(s instanceof String text)) {
			throw new IllegalStateException("expected base64 text, got " + s);
		}
		return Base64.getDecoder().decode(text);
	}

	@SuppressWarnings("unchecked")
	static List<byte[]> hashes(Object list) {
		List<byte[]> out = new ArrayList<>();
		for (Object o : (List<Object>) list) {
			out.add(b64(o));
		}
		return out;
	}

	static long number(Object o) {
		return ((Number) o).longValue();
	}

	static String value(String[] args, int i) {
		if (i >= args.length) {
			usage(args[i - 1] + " needs a value");
		}
		return args[i];
	}

	static void usage(String why) {
		System.err.println("VerifyLog: " + why);
		System.err.println("usage: java tools/VerifyLog.java https://host [--key-id BASE64] [--lot 01/{gtin}/10/{lot}]"
				+ " [--event ID]... [--all --token TOKEN] [--consistency-from N]");
		System.exit(2);
	}

	static void fail(String why) {
		System.out.println("FAIL " + why);
		System.exit(1);
	}

	// ----- a small JSON reader (objects, arrays, strings, numbers, literals) -----

	@SuppressWarnings("unchecked")
	static Map<String, Object> json(String text) {
		Object v = new Json(text).document();
		if (!(v instanceof Map)) {
			throw new IllegalStateException("expected a JSON object");
		}
		return (Map<String, Object>) v;
	}

	static final class Json {

		private final String s;

		private int i;

		Json(String s) {
			this.s = s;
		}

		Object document() {
			Object v = value();
			ws();
			if (this.i != this.s.length()) {
				throw error("trailing text");
			}
			return v;
		}

		private void ws() {
			while (this.i < this.s.length() && " \t\r\n".indexOf(this.s.charAt(this.i)) >= 0) {
				this.i++;
			}
		}

		private Object value() {
			ws();
			if (this.i >= this.s.length()) {
				throw error("unexpected end");
			}
			char c = this.s.charAt(this.i);
			if (c == '{') {
				Map<String, Object> m = new LinkedHashMap<>();
				this.i++;
				ws();
				if (peek('}')) {
					return m;
				}
				do {
					ws();
					String k = string();
					ws();
					expect(':');
					m.put(k, value());
					ws();
				}
				while (peek(','));
				expect('}');
				return m;
			}
			if (c == '[') {
				List<Object> l = new ArrayList<>();
				this.i++;
				ws();
				if (peek(']')) {
					return l;
				}
				do {
					l.add(value());
					ws();
				}
				while (peek(','));
				expect(']');
				return l;
			}
			if (c == '"') {
				return string();
			}
			for (String lit : new String[] { "true", "false", "null" }) {
				if (this.s.startsWith(lit, this.i)) {
					this.i += lit.length();
					return lit.equals("null") ? null : Boolean.valueOf(lit);
				}
			}
			int start = this.i;
			while (this.i < this.s.length() && "+-0123456789.eE".indexOf(this.s.charAt(this.i)) >= 0) {
				this.i++;
			}
			String n = this.s.substring(start, this.i);
			if (n.isEmpty()) {
				throw error("unexpected character");
			}
			return n.matches("-?\\d+") && n.length() < 19 ? (Object) Long.valueOf(n) : (Object) Double.valueOf(n);
		}

		private boolean peek(char c) {
			if (this.i < this.s.length() && this.s.charAt(this.i) == c) {
				this.i++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!peek(c)) {
				throw error("expected '" + c + "'");
			}
		}

		private String string() {
			expect('"');
			StringBuilder b = new StringBuilder();
			while (true) {
				if (this.i >= this.s.length()) {
					throw error("unterminated string");
				}
				char c = this.s.charAt(this.i++);
				if (c == '"') {
					return b.toString();
				}
				if (c != '\\') {
					b.append(c);
					continue;
				}
				char e = this.s.charAt(this.i++);
				switch (e) {
					case 'b' -> b.append('\b');
					case 'f' -> b.append('\f');
					case 'n' -> b.append('\n');
					case 'r' -> b.append('\r');
					case 't' -> b.append('\t');
					case 'u' -> {
						b.append((char) Integer.parseInt(this.s.substring(this.i, this.i + 4), 16));
						this.i += 4;
					}
					default -> b.append(e);
				}
			}
		}

		private IllegalStateException error(String what) {
			return new IllegalStateException("JSON: " + what + " at " + this.i);
		}

	}

}
