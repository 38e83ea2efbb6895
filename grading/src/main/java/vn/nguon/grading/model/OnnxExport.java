package vn.nguon.grading.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import com.google.protobuf.ByteString;

import vn.nguon.grading.model.onnx.Onnx.AttributeProto;
import vn.nguon.grading.model.onnx.Onnx.AttributeProto.AttributeType;
import vn.nguon.grading.model.onnx.Onnx.GraphProto;
import vn.nguon.grading.model.onnx.Onnx.ModelProto;
import vn.nguon.grading.model.onnx.Onnx.NodeProto;
import vn.nguon.grading.model.onnx.Onnx.OperatorSetIdProto;
import vn.nguon.grading.model.onnx.Onnx.StringStringEntryProto;
import vn.nguon.grading.model.onnx.Onnx.TensorProto;
import vn.nguon.grading.model.onnx.Onnx.TensorShapeProto;
import vn.nguon.grading.model.onnx.Onnx.TypeProto;
import vn.nguon.grading.model.onnx.Onnx.ValueInfoProto;

/**
 * Writes an ensemble member as an ONNX model, so the same trained network runs on ONNX Runtime. The
 * graph mirrors {@link Architecture#build} node for node: {@code Conv} (no bias), {@code BatchNormalization}
 * (DJL's running statistics, epsilon 1e-5), {@code Relu}, {@code MaxPool} 2x2/2, {@code GlobalAveragePool},
 * {@code Flatten} and {@code Gemm} (DJL's {@code [out, in]} weight, so {@code transB = 1}); dropout is the
 * identity at inference and left out. Batch norm is kept as its own node rather than folded into the
 * convolution weights: every initializer is then exactly one DJL parameter, the export adds no arithmetic
 * of its own, and ONNX Runtime fuses Conv + BatchNormalization itself when it loads the graph.
 * <p>
 * Input {@value #INPUT}: float {@code [N, 3, S, S]} with a symbolic batch dimension; output
 * {@value #OUTPUT}: float {@code [N, outputs]}, the member's raw logits. Opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}. The messages are protobuf-java's, generated at build time from
 * {@code src/main/proto/onnx.proto} (the part of the ONNX IR this export uses).
 * <p>
 * Over 300 lines: one method per kind of ONNX node, mirroring {@link Architecture} and {@link Backbone} block
 * for block.
 */
public final class OnnxExport {

	/** The ONNX operator set version the graph uses. */
	public static final int OPSET = 17;

	/** The ONNX IR version of opsets 15 to 18. */
	public static final int IR_VERSION = 8;

	/** Name of the graph input. */
	public static final String INPUT = "input";

	/** Name of the graph output. */
	public static final String OUTPUT = "logits";

	/** File extension of an exported member. */
	public static final String EXTENSION = ".onnx";

	/**
	 * Epsilon of DJL's {@code BatchNorm} (its builder's default, which {@link Architecture#build} keeps;
	 * DJL exposes no getter, so it is restated here).
	 */
	static final float BATCH_NORM_EPSILON = 1e-5f;

	private OnnxExport() {
	}

	/**
	 * Writes every member of a loaded (PyTorch) ensemble as {@code <member>.onnx} into a directory.
	 * @param ensemble the loaded ensemble
	 * @param dir the directory (created)
	 * @return the written files, in member order
	 * @throws IOException when a file cannot be written
	 */
	public static List<Path> write(Ensemble ensemble, Path dir) throws IOException {
		Files.createDirectories(dir);
		ModelSpec spec = ensemble.spec();
		List<Path> files = new ArrayList<>();
		for (int i = 0; i < spec.members().size(); i++) {
			String member = spec.members().get(i);
			Path file = dir.resolve(member + EXTENSION);
			Files.write(file, toOnnx(spec, member, ensemble.block(i)));
			files.add(file);
		}
		return files;
	}

	/**
	 * Encodes one member network as an ONNX model.
	 * @param spec the model spec (architecture, input size, outputs)
	 * @param member the member's name, recorded in the model's metadata
	 * @param block the member's loaded network, as built by {@link Architecture#build}
	 * @return the serialised {@code ModelProto}
	 * @throws IllegalArgumentException when the block is not the network the architecture describes
	 */
	public static byte[] toOnnx(ModelSpec spec, String member, Block block) {
		if (!(block instanceof SequentialBlock)) {
			throw new IllegalArgumentException("expected the SequentialBlock built by Architecture, got " + block);
		}
		List<Block> layers = block.getChildren().values();
		Architecture arch = spec.architecture();
		Graph g = new Graph();
		if (arch.backbone() != null) {
			return backboneMember(spec, member, layers, g);
		}
		int at = 0;
		String x = INPUT;
		long channels = 3;
		for (int stage = 0; stage < arch.widths().size(); stage++) {
			if (stage > 0) {
				at++; // the max pooling lambda block
				x = g.node("MaxPool", List.of(x), ints("kernel_shape", 2, 2), ints("strides", 2, 2));
			}
			int convs = stage == 0 ? 1 : arch.depth();
			for (int d = 0; d < convs; d++) {
				Conv2d conv = layer(layers, at++, Conv2d.class);
				BatchNorm norm = layer(layers, at++, BatchNorm.class);
				at++; // the ReLU lambda block
				long filters = arch.widths().get(stage);
				String w = g.initializer(param(conv, "weight", new Shape(filters, channels, 3, 3)));
				Shape stride = conv.getStride();
				Shape pad = conv.getPadding();
				if (conv.isIncludeBias() || conv.getGroups() != 1) {
					throw new IllegalArgumentException("convolution " + at + " has a bias or groups, not exported");
				}
				x = g.node("Conv", List.of(x, w), ints("kernel_shape", conv.getKernelShape().getShape()),
						ints("strides", stride.getShape()),
						ints("pads", pad.get(0), pad.get(1), pad.get(0), pad.get(1)),
						ints("dilations", conv.getDilation().getShape()));
				Shape perChannel = new Shape(filters);
				String gamma = g.initializer(param(norm, "gamma", perChannel));
				String beta = g.initializer(param(norm, "beta", perChannel));
				String mean = g.initializer(param(norm, "runningMean", perChannel));
				String var = g.initializer(param(norm, "runningVar", perChannel));
				x = g.node("BatchNormalization", List.of(x, gamma, beta, mean, var),
						floatAttribute("epsilon", BATCH_NORM_EPSILON));
				x = g.node("Relu", List.of(x));
				channels = filters;
			}
		}
		at += 2; // global average pooling and flatten lambda blocks
		x = g.node("GlobalAveragePool", List.of(x));
		x = g.node("Flatten", List.of(x), intAttribute("axis", 1));
		if (arch.dropout() > 0) {
			layer(layers, at++, Dropout.class);
		}
		Linear head = layer(layers, at++, Linear.class);
		if (at != layers.size()) {
			throw new IllegalArgumentException("the block has " + layers.size() + " layers, the architecture " + at);
		}
		String w = g.initializer(param(head, "weight", new Shape(spec.outputs(), channels)));
		String b = g.initializer(param(head, "bias", new Shape(spec.outputs())));
		g.node("Gemm", List.of(x, w, b), OUTPUT, intAttribute("transB", 1));
		return model(spec, member, g);
	}

	/**
	 * A member on a {@link Backbone}: every layer as {@code Conv} (with its bias; {@code group} = channels
	 * for depthwise; TensorFlow's "SAME" padding written out as explicit, possibly uneven {@code pads}),
	 * {@code Clip} 0..6 for ReLU6 and {@code Add}; each tapped layer's {@code GlobalAveragePool} and
	 * {@code Flatten}, their {@code Concat}, then the head's {@code Gemm}.
	 */
	private static byte[] backboneMember(ModelSpec spec, String member, List<Block> layers, Graph g) {
		int at = 0;
		BackboneBlock features = layer(layers, at++, BackboneBlock.class);
		Backbone backbone = features.backbone();
		Map<String, String> values = new HashMap<>();
		Map<String, Integer> sides = new HashMap<>();
		values.put("input", INPUT);
		sides.put("input", spec.preprocessing().size());
		String zero = g.initializer(new Tensor("zero", new long[0], new float[] { 0 }));
		String six = g.initializer(new Tensor("six", new long[0], new float[] { 6 }));
		List<Backbone.Op> ops = backbone.ops();
		for (int i = 0; i <= backbone.lastNeeded(); i++) {
			Backbone.Op op = ops.get(i);
			String in = values.get(op.inputs().get(0));
			int side = sides.get(op.inputs().get(0));
			String y;
			if (op.convolution()) {
				String w = g.initializer(new Tensor("w", new long[] { op.channelsOut(), op.channelsIn() / op.groups(),
						op.kernel(), op.kernel() }, op.weight()));
				String b = g.initializer(new Tensor("b", new long[] { op.channelsOut() }, op.bias()));
				int[] pad = op.samePadding(side);
				y = g.node("Conv", List.of(in, w, b), ints("kernel_shape", op.kernel(), op.kernel()),
						ints("strides", op.stride(), op.stride()), ints("pads", pad[0], pad[0], pad[1], pad[1]),
						intAttribute("group", op.groups()));
				if (op.relu6()) {
					y = g.node("Clip", List.of(y, zero, six));
				}
				side = (side + op.stride() - 1) / op.stride();
			}
			else {
				y = g.node("Add", List.of(in, values.get(op.inputs().get(1))));
			}
			values.put(op.name(), y);
			sides.put(op.name(), side);
		}
		List<String> pooled = new ArrayList<>();
		for (String tap : backbone.taps()) {
			String p = g.node("GlobalAveragePool", List.of(values.get(tap)));
			pooled.add(g.node("Flatten", List.of(p), intAttribute("axis", 1)));
		}
		String x = g.node("Concat", pooled, intAttribute("axis", 1));
		if (at < layers.size() && layers.get(at) instanceof Dropout) {
			at++;
		}
		Linear head = layer(layers, at++, Linear.class);
		if (at != layers.size()) {
			throw new IllegalArgumentException("the block has " + layers.size() + " layers, the architecture " + at);
		}
		String w = g.initializer(param(head, "weight", new Shape(spec.outputs(), backbone.features())));
		String b = g.initializer(param(head, "bias", new Shape(spec.outputs())));
		g.node("Gemm", List.of(x, w, b), OUTPUT, intAttribute("transB", 1));
		return model(spec, member, g);
	}

	private static byte[] model(ModelSpec spec, String member, Graph g) {
		int s = spec.preprocessing().size();
		GraphProto graph = GraphProto.newBuilder()
			.addAllNode(g.nodes)
			.setName(spec.version() + "-" + member)
			.addAllInitializer(g.initializers)
			.addInput(floatValueInfo(INPUT, "N", 3, s, s))
			.addOutput(floatValueInfo(OUTPUT, "N", spec.outputs()))
			.build();
		return ModelProto.newBuilder()
			.setIrVersion(IR_VERSION)
			.setProducerName("nguon-grading")
			.setProducerVersion(spec.version())
			.setDocString("Member " + member + " of grading model " + spec.version() + ": raw logits over units "
					+ spec.units())
			.setGraph(graph)
			.addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(OPSET))
			.addMetadataProps(entry("model_version", spec.version()))
			.addMetadataProps(entry("member", member))
			.build()
			.toByteArray();
	}

	private static <T extends Block> T layer(List<Block> layers, int index, Class<T> type) {
		if (index >= layers.size() || !type.isInstance(layers.get(index))) {
			throw new IllegalArgumentException("layer " + index + " is not a " + type.getSimpleName()
					+ " as the architecture says: " + (index < layers.size() ? layers.get(index) : "missing"));
		}
		return type.cast(layers.get(index));
	}

	private static Tensor param(Block block, String name, Shape expected) {
		Parameter p = block.getParameters().get(name);
		if (p == null || !p.isInitialized()) {
			throw new IllegalArgumentException(block.getClass().getSimpleName() + " has no loaded " + name);
		}
		NDArray array = p.getArray();
		if (!array.getShape().equals(expected)) {
			throw new IllegalArgumentException(block.getClass().getSimpleName() + " " + name + " has shape "
					+ array.getShape() + ", expected " + expected);
		}
		return new Tensor(name, array.getShape().getShape(), array.toFloatArray());
	}

	private static AttributeProto ints(String name, long... values) {
		AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
		for (long v : values) {
			a.addInts(v);
		}
		return a.build();
	}

	private static AttributeProto intAttribute(String name, long value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
	}

	private static AttributeProto floatAttribute(String name, float value) {
		return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
	}

	private static StringStringEntryProto entry(String key, String value) {
		return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
	}

	/** A float tensor's {@code ValueInfoProto}; a {@code String} dimension is symbolic, a number fixed. */
	private static ValueInfoProto floatValueInfo(String name, Object... dims) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (Object d : dims) {
			TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
			if (d instanceof String param) {
				dim.setDimParam(param);
			}
			else {
				dim.setDimValue(((Number) d).longValue());
			}
			shape.addDim(dim);
		}
		TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)
			.setShape(shape)
			.build();
		return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
	}

	private record Tensor(String name, long[] dims, float[] data) {
	}

	/** Nodes and initializers in the order they are added, with generated value names. */
	private static final class Graph {

		private final List<NodeProto> nodes = new ArrayList<>();

		private final List<TensorProto> initializers = new ArrayList<>();

		private int values;

		String initializer(Tensor t) {
			String name = "p" + this.initializers.size() + "_" + t.name();
			ByteBuffer data = ByteBuffer.allocate(t.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
			data.asFloatBuffer().put(t.data());
			TensorProto.Builder tensor = TensorProto.newBuilder();
			for (long d : t.dims()) {
				tensor.addDims(d);
			}
			this.initializers.add(tensor.setDataType(TensorProto.DataType.FLOAT_VALUE)
				.setName(name)
				.setRawData(ByteString.copyFrom(data.array()))
				.build());
			return name;
		}

		String node(String op, List<String> inputs, AttributeProto... attributes) {
			return node(op, inputs, "v" + this.values++, attributes);
		}

		String node(String op, List<String> inputs, String output, AttributeProto... attributes) {
			this.nodes.add(NodeProto.newBuilder()
				.addAllInput(inputs)
				.addOutput(output)
				.setName(op + "_" + this.nodes.size())
				.setOpType(op)
				.addAllAttribute(List.of(attributes))
				.build());
			return output;
		}

	}

}
