package vn.nguon.grading.training;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import vn.nguon.grading.model.Backbone;
import vn.nguon.grading.model.BackboneBlock;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.Natives;
import vn.nguon.grading.model.Preprocessing;

/**
 * Experiment tool: writes, for every photo and each requested flip/transpose view, several poolings
 * (mean, max, standard deviation, generalised mean p=3) of several layers of the frozen backbone as raw
 * little-endian floats ({@code view-<v>.f32}, {@code [photo][feature]}), with {@code samples.tsv} (role in
 * the card's specimen split and fold of {@link ProbeCommand}'s grouped cross-validation) and
 * {@code layout.tsv} (which columns hold which layer and pooling), so head settings can be explored
 * outside the JVM. Nothing here is used when serving.
 * <p>
 * {@code java -Dai.djl.pytorch.num_threads=1 ... FeatureDump data=<produce-quality> out=<dir> views=0,1 [folds=5] [limit=n]}
 * (one intra-op thread: on the shared 2-core machine two threads ran several times slower); then
 * {@code python3 grading/tools/probe_explore.py <dir> conv1,b13:mean@0.03 ...}.
 */
public final class FeatureDump {

	static final List<String> TAPS = List.of("MobilenetV2/Conv_1/Relu6", "MobilenetV2/expanded_conv_16/expand/Relu6",
			"MobilenetV2/expanded_conv_13/expand/Relu6", "MobilenetV2/expanded_conv_10/expand/Relu6",
			"MobilenetV2/expanded_conv_6/expand/Relu6");

	static final List<String> POOLS = List.of("mean", "max", "std", "gem3");

	private FeatureDump() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> a = new HashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			a.put(arg.substring(0, eq), arg.substring(eq + 1));
		}
		Path data = Path.of(a.getOrDefault("data", "../shared/datasets/produce-quality"));
		Path out = Path.of(a.getOrDefault("out", "target/dump"));
		int folds = Integer.parseInt(a.getOrDefault("folds", "5"));
		List<Integer> views = new ArrayList<>();
		for (String v : a.getOrDefault("views", "0,1").split(",")) {
			views.add(Integer.parseInt(v));
		}
		Files.createDirectories(out);
		Catalog catalog = Catalog.read(data);
		List<Sample> samples = catalog.samples();
		if (a.containsKey("limit")) {
			samples = samples.subList(0, Integer.parseInt(a.get("limit")));
		}
		writeSamples(out, samples, folds);
		Backbone backbone = Backbone.named(Backbone.MOBILENET_V2_140);
		writeLayout(out, backbone);
		Preprocessing pre = new Preprocessing(224, new float[] { 0.5f, 0.5f, 0.5f }, new float[] { 0.5f, 0.5f, 0.5f },
				0xFFFFFF, Preprocessing.CROP);
		Natives.engine();
		int last = 0;
		for (int i = 0; i < backbone.ops().size(); i++) {
			if (TAPS.contains(backbone.ops().get(i).name())) {
				last = i;
			}
		}
		List<OutputStream> files = new ArrayList<>();
		for (int v : views) {
			files.add(new BufferedOutputStream(Files.newOutputStream(out.resolve("view-" + v + ".f32")), 1 << 20));
		}
		long started = System.nanoTime();
		try (NDManager manager = NDManager.newBaseManager(Device.cpu(), Natives.ENGINE)) {
			Map<String, NDArray[]> constants = new HashMap<>();
			for (Backbone.Op op : backbone.ops()) {
				if (op.convolution()) {
					constants.put(op.name(), new NDArray[] {
							Ensemble.tensor(manager, op.weight(),
									new Shape(op.channelsOut(), op.channelsIn() / op.groups(), op.kernel(), op.kernel())),
							Ensemble.tensor(manager, op.bias(), new Shape(op.channelsOut())) });
				}
			}
			int s = pre.size();
			for (int i = 0; i < samples.size(); i++) {
				float[] x = new float[pre.tensorLength()];
				pre.normalise(pre.square(Preprocessing.decode(Files.readAllBytes(samples.get(i).file()))), x, 0);
				for (int k = 0; k < views.size(); k++) {
					try (NDManager sub = manager.newSubManager()) {
						NDArray image = Ensemble.view(Ensemble.tensor(sub, x, new Shape(1, 3, s, s)), views.get(k));
						float[] f = features(backbone, constants, image, last);
						ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
						b.asFloatBuffer().put(f);
						files.get(k).write(b.array());
					}
				}
				if ((i + 1) % 100 == 0 || i + 1 == samples.size()) {
					double seconds = (System.nanoTime() - started) / 1e9;
					System.out.printf("[%s] %d / %d photos, %.1f ms per view%n", Instant.now(), i + 1, samples.size(),
							1000 * seconds / ((i + 1.0) * views.size()));
				}
			}
		}
		for (OutputStream o : files) {
			o.close();
		}
	}

	private static float[] features(Backbone backbone, Map<String, NDArray[]> constants, NDArray image, int last) {
		Map<String, NDArray> values = new HashMap<>();
		values.put("input", image);
		List<Backbone.Op> ops = backbone.ops();
		for (int i = 0; i <= last; i++) {
			Backbone.Op op = ops.get(i);
			NDArray y;
			if (op.convolution()) {
				y = BackboneBlock.convolve(op, constants.get(op.name()), values.get(op.inputs().get(0)));
			}
			else {
				y = values.get(op.inputs().get(0)).add(values.get(op.inputs().get(1)));
			}
			values.put(op.name(), y);
		}
		NDList pooled = new NDList();
		for (String tap : TAPS) {
			NDArray v = values.get(tap);
			NDArray flat = v.reshape(v.getShape().get(0), v.getShape().get(1), -1);
			NDArray mean = flat.mean(new int[] { 2 });
			pooled.add(mean);
			pooled.add(flat.max(new int[] { 2 }));
			NDArray sq = flat.mul(flat).mean(new int[] { 2 });
			pooled.add(sq.sub(mean.mul(mean)).maximum(0).sqrt());
			pooled.add(flat.mul(flat).mul(flat).mean(new int[] { 2 }).pow(1.0 / 3));
		}
		return NDArrays.concat(pooled, 1).toFloatArray();
	}

	private static void writeSamples(Path out, List<Sample> samples, int folds) throws IOException {
		SpecimenSplit split = SpecimenSplit.of(samples, ProbeCommand.HELD_OUT_SHARE, ProbeCommand.VALIDATION_SHARE,
				ProbeCommand.SPLIT_SEED);
		List<String> specimens = new ArrayList<>(new TreeSet<>(samples.stream().map(Sample::specimen).toList()));
		Collections.shuffle(specimens, new Random(ProbeCommand.SPLIT_SEED));
		Map<String, Integer> fold = new HashMap<>();
		for (int i = 0; i < specimens.size(); i++) {
			fold.put(specimens.get(i), i % folds);
		}
		StringBuilder b = new StringBuilder("index\tfile\tsplit\tlabel\tunit\tspecimen\trole\tfold\n");
		for (int i = 0; i < samples.size(); i++) {
			Sample s = samples.get(i);
			String role = split.heldOut().contains(s.specimen()) ? "heldOut"
					: split.validation().contains(s.specimen()) ? "validation"
							: s.split().equals("train") ? "train" : "trainSpecimenTestFile";
			b.append(i).append('\t').append(s.file()).append('\t').append(s.split()).append('\t').append(s.label())
				.append('\t').append(s.unit()).append('\t').append(s.specimen()).append('\t').append(role).append('\t')
				.append(fold.get(s.specimen())).append('\n');
		}
		Files.writeString(out.resolve("samples.tsv"), b, StandardCharsets.UTF_8);
	}

	private static void writeLayout(Path out, Backbone backbone) throws IOException {
		StringBuilder b = new StringBuilder("tap\tpool\tfrom\tto\n");
		int at = 0;
		for (String tap : TAPS) {
			int c = backbone.op(tap).channelsOut();
			for (String pool : POOLS) {
				b.append(tap).append('\t').append(pool).append('\t').append(at).append('\t').append(at + c).append('\n');
				at += c;
			}
		}
		Files.writeString(out.resolve("layout.tsv"), b, StandardCharsets.UTF_8);
		try (DataOutputStream d = new DataOutputStream(Files.newOutputStream(out.resolve("dimension.txt")))) {
			d.write(Integer.toString(at).getBytes(StandardCharsets.US_ASCII));
		}
	}

}
