package vn.nguon.grading.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;

/**
 * Runs an ensemble's members on DJL's ONNX Runtime engine: the members are exported with
 * {@link OnnxExport} ({@code <member>.onnx}) and loaded with the {@value #ENGINE} engine into an
 * {@link Ensemble} whose predictors run on ONNX Runtime, while test-time views, temperature and the label
 * sums stay the shared {@link Ensemble#logits} path (computed with PyTorch arrays). The PyTorch engine
 * stays DJL's default engine: every model here names its engine.
 * <p>
 * ONNX Runtime cannot take PyTorch arrays: each forward call copies the batch view into a float array
 * and an ONNX Runtime tensor, and the logits back into a PyTorch array.
 */
public final class OnnxRuntime {

	/** DJL's name of the ONNX Runtime engine. */
	public static final String ENGINE = "OnnxRuntime";

	private static volatile Engine engine;

	private OnnxRuntime() {
	}

	/**
	 * Loads the ONNX Runtime engine (natives from the {@code com.microsoft.onnxruntime:onnxruntime} jar,
	 * nothing downloaded), after the PyTorch engine which it needs for the test-time views.
	 * @return the engine
	 * @throws IllegalStateException when it cannot be loaded
	 */
	public static Engine engine() {
		Engine e = engine;
		if (e != null) {
			return e;
		}
		synchronized (OnnxRuntime.class) {
			if (engine == null) {
				Natives.engine();
				try {
					engine = Engine.getEngine(ENGINE);
				}
				catch (RuntimeException | UnsatisfiedLinkError ex) {
					throw new IllegalStateException("The ONNX Runtime engine could not be loaded. Put "
							+ "ai.djl.onnxruntime:onnxruntime-engine and com.microsoft.onnxruntime:onnxruntime "
							+ "on the class path (they are in grading's pom). Cause: " + ex.getMessage(), ex);
				}
			}
			return engine;
		}
	}

	/**
	 * Exports the members of a loaded PyTorch ensemble into a directory and loads them with ONNX Runtime.
	 * The source ensemble is not needed afterwards.
	 * @param source a loaded ensemble on the PyTorch engine
	 * @param dir where {@code <member>.onnx} are written (e.g. a temporary directory)
	 * @param intraOpThreads ONNX Runtime threads per forward pass (1 runs on the caller's thread only)
	 * @return an ensemble with the same spec on ONNX Runtime, to be closed by the caller
	 * @throws IOException when the export cannot be written
	 */
	public static Ensemble export(Ensemble source, Path dir, int intraOpThreads) throws IOException {
		OnnxExport.write(source, dir);
		return load(source.spec(), dir, intraOpThreads);
	}

	/**
	 * Loads exported members ({@code <member>.onnx} in a directory) with ONNX Runtime.
	 * @param spec the model's spec
	 * @param dir the directory holding the exported members
	 * @param intraOpThreads ONNX Runtime threads per forward pass (1 runs on the caller's thread only)
	 * @return an ensemble on ONNX Runtime, to be closed by the caller
	 * @throws IOException when a member cannot be read
	 */
	public static Ensemble load(ModelSpec spec, Path dir, int intraOpThreads) throws IOException {
		if (intraOpThreads < 1 || intraOpThreads > 64) {
			throw new IllegalArgumentException("intraOpThreads must be 1..64");
		}
		engine();
		List<Model> models = new ArrayList<>();
		NDManager arrays = null;
		try {
			for (String member : spec.members()) {
				if (!Files.isRegularFile(dir.resolve(member + OnnxExport.EXTENSION))) {
					throw new IOException("no " + member + OnnxExport.EXTENSION + " in " + dir);
				}
				Model model = Model.newInstance(spec.version() + "-" + member, Device.cpu(), ENGINE);
				models.add(model);
				model.load(dir, member, Map.of("intraOpNumThreads", Integer.toString(intraOpThreads),
						"interOpNumThreads", "1"));
			}
			arrays = NDManager.newBaseManager(Device.cpu(), Natives.ENGINE);
			NDManager ort = models.get(0).getNDManager();
			return new Ensemble(spec, models, ENGINE, arrays, p -> forward(p, ort), List.of(arrays));
		}
		catch (IOException | MalformedModelException | RuntimeException ex) {
			models.forEach(Model::close);
			if (arrays != null) {
				arrays.close();
			}
			if (ex instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException("model " + spec.version() + " cannot be loaded by ONNX Runtime from "
					+ dir + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The forward function of an ONNX Runtime predictor for {@link Ensemble#logits}: the (PyTorch) batch is
	 * copied into an ONNX Runtime tensor, and the logits back into a PyTorch array owned by the batch's
	 * manager.
	 * @param predictor a predictor of an ONNX Runtime model
	 * @param ort a manager of the ONNX Runtime engine for the temporary tensors
	 * @return the forward function
	 */
	static Function<NDList, NDList> forward(Predictor<NDList, NDList> predictor, NDManager ort) {
		return in -> {
			NDArray x = in.singletonOrThrow();
			try (NDManager sub = ort.newSubManager()) {
				NDArray input = sub.create(x.toFloatArray(), x.getShape());
				input.setName(OnnxExport.INPUT);
				NDList out = predictor.predict(new NDList(input));
				NDArray logits = out.singletonOrThrow();
				float[] values = logits.toFloatArray();
				Shape shape = logits.getShape();
				out.close();
				return new NDList(Ensemble.tensor(x.getManager(), values, shape));
			}
			catch (TranslateException ex) {
				throw new IllegalStateException("ONNX Runtime inference failed: " + ex.getMessage(), ex);
			}
		};
	}

}
