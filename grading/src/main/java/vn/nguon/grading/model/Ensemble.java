package vn.nguon.grading.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A loaded model: its {@link ModelSpec} and one DJL model per ensemble member, loaded once. The model
 * directory holds {@code model.json} (the spec), {@code synset.txt} (labels), one {@code <member>.params}
 * per member, {@code metrics.json} and {@code dataset.sha256}. Also the one place turning logits into
 * calibrated label probabilities (temperature, test-time views, ensemble average), for training and
 * inference alike. The members run on DJL's PyTorch engine, or on ONNX Runtime for an ensemble made by
 * {@link OnnxRuntime}; both share that path.
 * <p>
 * Over 300 lines: loading, saving and the logits-to-probabilities path are one contract of the model directory,
 * shared by training and both engines.
 */
public final class Ensemble implements AutoCloseable {

	/** File of the model specification in a model directory. */
	public static final String SPEC_FILE = "model.json";

	/** File of the evaluation metrics in a model directory. */
	public static final String METRICS_FILE = "metrics.json";

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final ModelSpec spec;

	private final List<Model> models;

	private final String engine;

	private final NDManager arrays;

	private final Function<Predictor<NDList, NDList>, Function<NDList, NDList>> forward;

	private final List<AutoCloseable> owned;

	private Ensemble(ModelSpec spec, List<Model> models) {
		this(spec, models, Natives.ENGINE, models.get(0).getNDManager(), Ensemble::forward, List.of());
	}

	/**
	 * @param spec the spec
	 * @param models one loaded model per member
	 * @param engine the engine the models run on
	 * @param arrays a PyTorch manager for the input batch, its test-time views and the logits
	 * @param forward turns a member's predictor into the forward function of {@link #logits}
	 * @param owned closed with this ensemble, after the models
	 */
	Ensemble(ModelSpec spec, List<Model> models, String engine, NDManager arrays,
			Function<Predictor<NDList, NDList>, Function<NDList, NDList>> forward, List<AutoCloseable> owned) {
		if (models.size() != spec.members().size()) {
			throw new IllegalArgumentException(models.size() + " models for " + spec.members().size() + " members");
		}
		this.spec = spec;
		this.models = List.copyOf(models);
		this.engine = engine;
		this.arrays = arrays;
		this.forward = forward;
		this.owned = List.copyOf(owned);
	}

	/** @return the specification */
	public ModelSpec spec() {
		return this.spec;
	}

	/** @return the DJL engine the members run on ({@link Natives#ENGINE} or {@link OnnxRuntime#ENGINE}) */
	public String engine() {
		return this.engine;
	}

	/**
	 * @param member index of a member
	 * @return its trained network (only for an ensemble on the PyTorch engine, e.g. to export it)
	 */
	Block block(int member) {
		if (!Natives.ENGINE.equals(this.engine)) {
			throw new IllegalStateException("the members of a " + this.engine + " ensemble are not DJL blocks");
		}
		return this.models.get(member).getBlock();
	}

	/**
	 * Reads the specification of a model directory.
	 * @param dir the model directory
	 * @return its spec
	 */
	public static ModelSpec readSpec(Path dir) {
		try {
			return JSON.readValue(Files.readString(dir.resolve(SPEC_FILE)), ModelSpec.class);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + dir.resolve(SPEC_FILE), ex);
		}
	}

	/**
	 * Loads a model directory (once per process and model: keep the result).
	 * @param dir the model directory
	 * @return the loaded ensemble
	 */
	public static Ensemble load(Path dir) {
		ModelSpec spec = readSpec(dir);
		List<InputStream> streams = new ArrayList<>();
		try {
			for (String member : spec.members()) {
				streams.add(Files.newInputStream(dir.resolve(member + ".params")));
			}
			return load(spec, streams);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read model parameters in " + dir, ex);
		}
		finally {
			for (InputStream in : streams) {
				try {
					in.close();
				}
				catch (IOException ignored) {
					// nothing to do
				}
			}
		}
	}

	/**
	 * Loads a model from its spec and the parameter streams of its members (e.g. class path resources).
	 * @param spec the model spec
	 * @param params one stream per member, in member order
	 * @return the loaded ensemble
	 */
	public static Ensemble load(ModelSpec spec, List<InputStream> params) {
		Natives.engine();
		List<Model> models = new ArrayList<>();
		try {
			for (int i = 0; i < spec.members().size(); i++) {
				Model model = Model.newInstance(spec.version() + "-" + spec.members().get(i), Device.cpu(), Natives.ENGINE);
				Block block = spec.architecture().build(spec.outputs());
				model.setBlock(block);
				int s = spec.preprocessing().size();
				block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3, s, s));
				block.loadParameters(model.getNDManager(), new DataInputStream(new BufferedInputStream(params.get(i))));
				ownParameters(block);
				models.add(model);
			}
			return new Ensemble(spec, List.copyOf(models));
		}
		catch (IOException | MalformedModelException ex) {
			models.forEach(Model::close);
			throw new IllegalStateException("model " + spec.version() + " has unreadable parameters: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Makes every parameter tensor own its memory. DJL's PyTorch engine creates loaded arrays over
	 * direct buffers that the JVM may free; without this copy a loaded model computes on garbage once
	 * the garbage collector has run (seen as NaN or wrong verdicts that change from run to run).
	 * @param block a block whose parameters were just loaded
	 */
	public static void ownParameters(Block block) {
		for (var p : block.getParameters()) {
			NDArray array = p.getValue().getArray();
			array.intern(array.duplicate());
		}
	}

	/**
	 * Creates a float tensor whose memory is owned by the engine (copied from a direct buffer the caller
	 * keeps reachable until the copy is made), for the same reason as {@link #ownParameters}.
	 */
	public static NDArray tensor(NDManager manager, float[] data, Shape shape) {
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(data.length * 4).order(java.nio.ByteOrder.nativeOrder());
		buffer.asFloatBuffer().put(data);
		NDArray view = manager.create(buffer, shape, DataType.FLOAT32);
		NDArray owned = view.duplicate();
		java.lang.ref.Reference.reachabilityFence(buffer);
		view.close();
		return owned;
	}

	/**
	 * Writes a model directory.
	 * @param dir the directory (created)
	 * @param spec the spec; {@code members} name the blocks in order
	 * @param blocks the trained member networks
	 * @param metricsJson the evaluation metrics as JSON
	 */
	public static void save(Path dir, ModelSpec spec, List<Block> blocks, String metricsJson) throws IOException {
		Files.createDirectories(dir);
		for (int i = 0; i < blocks.size(); i++) {
			try (OutputStream out = Files.newOutputStream(dir.resolve(spec.members().get(i) + ".params"));
					DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
				blocks.get(i).saveParameters(data);
			}
		}
		Files.writeString(dir.resolve(SPEC_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
		Files.writeString(dir.resolve("synset.txt"), String.join("\n", spec.labels()) + "\n");
		Files.writeString(dir.resolve("dataset.sha256"), spec.datasetSha256() + "\n");
		if (metricsJson != null) {
			Files.writeString(dir.resolve(METRICS_FILE), metricsJson);
		}
	}

	/**
	 * Opens one predictor per member. A predictor is not thread-safe: one list per worker thread.
	 * @return new predictors, to be closed by the caller
	 */
	public List<Predictor<NDList, NDList>> newPredictors() {
		List<Predictor<NDList, NDList>> list = new ArrayList<>();
		for (Model m : this.models) {
			list.add(m.newPredictor(new NoopTranslator()));
		}
		return list;
	}

	/**
	 * Label probabilities of a batch with the given predictors (one per member).
	 * @param predictors from {@link #newPredictors()}
	 * @param data {@code n} preprocessed tensors back to back
	 * @param n the batch size
	 * @return {@code n} rows of label probabilities
	 */
	public double[][] probabilities(List<Predictor<NDList, NDList>> predictors, float[] data, int n) {
		List<Function<NDList, NDList>> forwards = forwards(predictors);
		try (NDManager manager = this.arrays.newSubManager()) {
			return probabilities(this.spec, this.spec.temperature(), this.spec.tta(), manager, data, n, forwards);
		}
	}

	/**
	 * Raw logits of a batch with the given predictors, as {@link #logits(ModelSpec, int, NDManager, float[], int, List)}
	 * with this model's test-time views.
	 * @param predictors from {@link #newPredictors()}
	 * @param data {@code n} preprocessed tensors back to back
	 * @param n the batch size
	 * @param tta number of test-time views
	 * @return {@code [member * tta + view][row * outputs + unit]}
	 */
	public float[][] logits(List<Predictor<NDList, NDList>> predictors, float[] data, int n, int tta) {
		List<Function<NDList, NDList>> forwards = forwards(predictors);
		try (NDManager manager = this.arrays.newSubManager()) {
			return logits(this.spec, tta, manager, data, n, forwards);
		}
	}

	private List<Function<NDList, NDList>> forwards(List<Predictor<NDList, NDList>> predictors) {
		List<Function<NDList, NDList>> forwards = new ArrayList<>();
		for (Predictor<NDList, NDList> p : predictors) {
			forwards.add(this.forward.apply(p));
		}
		return forwards;
	}

	/**
	 * The forward function of a predictor whose engine takes the arrays of {@link #logits} as they are.
	 * @param p a predictor
	 * @return its forward function
	 */
	static Function<NDList, NDList> forward(Predictor<NDList, NDList> p) {
		return in -> {
			try {
				return p.predict(in);
			}
			catch (TranslateException ex) {
				throw new IllegalStateException("inference failed: " + ex.getMessage(), ex);
			}
		};
	}

	/**
	 * The shared logits-to-probabilities path: for each member and each test-time view, forward the batch,
	 * softmax at the temperature, sum per label and average.
	 * @param spec the model spec (labels, units, preprocessing)
	 * @param temperature calibration temperature
	 * @param tta number of views (1..8: identity, h-flip, v-flip, both, then the same transposed)
	 * @param manager manager owning the temporary arrays
	 * @param data the batch, {@code n} tensors back to back
	 * @param n batch size
	 * @param members forward functions, one per member (inference mode)
	 * @return {@code n} rows of label probabilities
	 */
	public static double[][] probabilities(ModelSpec spec, double temperature, int tta, NDManager manager, float[] data,
			int n, List<Function<NDList, NDList>> members) {
		float[][] logits = logits(spec, tta, manager, data, n, members);
		return probabilitiesFromLogits(spec, temperature, logits, n);
	}

	/**
	 * Raw logits of every member and view, as {@code [member * tta + view][row * outputs + unit]}.
	 */
	public static float[][] logits(ModelSpec spec, int tta, NDManager manager, float[] data, int n,
			List<Function<NDList, NDList>> members) {
		int s = spec.preprocessing().size();
		float[][] out = new float[members.size() * tta][];
		try (NDManager sub = manager.newSubManager()) {
			NDArray x = tensor(sub, data, new Shape(n, 3, s, s));
			for (int v = 0; v < tta; v++) {
				NDArray view = view(x, v);
				for (int m = 0; m < members.size(); m++) {
					NDList result = members.get(m).apply(new NDList(view));
					out[m * tta + v] = result.singletonOrThrow().toFloatArray();
				}
			}
		}
		return out;
	}

	/** Averages softmax(logits / T) summed per label over all member-view rows of {@link #logits}. */
	public static double[][] probabilitiesFromLogits(ModelSpec spec, double temperature, float[][] logits, int n) {
		int k = spec.labels().size();
		int units = spec.outputs();
		double[][] p = new double[n][k];
		double w = 1.0 / logits.length;
		for (float[] l : logits) {
			for (int r = 0; r < n; r++) {
				spec.addLabelProbabilities(l, r * units, temperature, p[r], w);
			}
		}
		return p;
	}

	/**
	 * A test-time view of an NCHW batch: bit 4 transposes, bit 1 flips horizontally, bit 2 vertically.
	 * @param x the batch
	 * @param v the view, 0..7
	 * @return the view
	 */
	public static NDArray view(NDArray x, int v) {
		NDArray y = x;
		if ((v & 4) != 0) {
			y = y.transpose(0, 1, 3, 2);
		}
		if ((v & 1) != 0) {
			y = y.flip(3);
		}
		if ((v & 2) != 0) {
			y = y.flip(2);
		}
		return y;
	}

	@Override
	public void close() {
		this.models.forEach(Model::close);
		for (AutoCloseable c : this.owned) {
			try {
				c.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("cannot close " + c + ": " + ex.getMessage(), ex);
			}
		}
	}

}
