package vn.nguon.grading.model;

import java.io.InputStream;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The ported backbone computes what the original TensorFlow.js graph computes: pooled activations of a
 * fixed input, recorded once with TF.js from the npm package (test resource), match within float error.
 * A wrong weight layout, padding side or activation shows here as values far off.
 */
class BackboneTests {

	private static final int S = 224;

	@Test
	void pooledActivationsMatchTheTensorFlowJsGraph() throws Exception {
		JsonNode ref;
		try (InputStream in = getClass().getResourceAsStream("/backbones/mobilenet-v2-140-reference.json")) {
			ref = Ensemble.JSON.readTree(in);
		}
		Backbone backbone = Backbone.named(Backbone.MOBILENET_V2_140);
		assertThat(backbone.features()).isEqualTo(1792 + 816);
		float[] data = new float[3 * S * S];
		for (int c = 0; c < 3; c++) {
			for (int y = 0; y < S; y++) {
				for (int x = 0; x < S; x++) {
					data[(c * S + y) * S + x] = ((7 * x + 13 * y + 29 * c) % 256) / 255f * 2 - 1;
				}
			}
		}
		Natives.engine();
		try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Natives.ENGINE)) {
			BackboneBlock block = new BackboneBlock(backbone);
			block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, S, S));
			NDArray x = Ensemble.tensor(manager, data, new Shape(1, 3, S, S));
			float[] features = block.forward(new ParameterStore(manager, false), new NDList(x), false)
				.singletonOrThrow()
				.toFloatArray();
			assertThat(features).hasSize(backbone.features());
			int offset = 0;
			for (String tap : backbone.taps()) {
				JsonNode layer = ref.get("layers").get(tap);
				int channels = layer.get("channels").asInt();
				double sum = 0;
				for (int i = 0; i < channels; i++) {
					sum += features[offset + i];
				}
				assertThat(sum).as(tap + " sum").isCloseTo(layer.get("pooledSum").asDouble(),
						within(1e-3 * Math.abs(layer.get("pooledSum").asDouble())));
				for (int i = 0; i < 8; i++) {
					assertThat((double) features[offset + i]).as(tap + " channel " + i)
						.isCloseTo(layer.get("pooledFirst").get(i).asDouble(), within(2e-3));
				}
				offset += channels;
			}
		}
	}

}
