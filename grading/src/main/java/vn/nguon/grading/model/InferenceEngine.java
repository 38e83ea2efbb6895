package vn.nguon.grading.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine a loaded model serves with. Models are always trained, saved and loaded with PyTorch;
 * {@link #ONNXRUNTIME} then exports the loaded members to ONNX and serves them with ONNX Runtime (the
 * same logits, a fraction of the CPU; see {@code PredictorBench}).
 */
public enum InferenceEngine {

	/** DJL's PyTorch engine, the default. */
	PYTORCH,

	/** DJL's ONNX Runtime engine on the members exported by {@link OnnxExport}. */
	ONNXRUNTIME;

	private static final Logger log = LoggerFactory.getLogger(InferenceEngine.class);

	/**
	 * Makes a loaded model serve with this engine. For {@link #ONNXRUNTIME} the members are exported into
	 * a temporary directory, loaded with one intra-op thread each (parallelism comes from the grader's
	 * workers), the directory is deleted (ONNX Runtime keeps the loaded graph in memory) and the PyTorch
	 * ensemble is closed.
	 * @param loaded a model loaded by {@link Ensemble#load} or {@link GraderRegistry}; owned by this call
	 * @return the ensemble to serve with, to be closed by the caller
	 */
	public Ensemble serve(Ensemble loaded) {
		if (this == PYTORCH) {
			return loaded;
		}
		Path dir = null;
		try {
			dir = Files.createTempDirectory("nguon-onnx-");
			return OnnxRuntime.export(loaded, dir, 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot export " + loaded.spec().version() + " to ONNX", ex);
		}
		finally {
			loaded.close();
			if (dir != null) {
				delete(dir);
			}
		}
	}

	private static void delete(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
			for (Path p : all) {
				Files.deleteIfExists(p);
			}
		}
		catch (IOException ex) {
			// the model is loaded; a leftover temporary file is no reason to refuse serving it
			log.warn("Temporary ONNX export {} not deleted: {}", dir, ex.getMessage());
		}
	}

}
