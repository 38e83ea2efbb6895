package vn.nguon.grading.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.nguon.grading.model.onnx.Onnx.AttributeProto;
import vn.nguon.grading.model.onnx.Onnx.AttributeProto.AttributeType;
import vn.nguon.grading.model.onnx.Onnx.ModelProto;
import vn.nguon.grading.model.onnx.Onnx.TensorProto;
import vn.nguon.grading.training.SharedData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The ONNX export of a member runs on DJL's ONNX Runtime engine with the same logits as the PyTorch engine,
 * and its protobuf (protobuf-java, classes generated from onnx.proto) parses back as the model it describes.
 */
class OnnxExportTests {

	/**
	 * The exported bytes parse back as the model they describe: IR and opset versions, the symbolic batch
	 * dimension, metadata, initializers whose raw data holds exactly their elements, and nodes in an order
	 * where every input already exists. The field numbers are ONNX's (two spot checks on the wire form).
	 */
	@Test
	void exportedModelParsesBackAsTheOnnxItDescribes(@TempDir Path dir) throws IOException {
		Path model = randomModel(dir.resolve("model"));
		ModelProto onnx;
		ModelSpec spec;
		try (Ensemble pytorch = Ensemble.load(model)) {
			spec = pytorch.spec();
			onnx = ModelProto.parseFrom(Files.readAllBytes(OnnxExport.write(pytorch, dir.resolve("onnx")).get(0)));
		}
		assertThat(onnx.getIrVersion()).isEqualTo(OnnxExport.IR_VERSION);
		assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(OnnxExport.OPSET);
		assertThat(onnx.getMetadataPropsList()).anySatisfy(e -> {
			assertThat(e.getKey()).isEqualTo("member");
			assertThat(e.getValue()).isEqualTo("member-0");
		});
		var input = onnx.getGraph().getInput(0);
		assertThat(input.getName()).isEqualTo(OnnxExport.INPUT);
		var dims = input.getType().getTensorType().getShape().getDimList();
		assertThat(dims.get(0).getDimParam()).isEqualTo("N");
		assertThat(dims.subList(1, 4)).extracting(d -> d.getDimValue())
			.containsExactly(3L, (long) spec.preprocessing().size(), (long) spec.preprocessing().size());
		assertThat(onnx.getGraph().getOutput(0).getName()).isEqualTo(OnnxExport.OUTPUT);
		java.util.Set<String> known = new java.util.HashSet<>(List.of(OnnxExport.INPUT));
		for (var t : onnx.getGraph().getInitializerList()) {
			long elements = t.getDimsList().stream().reduce(1L, (x, y) -> x * y);
			assertThat(t.getRawData().size()).as(t.getName()).isEqualTo(elements * Float.BYTES);
			known.add(t.getName());
		}
		for (var node : onnx.getGraph().getNodeList()) {
			assertThat(known).as(node.getName()).containsAll(node.getInputList());
			known.addAll(node.getOutputList());
		}
		assertThat(known).contains(OnnxExport.OUTPUT);
		// AttributeProto.type is field 20 (a two-byte tag), INTS = 7; TensorProto.dims is field 1
		assertThat(HexFormat.of().formatHex(AttributeProto.newBuilder().setType(AttributeType.INTS).build().toByteArray()))
			.isEqualTo("a00107");
		assertThat(HexFormat.of().formatHex(TensorProto.newBuilder().addDims(150).build().toByteArray())).isEqualTo("089601");
	}

	@Test
	void pytorchStaysTheDefaultEngineNextToOnnxRuntime() {
		OnnxRuntime.engine();
		assertThat(Engine.getAllEngines()).contains(Natives.ENGINE, OnnxRuntime.ENGINE);
		assertThat(Engine.getDefaultEngineName()).isEqualTo(Natives.ENGINE);
	}

	/**
	 * A small random network with batch-norm variances near DJL's epsilon (so a wrong epsilon or a swapped
	 * gamma/beta/mean/variance shows), saved and reloaded as a model directory, then exported: every view's
	 * logits agree. Needs no data.
	 */
	@Test
	void exportedRandomNetworkComputesTheSameLogitsAsDjl(@TempDir Path dir) throws IOException {
		Path model = randomModel(dir.resolve("model"));
		float[] data = randomBatch(5, Ensemble.readSpec(model));
		try (Ensemble pytorch = Ensemble.load(model); Ensemble ort = OnnxRuntime.export(pytorch, dir.resolve("onnx"), 1)) {
			assertThat(ort.engine()).isEqualTo(OnnxRuntime.ENGINE);
			assertThat(dir.resolve("onnx").resolve("member-0.onnx")).isRegularFile();
			float[][] expected = logits(pytorch, data, 5, 8);
			float[][] actual = logits(ort, data, 5, 8);
			double scale = maxAbs(expected);
			assertThat(scale).as("logits are not degenerate").isGreaterThan(0.1);
			assertThat(maxAbsDifference(expected, actual) / scale).isLessThan(1e-4);
		}
	}

	@Test
	void servingWithOnnxRuntimeGivesThePyTorchProbabilities(@TempDir Path dir) {
		Path model = randomModel(dir);
		float[] data = randomBatch(3, Ensemble.readSpec(model));
		try (Ensemble pytorch = InferenceEngine.PYTORCH.serve(Ensemble.load(model));
				Ensemble ort = InferenceEngine.ONNXRUNTIME.serve(Ensemble.load(model))) {
			assertThat(pytorch.engine()).isEqualTo(Natives.ENGINE);
			assertThat(ort.engine()).isEqualTo(OnnxRuntime.ENGINE);
			double[][] expected = probabilities(pytorch, data, 3);
			double[][] actual = probabilities(ort, data, 3);
			for (int i = 0; i < 3; i++) {
				assertThat(actual[i]).containsExactly(expected[i], within(1e-5));
			}
		}
	}

	/**
	 * A linear head on the pretrained backbone (small input, random head), saved, reloaded and exported:
	 * the uneven "SAME" padding, the depthwise groups, ReLU6 and both pooled taps give the same logits on
	 * ONNX Runtime as on PyTorch.
	 */
	@Test
	void backboneMemberComputesTheSameLogitsOnOnnxRuntime(@TempDir Path dir) throws IOException {
		Natives.engine().setRandomSeed(11);
		Architecture arch = Architecture.onBackbone(Backbone.MOBILENET_V2_140, 0f);
		ModelSpec spec = new ModelSpec("onnx-backbone-1", List.of("tomato"), List.of("a", "b"), List.of("a", "b"),
				List.of(0, 1), new Preprocessing(64, new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.5f, 0.5f, 0.5f },
						0xFFFFFF), arch, List.of("member-0"), 1.0, 2, "0", "2026-01-01T00:00:00Z", null);
		Path model = dir.resolve("model");
		try (Model m = Model.newInstance("backbone", Natives.ENGINE)) {
			Block block = arch.build(spec.outputs());
			m.setBlock(block);
			block.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 64, 64));
			for (Pair<String, Parameter> p : block.getParameters()) {
				NDArray a = p.getValue().getArray();
				a.intern(m.getNDManager().randomNormal(0, 0.05f, a.getShape(), DataType.FLOAT32));
			}
			Ensemble.save(model, spec, List.of(block), null);
		}
		float[] data = randomBatch(3, spec);
		try (Ensemble pytorch = Ensemble.load(model); Ensemble ort = OnnxRuntime.export(pytorch, dir.resolve("onnx"), 1)) {
			float[][] expected = logits(pytorch, data, 3, 2);
			float[][] actual = logits(ort, data, 3, 2);
			double scale = maxAbs(expected);
			assertThat(scale).as("logits are not degenerate").isGreaterThan(0.1);
			assertThat(maxAbsDifference(expected, actual) / scale).isLessThan(1e-3);
		}
	}

	/**
	 * Writes a model directory with a small random network whose batch-norm variances are near DJL's
	 * epsilon, so that a wrong epsilon or a swapped gamma/beta/mean/variance shows in the logits.
	 */
	private static Path randomModel(Path dir) {
		Natives.engine().setRandomSeed(7);
		Architecture arch = new Architecture(2, List.of(6, 8, 12), 2, 0.3f);
		ModelSpec spec = new ModelSpec("onnx-test-1", List.of("tomato"), List.of("a", "b"), List.of("a1", "a2", "b1"),
				List.of(0, 0, 1), Preprocessing.of(24), arch, List.of("member-0"), 1.0, 8, "0", "2026-01-01T00:00:00Z", null);
		try (Model model = Model.newInstance("random", Natives.ENGINE)) {
			Block block = arch.build(spec.outputs());
			model.setBlock(block);
			NDManager m = model.getNDManager();
			block.initialize(m, DataType.FLOAT32, new Shape(1, 3, 24, 24));
			for (Pair<String, Parameter> p : block.getParameters()) {
				NDArray a = p.getValue().getArray();
				Shape s = a.getShape();
				if (p.getKey().endsWith("runningVar")) {
					a.intern(m.randomUniform(2e-5f, 2e-4f, s));
				}
				else if (p.getKey().endsWith("runningMean")) {
					a.intern(m.randomNormal(0, 0.01f, s, DataType.FLOAT32));
				}
				else if (p.getKey().endsWith("gamma")) {
					a.intern(m.randomUniform(0.5f, 1.5f, s));
				}
				else if (p.getKey().endsWith("beta")) {
					a.intern(m.randomNormal(0, 0.3f, s, DataType.FLOAT32));
				}
			}
			Ensemble.save(dir, spec, List.of(block), null);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static float[] randomBatch(int n, ModelSpec spec) {
		Random random = new Random(7);
		float[] data = new float[n * spec.preprocessing().tensorLength()];
		for (int i = 0; i < data.length; i++) {
			data[i] = (float) random.nextGaussian();
		}
		return data;
	}

	/**
	 * The shipped model on 32 held-out photos: the ONNX Runtime member gives the PyTorch member's logits
	 * for every test-time view within 1e-3, and the same top label.
	 */
	@Test
	void shippedModelGivesTheSameLogitsAndLabelsOnOnnxRuntime(@TempDir Path dir) throws IOException {
		Path test = SharedData.produceQuality().resolve("test");
		List<Path> all;
		try (Stream<Path> files = Files.walk(test)) {
			all = files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
		}
		int n = 32;
		assertThat(all).hasSizeGreaterThanOrEqualTo(n);
		List<Path> photos = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			photos.add(all.get(i * all.size() / n));
		}
		try (Ensemble pytorch = GraderRegistry.loadShipped("tomato");
				Ensemble ort = OnnxRuntime.export(pytorch, dir, 1)) {
			ModelSpec spec = pytorch.spec();
			Preprocessing pre = spec.preprocessing();
			float[] data = new float[n * pre.tensorLength()];
			for (int i = 0; i < n; i++) {
				pre.normalise(pre.square(Preprocessing.decode(Files.readAllBytes(photos.get(i)))), data,
						i * pre.tensorLength());
			}
			float[][] expected = logits(pytorch, data, n, spec.tta());
			float[][] actual = logits(ort, data, n, spec.tta());
			double difference = maxAbsDifference(expected, actual);
			System.out.printf("PyTorch vs ONNX Runtime on %d photos x %d views: max |logit difference| %.2e "
					+ "(largest |logit| %.2f)%n", n, spec.tta(), difference, maxAbs(expected));
			assertThat(difference).isLessThan(1e-3);

			double[][] p = Ensemble.probabilitiesFromLogits(spec, spec.temperature(), expected, n);
			double[][] q = Ensemble.probabilitiesFromLogits(spec, spec.temperature(), actual, n);
			for (int i = 0; i < n; i++) {
				assertThat(top(q[i])).as("top label of " + photos.get(i)).isEqualTo(top(p[i]));
			}
		}
	}

	private static float[][] logits(Ensemble ensemble, float[] data, int n, int tta) {
		List<Predictor<NDList, NDList>> predictors = ensemble.newPredictors();
		try {
			return ensemble.logits(predictors, data, n, tta);
		}
		finally {
			predictors.forEach(Predictor::close);
		}
	}

	private static double[][] probabilities(Ensemble ensemble, float[] data, int n) {
		List<Predictor<NDList, NDList>> predictors = ensemble.newPredictors();
		try {
			return ensemble.probabilities(predictors, data, n);
		}
		finally {
			predictors.forEach(Predictor::close);
		}
	}

	private static double maxAbsDifference(float[][] a, float[][] b) {
		assertThat(b.length).isEqualTo(a.length);
		double max = 0;
		for (int i = 0; i < a.length; i++) {
			assertThat(b[i]).hasSameSizeAs(a[i]);
			for (int j = 0; j < a[i].length; j++) {
				max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
			}
		}
		return max;
	}

	private static double maxAbs(float[][] a) {
		double max = 0;
		for (float[] row : a) {
			for (float v : row) {
				max = Math.max(max, Math.abs(v));
			}
		}
		return max;
	}

	private static int top(double[] p) {
		int best = 0;
		for (int i = 1; i < p.length; i++) {
			if (p[i] > p[best]) {
				best = i;
			}
		}
		return best;
	}

}
