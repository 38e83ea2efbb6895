package vn.nguon.grading.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import vn.nguon.grading.GradingException;

/**
 * The active {@link Grader} of each product, switchable at run time (promotion, rollback) without
 * reloading a model per request. Shipped models live on the class path under
 * {@code models/<product>/<version>/} with {@code models/<product>/CURRENT} naming the default version.
 */
public final class GraderRegistry implements AutoCloseable {

	private final Map<String, Grader> active = new ConcurrentHashMap<>();

	private final Map<String, Grader> loaded = new ConcurrentHashMap<>();

	/**
	 * @param product a product
	 * @return its active grader
	 * @throws GradingException {@code model-not-found} when no model grades that product
	 */
	public Grader forProduct(String product) {
		Grader g = this.active.get(product);
		if (g == null) {
			throw new GradingException(GradingException.Kind.NOT_FOUND, "model-not-found",
					"No model grades " + product, product);
		}
		return g;
	}

	/**
	 * @param product a product
	 * @return the version of its active model, or {@code null}
	 */
	public String activeVersion(String product) {
		Grader g = this.active.get(product);
		return g == null ? null : g.modelVersion();
	}

	/** @return whether a model grades the product */
	public boolean grades(String product) {
		return this.active.containsKey(product);
	}

	/**
	 * Registers a loaded grader (kept loaded) and makes it active for its products.
	 * @param grader the grader
	 */
	public void activate(Grader grader) {
		this.loaded.put(grader.modelVersion(), grader);
		for (String p : grader.products()) {
			this.active.put(p, grader);
		}
	}

	/**
	 * Keeps a grader loaded without making it active (a candidate waiting for promotion, or a model
	 * that can be switched back to).
	 * @param grader the grader
	 */
	public void load(Grader grader) {
		this.loaded.putIfAbsent(grader.modelVersion(), grader);
	}

	/** @return a loaded grader by model version, if any */
	public Grader loaded(String version) {
		return this.loaded.get(version);
	}

	/** @return every loaded model version */
	public List<String> loadedVersions() {
		return new ArrayList<>(this.loaded.keySet());
	}

	/**
	 * Loads a shipped model from the class path.
	 * @param product the product folder under {@code models/}
	 * @return its spec and parameters as an ensemble
	 */
	public static Ensemble loadShipped(String product) {
		ClassLoader cl = GraderRegistry.class.getClassLoader();
		String base = "models/" + product + "/";
		try (InputStream current = cl.getResourceAsStream(base + "CURRENT")) {
			if (current == null) {
				throw new GradingException(GradingException.Kind.NOT_FOUND, "model-not-found",
						"No shipped model for " + product, product);
			}
			String version = new String(current.readAllBytes(), StandardCharsets.UTF_8).trim();
			return loadResource(base + version + "/");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Loads a model directory from the class path.
	 * @param base resource folder ending with {@code /}
	 * @return the loaded ensemble
	 */
	public static Ensemble loadResource(String base) {
		ClassLoader cl = GraderRegistry.class.getClassLoader();
		try (InputStream specIn = cl.getResourceAsStream(base + Ensemble.SPEC_FILE)) {
			if (specIn == null) {
				throw new IllegalStateException("no model at classpath:" + base);
			}
			ModelSpec spec = Ensemble.JSON.readValue(new String(specIn.readAllBytes(), StandardCharsets.UTF_8),
					ModelSpec.class);
			List<InputStream> params = new ArrayList<>();
			try {
				for (String m : spec.members()) {
					InputStream in = cl.getResourceAsStream(base + m + ".params");
					if (in == null) {
						throw new IllegalStateException("missing classpath:" + base + m + ".params");
					}
					params.add(in);
				}
				return Ensemble.load(spec, params);
			}
			finally {
				for (InputStream in : params) {
					in.close();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads a text resource of a shipped model (e.g. its metrics).
	 * @return the text, or {@code null}
	 */
	public static String shippedResource(String product, String version, String file) {
		try (InputStream in = GraderRegistry.class.getClassLoader()
			.getResourceAsStream("models/" + product + "/" + version + "/" + file)) {
			return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		for (Grader g : this.loaded.values()) {
			if (g instanceof AutoCloseable c) {
				try {
					c.close();
				}
				catch (Exception ignored) {
					// closing on shutdown
				}
			}
		}
	}

}
