package vn.nguon.grading.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import vn.nguon.grading.model.BatchingSettings;
import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.GradeResult;
import vn.nguon.grading.model.MicroBatchingGrader;
import vn.nguon.grading.model.ModelSpec;

import static org.assertj.core.api.Assertions.assertThat;

/** Trains a tiny network on a small subset: it must learn, and its saved directory must reload exactly. */
class TrainingSmokeTests {

	@Test
	void tinyTrainingLearnsAndSavedModelReloadsToIdenticalPredictions(@TempDir Path out) throws Exception {
		Path data = SharedData.produceQuality();
		TrainOptions d = TrainOptions.defaults(data, out, "smoke-1");
		TrainOptions o = new TrainOptions(data, out, "smoke-1", 32, List.of(8, 16, 32), 1, 0.0f, 1, 4, 4, 16, 0.005f,
				0f, 0.5f, 1f, 7L, d.splitSeed(), d.heldOutShare(), d.validationShare(), 1, 2, 320, 2, 0.05f);
		Catalog catalog = Catalog.read(data);
		TrainCommand.Result r = TrainCommand.train(o, catalog, (f, m) -> {
		});

		assertThat(r.lastEpochLoss()).as("training loss falls").isLessThan(r.firstEpochLoss());
		assertThat(r.fileTest().accuracy()).as("above chance (1/3)").isGreaterThan(0.40);
		assertThat(Files.list(r.directory()).map(p -> p.getFileName().toString()).toList())
			.contains("model.json", "synset.txt", "member-0.params", "metrics.json", "dataset.sha256");

		// reload: the same held-out figures, photo by photo through the micro-batching grader too
		SpecimenSplit split = SpecimenSplit.of(catalog.samples(), o.heldOutShare(), o.validationShare(), o.splitSeed());
		List<Sample> held = split.heldOutSamples(catalog.samples());
		Metrics again = ModelEvaluation.evaluate(r.directory(), held);
		assertThat(again.accuracy()).isEqualTo(r.heldOut().accuracy());
		assertThat(again.nll()).isCloseTo(r.heldOut().nll(), org.assertj.core.data.Offset.offset(1e-5));

		ModelSpec spec = Ensemble.readSpec(r.directory());
		try (MicroBatchingGrader a = new MicroBatchingGrader(Ensemble.load(r.directory()), BatchingSettings.defaults());
				MicroBatchingGrader b = new MicroBatchingGrader(Ensemble.load(r.directory()),
						new BatchingSettings(2, 1, java.time.Duration.ZERO, 64))) {
			List<CompletableFuture<GradeResult>> fa = new ArrayList<>();
			List<CompletableFuture<GradeResult>> fb = new ArrayList<>();
			for (Sample s : held.subList(0, 12)) {
				byte[] photo = Files.readAllBytes(s.file());
				fa.add(a.grade(photo));
				fb.add(b.grade(photo));
			}
			for (int i = 0; i < fa.size(); i++) {
				GradeResult x = fa.get(i).get();
				GradeResult y = fb.get(i).get();
				assertThat(x.label()).isEqualTo(y.label());
				assertThat(x.modelVersion()).isEqualTo(spec.version());
				for (Map.Entry<String, Double> e : x.probabilities().entrySet()) {
					assertThat(y.probabilities().get(e.getKey())).isCloseTo(e.getValue(),
							org.assertj.core.data.Offset.offset(1e-5));
				}
			}
		}
	}

}
