package vn.nguon.grading.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import vn.nguon.grading.model.Backbone;
import vn.nguon.grading.model.BackboneBlock;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.Natives;
import vn.nguon.grading.model.Preprocessing;

/**
 * The frozen backbone's features of every photo in every test-time view (the identity, flips and
 * transposes of {@link Ensemble}'s views, in that order), computed once and kept in a cache file keyed by
 * the backbone and the preprocessing (and checked to hold exactly these photos), so that choosing a head
 * does not pay for the network again.
 */
final class ProbeFeatures {

	/** Opens a cache file; the key (backbone and preprocessing) follows it. */
	private static final int MAGIC = 0x4E474631;

	private final int views;

	private final int dimension;

	private final Map<Path, float[][]> byFile;

	private ProbeFeatures(int views, int dimension, Map<Path, float[][]> byFile) {
		this.views = views;
		this.dimension = dimension;
		this.byFile = byFile;
	}

	/** @return views per photo */
	int views() {
		return this.views;
	}

	/** @return features per view */
	int dimension() {
		return this.dimension;
	}

	/**
	 * @param s a photo
	 * @return its features, {@code [view][feature]}
	 */
	float[][] of(Sample s) {
		float[][] f = this.byFile.get(s.file());
		if (f == null) {
			throw new IllegalArgumentException("no features for " + s.file());
		}
		return f;
	}

	/**
	 * Computes (or reads from {@code cache}) the features of the samples.
	 * @param backbone the backbone
	 * @param pre its preprocessing
	 * @param samples the photos
	 * @param views views per photo (1..8)
	 * @param cache the cache file (read when it holds exactly these photos, else written)
	 * @param progress progress sink
	 * @return the features
	 */
	static ProbeFeatures compute(Backbone backbone, Preprocessing pre, List<Sample> samples, int views, Path cache,
			TrainCommand.Progress progress) throws IOException {
		String key = backbone.name() + " " + pre;
		if (cache != null && Files.isRegularFile(cache)) {
			ProbeFeatures read = read(cache, key, samples, views, backbone.features());
			if (read != null) {
				progress.report(0, "features read from " + cache);
				return read;
			}
		}
		Natives.engine();
		Map<Path, float[][]> out = new HashMap<>();
		int d = backbone.features();
		int chunk = 16;
		long started = System.nanoTime();
		try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Natives.ENGINE)) {
			BackboneBlock block = new BackboneBlock(backbone);
			int s = pre.size();
			block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, s, s));
			ParameterStore store = new ParameterStore(manager, false);
			for (int from = 0; from < samples.size(); from += chunk) {
				int n = Math.min(chunk, samples.size() - from);
				float[] x = new float[n * pre.tensorLength()];
				for (int i = 0; i < n; i++) {
					byte[] photo = Files.readAllBytes(samples.get(from + i).file());
					pre.normalise(pre.square(Preprocessing.decode(photo)), x, i * pre.tensorLength());
				}
				float[][][] f = new float[n][views][];
				try (NDManager sub = manager.newSubManager()) {
					NDArray batch = Ensemble.tensor(sub, x, new Shape(n, 3, s, s));
					for (int v = 0; v < views; v++) {
						NDArray view = Ensemble.view(batch, v);
						float[] flat = block.forward(store, new NDList(view), false).singletonOrThrow().toFloatArray();
						for (int i = 0; i < n; i++) {
							f[i][v] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
						}
					}
				}
				for (int i = 0; i < n; i++) {
					out.put(samples.get(from + i).file(), f[i]);
				}
				double done = (double) (from + n) / samples.size();
				double seconds = (System.nanoTime() - started) / 1e9;
				progress.report(done, String.format("features of %d photos x %d views, %.1f ms per view", from + n,
						views, 1000 * seconds / ((from + n) * (double) views)));
			}
		}
		ProbeFeatures features = new ProbeFeatures(views, d, out);
		if (cache != null) {
			features.write(cache, key, samples);
		}
		return features;
	}

	private void write(Path cache, String key, List<Sample> samples) throws IOException {
		Files.createDirectories(cache.toAbsolutePath().getParent());
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
			out.writeInt(MAGIC);
			out.writeUTF(key);
			out.writeInt(samples.size());
			out.writeInt(this.views);
			out.writeInt(this.dimension);
			for (Sample s : samples) {
				out.writeUTF(s.file().toString());
				for (float[] view : this.byFile.get(s.file())) {
					for (float f : view) {
						out.writeFloat(f);
					}
				}
			}
		}
	}

	private static ProbeFeatures read(Path cache, String key, List<Sample> samples, int views, int dimension) {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
			if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
				return null; // made by another backbone or preprocessing (or an older layout): computed again
			}
			int n = in.readInt();
			int v = in.readInt();
			int d = in.readInt();
			if (n != samples.size() || v < views || d != dimension) {
				return null;
			}
			Map<Path, float[][]> map = new HashMap<>();
			for (int i = 0; i < n; i++) {
				Path file = Path.of(in.readUTF());
				float[][] f = new float[views][d];
				for (int j = 0; j < v; j++) {
					for (int k = 0; k < d; k++) {
						float x = in.readFloat();
						if (j < views) {
							f[j][k] = x;
						}
					}
				}
				map.put(file, f);
			}
			for (Sample s : samples) {
				if (!map.containsKey(s.file())) {
					return null;
				}
			}
			return new ProbeFeatures(views, d, map);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the feature cache " + cache, ex);
		}
	}

}
