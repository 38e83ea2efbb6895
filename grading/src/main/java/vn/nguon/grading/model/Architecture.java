package vn.nguon.grading.model;

import java.util.List;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * A compact convolutional network described as data: a stem convolution (stride {@code stemStride}),
 * then one stage per width of {@code depth} 3x3 convolutions with batch norm and ReLU followed by
 * 2x2 max pooling (none after the last stage), global average pooling, dropout and a linear head.
 * Saved in the model directory so the same network is rebuilt to load its parameters.
 * <p>
 * With a {@code backbone}, the network is instead that pretrained, frozen {@link Backbone}'s pooled
 * features, dropout and a linear head (the only trained part); {@code widths} and {@code depth} are then
 * unused.
 *
 * @param stemStride stride of the first convolution (1 or 2)
 * @param widths channels of each stage, the first is the stem's
 * @param depth convolutions per stage after the stem
 * @param dropout dropout rate before the head
 * @param backbone name of a shipped {@link Backbone} ({@code null} for the compact network)
 */
public record Architecture(int stemStride, List<Integer> widths, int depth, float dropout, String backbone) {

	/**
	 * The compact network without a backbone.
	 */
	public Architecture(int stemStride, List<Integer> widths, int depth, float dropout) {
		this(stemStride, widths, depth, dropout, null);
	}

	/**
	 * A linear head on a pretrained backbone.
	 * @param backbone name of the backbone
	 * @param dropout dropout before the head while training
	 * @return the architecture
	 */
	public static Architecture onBackbone(String backbone, float dropout) {
		return new Architecture(1, List.of(), 1, dropout, java.util.Objects.requireNonNull(backbone));
	}

	public Architecture {
		if (widths == null) {
			widths = List.of();
		}
		if (backbone == null && widths.isEmpty()) {
			throw new IllegalArgumentException("widths must be 1..1024 channels");
		}
		if (stemStride < 1 || stemStride > 2) {
			throw new IllegalArgumentException("stemStride must be 1 or 2");
		}
		if (widths.stream().anyMatch(w -> w < 1 || w > 1024)) {
			throw new IllegalArgumentException("widths must be 1..1024 channels");
		}
		if (depth < 1 || depth > 4) {
			throw new IllegalArgumentException("depth must be 1..4");
		}
		if (dropout < 0 || dropout >= 1) {
			throw new IllegalArgumentException("dropout must be in [0, 1)");
		}
		widths = List.copyOf(widths);
	}

	/**
	 * Builds the DJL block (uninitialised).
	 * @param outputs number of output units (logits)
	 * @return the network
	 */
	public Block build(int outputs) {
		SequentialBlock net = new SequentialBlock();
		if (this.backbone != null) {
			net.add(new BackboneBlock(Backbone.named(this.backbone)));
			if (this.dropout > 0) {
				net.add(Dropout.builder().optRate(this.dropout).build());
			}
			net.add(Linear.builder().setUnits(outputs).build());
			return net;
		}
		net.add(conv(this.widths.get(0), this.stemStride)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
		for (int i = 1; i < this.widths.size(); i++) {
			net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
			for (int d = 0; d < this.depth; d++) {
				net.add(conv(this.widths.get(i), 1)).add(BatchNorm.builder().build()).add(Activation.reluBlock());
			}
		}
		net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
		if (this.dropout > 0) {
			net.add(Dropout.builder().optRate(this.dropout).build());
		}
		net.add(Linear.builder().setUnits(outputs).build());
		return net;
	}

	private static Block conv(int filters, int stride) {
		return Conv2d.builder()
			.setFilters(filters)
			.setKernelShape(new Shape(3, 3))
			.optStride(new Shape(stride, stride))
			.optPadding(new Shape(1, 1))
			.optBias(false)
			.build();
	}

}
