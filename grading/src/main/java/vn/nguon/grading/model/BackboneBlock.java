package vn.nguon.grading.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A {@link Backbone} as a DJL block: NCHW images in, {@code [N, features]} pooled features out. The
 * weights are constants of the block, not parameters: they are neither trained nor written to a member's
 * {@code .params} file (which then holds only what is trained on top), and are created in the model's
 * manager when the block is initialised.
 */
public final class BackboneBlock extends AbstractBlock {

	private static final byte VERSION = 1;

	private final Backbone backbone;

	private final Map<String, NDArray[]> constants = new HashMap<>();

	/**
	 * @param backbone the frozen backbone
	 */
	public BackboneBlock(Backbone backbone) {
		super(VERSION);
		this.backbone = backbone;
	}

	/** @return the backbone this block runs */
	public Backbone backbone() {
		return this.backbone;
	}

	@Override
	public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
		if (this.constants.isEmpty()) {
			for (Backbone.Op op : this.backbone.ops()) {
				if (op.convolution()) {
					NDArray w = Ensemble.tensor(manager, op.weight(), new Shape(op.channelsOut(),
							op.channelsIn() / op.groups(), op.kernel(), op.kernel()));
					NDArray b = Ensemble.tensor(manager, op.bias(), new Shape(op.channelsOut()));
					this.constants.put(op.name(), new NDArray[] { w, b });
				}
			}
		}
		super.initialize(manager, dataType, inputShapes);
	}

	@Override
	protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
			PairList<String, Object> params) {
		if (this.constants.isEmpty()) {
			throw new IllegalStateException("backbone block used before initialize");
		}
		NDArray batch = inputs.singletonOrThrow();
		long n = batch.getShape().get(0);
		if (n == 1) {
			return new NDList(features(batch));
		}
		// one image at a time: PyTorch's CPU depthwise convolutions on a batch of 16 took 256 ms per image
		// against 29 ms for the same images one by one (measured on this project's 2-core machine)
		NDList rows = new NDList();
		for (long i = 0; i < n; i++) {
			rows.add(features(batch.get(i).expandDims(0)));
		}
		return new NDList(ai.djl.ndarray.NDArrays.concat(rows, 0));
	}

	/**
	 * The features of one image. Its 60-odd intermediate activations (up to 14 MB each) live in a manager
	 * closed right after: kept until the caller's manager closes, a batch of photos and views pinned
	 * gigabytes of fresh memory and ran several times slower.
	 */
	private NDArray features(NDArray image) {
		NDManager parent = image.getManager();
		try (NDManager scratch = parent.newSubManager()) {
			NDArray x = image.duplicate();
			x.attach(scratch);
			Map<String, NDArray> values = new HashMap<>();
			values.put("input", x);
			List<Backbone.Op> ops = this.backbone.ops();
			int last = this.backbone.lastNeeded();
			for (int i = 0; i <= last; i++) {
				Backbone.Op op = ops.get(i);
				NDArray y;
				if (op.convolution()) {
					y = convolve(op, values.get(op.inputs().get(0)));
				}
				else {
					y = values.get(op.inputs().get(0)).add(values.get(op.inputs().get(1)));
				}
				values.put(op.name(), y);
			}
			NDList pooled = new NDList();
			for (String tap : this.backbone.taps()) {
				NDArray v = values.get(tap);
				pooled.add(v.reshape(v.getShape().get(0), v.getShape().get(1), -1).mean(new int[] { 2 }));
			}
			NDArray out = ai.djl.ndarray.NDArrays.concat(pooled, 1);
			out.attach(parent);
			return out;
		}
	}

	private NDArray convolve(Backbone.Op op, NDArray in) {
		return convolve(op, this.constants.get(op.name()), in);
	}

	/**
	 * One convolution of the backbone as TensorFlow computes it ("SAME" padding, extra pixel after).
	 * @param op the operation
	 * @param wb its weights and bias
	 * @param in input {@code [N, C, H, W]}
	 * @return the output, clipped to 0..6 when the operation ends in ReLU6
	 */
	public static NDArray convolve(Backbone.Op op, NDArray[] wb, NDArray in) {
		long h = in.getShape().get(2);
		long w = in.getShape().get(3);
		int[] ph = op.samePadding((int) h);
		int[] pw = op.samePadding((int) w);
		NDArray x = in;
		Shape padding;
		if (ph[0] == ph[1] && pw[0] == pw[1]) {
			padding = new Shape(ph[0], pw[0]);
		}
		else {
			// odd total: TensorFlow pads the extra pixel after; PyTorch's padding is symmetric, so pad here
			x = in.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
			padding = new Shape(0, 0);
		}
		NDArray y = Conv2d.conv2d(x, wb[0], wb[1], new Shape(op.stride(), op.stride()), padding, new Shape(1, 1),
				op.groups()).singletonOrThrow();
		return op.relu6() ? y.clip(0, 6) : y;
	}

	@Override
	public Shape[] getOutputShapes(Shape[] inputShapes) {
		return new Shape[] { new Shape(inputShapes[0].get(0), this.backbone.features()) };
	}

	@Override
	public String toString() {
		return "BackboneBlock(" + this.backbone.name() + ")";
	}

}
