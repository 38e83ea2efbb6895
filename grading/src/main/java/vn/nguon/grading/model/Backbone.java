package vn.nguon.grading.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A pretrained, frozen feature extractor shipped with the library as data: a layer list
 * ({@code graph.json}) and its 8-bit quantised weights ({@code weights.bin}) under
 * {@code /backbones/<name>/}, made once by {@code grading/tools/nsfwjs-backbone.cjs} from a package of the
 * npm registry (nothing is downloaded at run time). The one backbone shipped, {@value #MOBILENET_V2_140},
 * is the ImageNet-initialised MobileNetV2 of width 1.4 inside {@code nsfwjs@4.4.0} (MIT, Copyright (c) 2019
 * Infinite Red; the notice is {@code LICENSE-nsfwjs.txt} next to the weights): batch norm folded into
 * each convolution's bias, ReLU6, TensorFlow's "SAME" padding.
 * <p>
 * The features of a photo are the spatial means of two layers: the last one ({@code Conv_1}, 1,792
 * channels) and the expansion of block 13 (816 channels at 14 x 14), which still sees texture at a finer
 * scale (spots, wrinkles) that the last layer has pooled away. The weights are dequantised here once per
 * process (about 24 MB of floats) and converted to PyTorch's layouts: convolution {@code HWIO -> OIHW},
 * depthwise {@code [kh, kw, C, 1] -> [C, 1, kh, kw]}.
 */
public final class Backbone {

	/** MobileNetV2, width 1.4, 224 x 224 input scaled to -1..1. */
	public static final String MOBILENET_V2_140 = "mobilenet-v2-140";

	/** The inner layer whose pooled activations join the last layer's. */
	static final String INNER_TAP = "MobilenetV2/expanded_conv_13/expand/Relu6";

	private static final Map<String, Backbone> LOADED = new ConcurrentHashMap<>();

	/** Where a quantised tensor sits in {@code weights.bin}: value = byte * scale + min. */
	record Tensor(List<Integer> shape, int offset, double min, double scale) {

		int length() {
			int n = 1;
			for (int d : this.shape) {
				n *= d;
			}
			return n;
		}

		float[] dequantise(byte[] data) {
			float[] out = new float[length()];
			for (int i = 0; i < out.length; i++) {
				out[i] = (float) ((data[this.offset + i] & 0xff) * this.scale + this.min);
			}
			return out;
		}

	}

	/**
	 * One layer: {@code conv} or {@code depthwise} (bias, optional ReLU6) on {@code input}, or {@code add} of
	 * {@code inputs}.
	 */
	record Layer(String op, String name, String input, List<String> inputs, Integer stride, Boolean relu6,
			Tensor weight, Tensor bias) {
	}

	/** The contents of {@code graph.json}. */
	record Graph(String source, int inputSize, double inputScale, double inputShift, String layout, String output,
			List<Layer> layers) {
	}

	/**
	 * A layer ready to run: its kind, kernel size, stride, padding and weights in PyTorch layout.
	 * @param kind {@code conv}, {@code depthwise} or {@code add}
	 * @param name layer name (the TensorFlow node name)
	 * @param inputs the layers it reads ({@code input} is the image)
	 * @param kernel kernel side (1 or 3)
	 * @param stride stride (1 or 2)
	 * @param channelsIn input channels
	 * @param channelsOut output channels
	 * @param relu6 whether ReLU6 follows the bias
	 * @param weight weights, OIHW ({@code [C, 1, k, k]} for depthwise)
	 * @param bias one bias per output channel
	 */
	public record Op(String kind, String name, List<String> inputs, int kernel, int stride, int channelsIn,
			int channelsOut, boolean relu6, float[] weight, float[] bias) {

		/** @return whether this is a convolution (plain or depthwise) */
		public boolean convolution() {
			return !"add".equals(this.kind);
		}

		/** @return convolution groups: the channels for depthwise, else 1 */
		public int groups() {
			return "depthwise".equals(this.kind) ? this.channelsIn : 1;
		}

		/**
		 * TensorFlow "SAME" padding on a side of {@code size} pixels: {@code [before, after]}, the extra pixel
		 * after (bottom, right) when the total is odd.
		 * @param size input height or width
		 * @return padding before and after
		 */
		public int[] samePadding(int size) {
			int out = (size + this.stride - 1) / this.stride;
			int total = Math.max((out - 1) * this.stride + this.kernel - size, 0);
			return new int[] { total / 2, total - total / 2 };
		}

	}

	private final String name;

	private final Graph graph;

	private final List<Op> ops;

	private final List<String> taps;

	private final int features;

	private Backbone(String name, Graph graph, List<Op> ops) {
		this.name = name;
		this.graph = graph;
		this.ops = List.copyOf(ops);
		this.taps = List.of(graph.output(), INNER_TAP);
		int n = 0;
		for (String tap : this.taps) {
			n += op(tap).channelsOut();
		}
		this.features = n;
	}

	/**
	 * The backbone of that name, loaded from the class path once per process.
	 * @param name e.g. {@value #MOBILENET_V2_140}
	 * @return the backbone
	 * @throws IllegalArgumentException when no such backbone ships
	 */
	public static Backbone named(String name) {
		if (name == null || !name.matches("[a-z0-9-]{1,40}")) {
			throw new IllegalArgumentException("not a backbone name: " + name);
		}
		return LOADED.computeIfAbsent(name, Backbone::load);
	}

	private static Backbone load(String name) {
		String base = "/backbones/" + name + "/";
		Graph graph;
		byte[] data;
		try (InputStream g = Backbone.class.getResourceAsStream(base + "graph.json");
				InputStream w = Backbone.class.getResourceAsStream(base + "weights.bin")) {
			if (g == null || w == null) {
				throw new IllegalArgumentException("no backbone " + name + " on the class path (" + base + ")");
			}
			graph = Ensemble.JSON.readValue(g, Graph.class);
			data = w.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read backbone " + name, ex);
		}
		Map<String, Integer> channels = new LinkedHashMap<>();
		channels.put("input", 3);
		List<Op> ops = new java.util.ArrayList<>();
		for (Layer l : graph.layers()) {
			Op op = switch (l.op()) {
				case "conv" -> conv(l, data);
				case "depthwise" -> depthwise(l, data);
				case "add" -> new Op("add", l.name(), List.copyOf(l.inputs()), 0, 1, channels.get(l.inputs().get(0)),
						channels.get(l.inputs().get(0)), false, null, null);
				default -> throw new IllegalStateException("backbone " + name + ": unknown layer " + l.op());
			};
			for (String in : op.inputs()) {
				if (!channels.containsKey(in)) {
					throw new IllegalStateException("backbone " + name + ": " + op.name() + " reads unknown " + in);
				}
			}
			if (op.convolution() && channels.get(op.inputs().get(0)) != op.channelsIn()) {
				throw new IllegalStateException("backbone " + name + ": channel mismatch at " + op.name());
			}
			channels.put(op.name(), op.channelsOut());
			ops.add(op);
		}
		return new Backbone(name, graph, ops);
	}

	private static Op conv(Layer l, byte[] data) {
		List<Integer> s = l.weight().shape(); // H, W, I, O
		int k = s.get(0);
		int in = s.get(2);
		int out = s.get(3);
		float[] hwio = l.weight().dequantise(data);
		float[] oihw = new float[hwio.length];
		for (int h = 0; h < k; h++) {
			for (int w = 0; w < k; w++) {
				for (int i = 0; i < in; i++) {
					for (int o = 0; o < out; o++) {
						oihw[((o * in + i) * k + h) * k + w] = hwio[((h * k + w) * in + i) * out + o];
					}
				}
			}
		}
		return new Op("conv", l.name(), List.of(l.input()), k, l.stride(), in, out, Boolean.TRUE.equals(l.relu6()), oihw,
				l.bias().dequantise(data));
	}

	private static Op depthwise(Layer l, byte[] data) {
		List<Integer> s = l.weight().shape(); // H, W, C, 1
		int k = s.get(0);
		int c = s.get(2);
		float[] hwc = l.weight().dequantise(data);
		float[] c1hw = new float[hwc.length];
		for (int h = 0; h < k; h++) {
			for (int w = 0; w < k; w++) {
				for (int ch = 0; ch < c; ch++) {
					c1hw[(ch * k + h) * k + w] = hwc[(h * k + w) * c + ch];
				}
			}
		}
		return new Op("depthwise", l.name(), List.of(l.input()), k, l.stride(), c, c, Boolean.TRUE.equals(l.relu6()), c1hw,
				l.bias().dequantise(data));
	}

	/** @return the backbone's name */
	public String name() {
		return this.name;
	}

	/** @return where the weights come from (package, version, licence) */
	public String source() {
		return this.graph.source();
	}

	/** @return the input side the weights were trained at */
	public int inputSize() {
		return this.graph.inputSize();
	}

	/** @return the layers in execution order */
	public List<Op> ops() {
		return this.ops;
	}

	/** @return the layers whose spatial means, concatenated in this order, are the features */
	public List<String> taps() {
		return this.taps;
	}

	/** @return the number of features of a photo */
	public int features() {
		return this.features;
	}

	/**
	 * @param name a layer name
	 * @return that layer
	 */
	public Op op(String name) {
		for (Op op : this.ops) {
			if (op.name().equals(name)) {
				return op;
			}
		}
		throw new IllegalArgumentException("backbone " + this.name + " has no layer " + name);
	}

	/**
	 * The last layer the features need: layers after it are not run.
	 * @return its index in {@link #ops()}
	 */
	public int lastNeeded() {
		int last = 0;
		for (int i = 0; i < this.ops.size(); i++) {
			if (this.taps.contains(this.ops.get(i).name())) {
				last = i;
			}
		}
		return last;
	}

}
