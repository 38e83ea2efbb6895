import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Capture load for the transparency benchmark: POSTs EPCISDocuments of fresh harvest events to
 * /epcis/capture from several clients at once and prints "EVENTS_PER_S <value>".
 * Usage: java CaptureLoad.java BASE TOKEN DOCS EVENTS_PER_DOC CONCURRENCY
 */
public class CaptureLoad {

	public static void main(String[] args) throws Exception {
		String base = args[0];
		String token = args[1];
		int docs = Integer.parseInt(args[2]);
		int perDoc = Integer.parseInt(args[3]);
		int concurrency = Integer.parseInt(args[4]);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		String gtin = gtin("0893850597" + String.format("%03d", (int) (Math.random() * 1000)));
		AtomicInteger failures = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		long start = System.nanoTime();
		for (int d = 0; d < docs; d++) {
			pool.submit(() -> {
				StringBuilder events = new StringBuilder();
				for (int e = 0; e < perDoc; e++) {
					String lot = "B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
					if (e > 0) {
						events.append(',');
					}
					events.append("""
							{"type": "ObjectEvent", "eventID": "urn:uuid:%s", "eventTime": "2026-06-01T07:30:00+07:00",
							 "eventTimeZoneOffset": "+07:00", "action": "ADD", "bizStep": "commissioning", "disposition": "active",
							 "quantityList": [{"epcClass": "https://id.gs1.org/01/%s/10/%s", "quantity": 120.5, "uom": "KGM"}],
							 "readPoint": {"id": "https://id.gs1.org/414/8930000000019"}}""".formatted(UUID.randomUUID(), gtin, lot));
				}
				String body = """
						{"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument",
						 "schemaVersion": "2.0", "creationDate": "2026-06-01T08:00:00+07:00",
						 "epcisBody": {"eventList": [%s]}}""".formatted(events);
				try {
					HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/epcis/capture"))
						.header("Authorization", "Bearer " + token)
						.header("Content-Type", "application/ld+json")
						.timeout(Duration.ofSeconds(120))
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (r.statusCode() / 100 != 2 && failures.incrementAndGet() < 3) {
						System.err.println("capture answered " + r.statusCode() + ": " + r.body());
					}
				}
				catch (Exception ex) {
					failures.incrementAndGet();
				}
			});
		}
		pool.shutdown();
		pool.awaitTermination(1, TimeUnit.HOURS);
		double seconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("EVENTS_PER_S %.1f%nFAILURES %d%n", (docs - failures.get()) * perDoc / seconds, failures.get());
	}

	static String gtin(String twelve) {
		String s = "0" + twelve;
		int sum = 0;
		for (int i = 0; i < 13; i++) {
			int digit = s.charAt(12 - i) - '0';
			sum += (i % 2 == 0) ? digit * 3 : digit;
		}
		return s + ((10 - sum % 10) % 10);
	}

}
