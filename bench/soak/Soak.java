import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mixed-load soak for bench/soak/run.sh: an open-loop load generator (requests start on a fixed
 * schedule whether or not earlier ones have finished, so a slow service is not hidden by a slow
 * client) at a realistic mix:
 * <ul>
 * <li>90 % consumer scans: GET /01/{gtin}/10/{lot} (HTML) of existing lots, new lots included;</li>
 * <li>8 % farmer writes with a photo: POST /api/batches, then POST /api/batches/{id}/photos;</li>
 * <li>2 % dashboard queries: GET /api/batches?q=... (search) or GET /api/grading/reviews.</li>
 * </ul>
 * Latency is counted from the request's scheduled start (queueing in the client included). It
 * prints RESULT lines (requests and errors by kind, p50/p99 by kind, RSS of the service at start
 * and end, database size growth per 1,000 batches) and "RSS" samples every 10 s.
 * <p>
 * Usage: java Soak.java BASE TOKEN APP_PID DURATION_S WARMUP_S RATE_PER_S PHOTO_DIR
 * (environment PGHOST, PGPORT, PGDATABASE: the service's database, read with psql).
 */
public class Soak {

	static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

	static final List<String> KINDS = List.of("scan", "write_batch", "write_photo", "dash_search", "dash_reviews");

	final String base;

	final String token;

	final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.executor(Executors.newFixedThreadPool(4))
		.build();

	final List<String> lots = new CopyOnWriteArrayList<>();

	final List<byte[]> photos = new ArrayList<>();

	final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();

	final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();

	final Map<String, AtomicInteger> errorSamples = new ConcurrentHashMap<>();

	final AtomicInteger batchesCreated = new AtomicInteger();

	final AtomicInteger photosAccepted = new AtomicInteger();

	volatile boolean recording;

	String farmId;

	String productId;

	String gtin;

	Soak(String base, String token) {
		this.base = base;
		this.token = token;
		for (String k : KINDS) {
			this.latencies.put(k, Collections.synchronizedList(new ArrayList<>()));
			this.errors.put(k, new AtomicInteger());
			this.errorSamples.put(k, new AtomicInteger());
		}
	}

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String token = args[1];
		long pid = Long.parseLong(args[2]);
		int duration = Integer.parseInt(args[3]);
		int warmup = Integer.parseInt(args[4]);
		double rate = Double.parseDouble(args[5]);
		Path photoDir = Path.of(args[6]);
		Soak soak = new Soak(base, token);
		soak.run(pid, duration, warmup, rate, photoDir);
		System.exit(0);
	}

	void run(long pid, int duration, int warmup, double rate, Path photoDir) throws Exception {
		long rssBoot = rssKb(pid);
		try (Stream<Path> files = Files.walk(photoDir)) {
			for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(200).toList()) {
				this.photos.add(Files.readAllBytes(p));
			}
		}
		setup(100);
		long dbBefore = dbSize();
		int batchesBefore = this.batchesCreated.get();
		System.out.printf("setup: %d lots, %d photos in memory; warm-up %d s, then %d s at %.0f requests/s%n",
				this.lots.size(), this.photos.size(), warmup, duration, rate);
		drive(warmup, rate, false, pid);
		long rssStart = rssKb(pid);
		System.out.printf("RSS t=0s %d MiB%n", rssStart / 1024);
		drive(duration, rate, true, pid);
		long rssEnd = rssKb(pid);
		long dbAfter = dbSize();
		int batches = this.batchesCreated.get() - batchesBefore;

		int total = 0;
		int failed = 0;
		for (String k : KINDS) {
			List<Long> l = new ArrayList<>(this.latencies.get(k));
			Collections.sort(l);
			int e = this.errors.get(k).get();
			total += l.size();
			failed += e;
			result("requests_" + k, l.size(), "requests");
			result("errors_" + k, e, "");
			result("p50_" + k, l.isEmpty() ? "n/a" : String.format("%.1f", pct(l, 50) / 1e6), "ms");
			result("p99_" + k, l.isEmpty() ? "n/a" : String.format("%.1f", pct(l, 99) / 1e6), "ms");
		}
		result("requests_total", total, "requests in " + duration + " s");
		result("throughput", String.format("%.1f", total / (double) duration),
				"requests/s (" + (int) rate + " operations/s scheduled; a farmer write is two requests)");
		result("error_rate", String.format("%.4f", total == 0 ? 0 : failed / (double) total), "");
		result("rss_after_boot", rssBoot / 1024, "MiB");
		result("rss_start", rssStart / 1024, "MiB (after setup and warm-up)");
		result("rss_end", rssEnd / 1024, "MiB");
		result("rss_growth", String.format("%.1f", 100.0 * (rssEnd - rssStart) / rssStart), "% (target <= 10)");
		result("batches_created", batches, "batches (warm-up included)");
		result("photos_accepted", this.photosAccepted.get(), "photos");
		result("db_size_before", dbBefore / (1024 * 1024), "MiB");
		result("db_size_after", dbAfter / (1024 * 1024), "MiB");
		result("db_growth_per_1000_batches",
				batches == 0 ? "n/a" : String.format("%.1f", (dbAfter - dbBefore) / (1024.0 * 1024) / batches * 1000),
				"MiB (photos stored in the database included)");
	}

	/** Farm, product and the first lots, created through the API. */
	void setup(int seedLots) throws Exception {
		this.farmId = id(post("/api/farms", "{\"name\":\"Vườn cà chua soak\",\"commune\":\"Cát Hanh\",\"district\":\"Phù Cát\","
				+ "\"province\":\"Bình Định\"}", 201));
		this.gtin = gtin();
		this.productId = id(post("/api/products", "{\"gtin\":\"" + this.gtin + "\",\"nameVi\":\"Cà chua\",\"nameEn\":\"Tomato\","
				+ "\"variety\":\"Savior\"}", 201));
		for (int i = 0; i < seedLots; i++) {
			createBatch();
		}
	}

	/** Issues requests on a fixed schedule for {@code seconds}. */
	void drive(int seconds, double rate, boolean record, long pid) throws InterruptedException {
		this.recording = record;
		ExecutorService pool = Executors.newFixedThreadPool(64);
		long start = System.nanoTime();
		long interval = (long) (1e9 / rate);
		long end = start + seconds * 1_000_000_000L;
		long nextRss = start + 10_000_000_000L;
		AtomicLong inFlight = new AtomicLong();
		for (long due = start; due < end; due += interval) {
			long wait = due - System.nanoTime();
			if (wait > 0) {
				TimeUnit.NANOSECONDS.sleep(wait);
			}
			long scheduled = due;
			inFlight.incrementAndGet();
			pool.execute(() -> {
				try {
					one(scheduled);
				}
				finally {
					inFlight.decrementAndGet();
				}
			});
			if (record && System.nanoTime() > nextRss) {
				System.out.printf("RSS t=%ds %d MiB, in flight %d%n", (System.nanoTime() - start) / 1_000_000_000L,
						rssKb(pid) / 1024, inFlight.get());
				nextRss += 10_000_000_000L;
			}
		}
		pool.shutdown();
		pool.awaitTermination(120, TimeUnit.SECONDS);
	}

	void one(long scheduled) {
		int dice = ThreadLocalRandom.current().nextInt(100);
		if (dice < 90) {
			String lot = this.lots.get(ThreadLocalRandom.current().nextInt(this.lots.size()));
			timed("scan", scheduled, () -> get("/01/" + this.gtin + "/10/" + lot, "text/html", 200));
		}
		else if (dice < 98) {
			String[] batch = new String[1];
			timed("write_batch", scheduled, () -> batch[0] = createBatch());
			if (batch[0] != null) {
				byte[] photo = this.photos.get(ThreadLocalRandom.current().nextInt(this.photos.size()));
				timed("write_photo", System.nanoTime(), () -> {
					upload(batch[0], photo);
					this.photosAccepted.incrementAndGet();
					return null;
				});
			}
		}
		else if (dice < 99) {
			timed("dash_search", scheduled, () -> get("/api/batches?q=S&size=50", "application/json", 200));
		}
		else {
			timed("dash_reviews", scheduled, () -> get("/api/grading/reviews", "application/json", 200));
		}
	}

	interface Call {

		Object call() throws Exception;

	}

	void timed(String kind, long scheduled, Call call) {
		try {
			call.call();
			if (this.recording) {
				this.latencies.get(kind).add(System.nanoTime() - scheduled);
			}
		}
		catch (Exception ex) {
			if (this.recording) {
				this.latencies.get(kind).add(System.nanoTime() - scheduled);
				this.errors.get(kind).incrementAndGet();
				if (this.errorSamples.get(kind).incrementAndGet() <= 3) {
					System.out.println("error (" + kind + "): " + ex.getMessage());
				}
			}
		}
	}

	String createBatch() throws Exception {
		String lot = "S" + Long.toString(System.nanoTime() % 100_000_000_000L, 36).toUpperCase()
				+ ThreadLocalRandom.current().nextInt(100);
		String id = id(post("/api/batches", "{\"productId\":\"" + this.productId + "\",\"farmId\":\"" + this.farmId
				+ "\",\"lot\":\"" + lot + "\",\"quantity\":120,\"unit\":\"kg\"}", 201));
		this.batchesCreated.incrementAndGet();
		this.lots.add(lot);
		return id;
	}

	void upload(String batchId, byte[] photo) throws Exception {
		String boundary = "soak" + UUID.randomUUID();
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"photo.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
		byte[] body = new byte[head.length + photo.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(photo, 0, body, head.length, photo.length);
		System.arraycopy(tail, 0, body, head.length + photo.length, tail.length);
		send(HttpRequest.newBuilder(URI.create(this.base + "/api/batches/" + batchId + "/photos"))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
	}

	String post(String path, String json, int expected) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), expected);
	}

	String get(String path, String accept, int expected) throws Exception {
		HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept).GET();
		if (path.startsWith("/api/")) {
			b.header("Authorization", "Bearer " + this.token);
		}
		return send(b, expected);
	}

	String send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
		HttpResponse<String> r = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
				HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != expected) {
			String body = r.body();
			throw new IOException(r.statusCode() + " " + body.substring(0, Math.min(200, body.length())));
		}
		return r.body();
	}

	static String id(String json) {
		Matcher m = ID.matcher(json);
		if (!m.find()) {
			throw new IllegalStateException("no id in " + json);
		}
		return m.group(1);
	}

	static String gtin() {
		int[] d = new int[13];
		d[0] = 0;
		for (int i = 1; i < 13; i++) {
			d[i] = ThreadLocalRandom.current().nextInt(10);
		}
		int sum = 0;
		for (int i = 0; i < 13; i++) {
			sum += d[12 - i] * (i % 2 == 0 ? 3 : 1);
		}
		StringBuilder s = new StringBuilder();
		for (int x : d) {
			s.append(x);
		}
		return s.append((10 - sum % 10) % 10).toString();
	}

	static long pct(List<Long> sorted, int p) {
		int i = (int) Math.ceil(sorted.size() * p / 100.0) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
	}

	static long rssKb(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
		return 0;
	}

	static long dbSize() throws Exception {
		Process p = new ProcessBuilder("psql", "-U", "postgres", "-qtAc", "SELECT pg_database_size(current_database())")
			.redirectErrorStream(true)
			.start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		p.waitFor();
		return Long.parseLong(out);
	}

	static void result(String name, Object value, String unit) {
		System.out.println("RESULT " + name + " " + value + " " + unit);
	}

}
