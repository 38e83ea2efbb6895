package vn.nguon.api.subscription;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.traceability.subscription.Signatures;

/**
 * A webhook receiver on loopback for tests: records every callback it accepted (2xx), checks
 * the {@code GS1-Signature} of each, and refuses the first {@link #refuseNext} calls (503), or
 * every call while {@link #refuseAll} is set.
 */
final class WebhookReceiver implements AutoCloseable {

	/** One accepted callback. */
	record Callback(JsonNode body, boolean signatureValid, String queryName, List<String> eventIds) {
	}

	final AtomicInteger refuseNext = new AtomicInteger();

	volatile boolean refuseAll;

	final AtomicInteger refused = new AtomicInteger();

	private final List<Callback> accepted = new ArrayList<>();

	private final HttpServer server;

	private final String token;

	WebhookReceiver(JsonMapper json, String token) throws IOException {
		this.token = token;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newFixedThreadPool(4));
		this.server.createContext("/hook", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			int status;
			if (this.refuseAll || this.refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
				this.refused.incrementAndGet();
				status = 503;
			}
			else {
				String sig = exchange.getRequestHeaders().getFirst("GS1-Signature");
				boolean valid = token == null ? sig == null : Signatures.sign(token, body).equals(sig);
				JsonNode doc = json.readTree(body);
				JsonNode results = doc.path("epcisBody").path("queryResults");
				List<String> ids = new ArrayList<>();
				results.path("resultsBody").path("eventList").forEach(e -> ids.add(e.path("eventID").asString()));
				synchronized (this.accepted) {
					this.accepted.add(new Callback(doc, valid, results.path("queryName").asString(), ids));
				}
				status = 204;
			}
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	List<Callback> accepted() {
		synchronized (this.accepted) {
			return List.copyOf(this.accepted);
		}
	}

	/** @return every eventID accepted, in arrival order (duplicates included) */
	List<String> eventIds() {
		List<String> ids = new ArrayList<>();
		accepted().stream().filter(c -> !c.queryName().equals("RecallAlert")).forEach(c -> ids.addAll(c.eventIds()));
		return ids;
	}

	static void await(String what, BooleanSupplier condition) {
		long deadline = System.nanoTime() + 180_000_000_000L;
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Gave up waiting: " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
