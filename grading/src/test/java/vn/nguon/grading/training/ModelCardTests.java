package vn.nguon.grading.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.GraderRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The model card tells the truth: the shipped model, re-evaluated on the held-out specimens (tomatoes
 * it never saw), reaches the figures written in {@code grading/MODEL_CARD.md} within 0.02.
 */
class ModelCardTests {

	/**
	 * One pass of the shipped model over the held-out tomatoes through the serving path: the card's
	 * figures (within 0.02), and its confident answers: the threshold written into the model's metadata
	 * decides the share of photos and reaches the accuracy the card states, with its fresh<->rotten count.
	 */
	@Test
	void shippedModelReachesTheFiguresOfItsCardOnHeldOutSpecimens() throws IOException {
		Path data = SharedData.produceQuality();
		String card = Files.readString(Path.of(System.getProperty("nguon.repo.root", ".."), "grading", "MODEL_CARD.md"));
		String version = new String(GraderRegistry.class.getClassLoader()
			.getResourceAsStream("models/tomato/CURRENT").readAllBytes()).trim();
		assertThat(card).contains(version);
		JsonNode metrics = JsonMapper.builder().build()
			.readTree(GraderRegistry.shippedResource("tomato", version, "metrics.json"));
		JsonNode split = metrics.path("split");
		Catalog catalog = Catalog.read(data);
		SpecimenSplit s = SpecimenSplit.of(catalog.samples(), split.path("heldOutShare").asDouble(),
				split.path("validationShare").asDouble(), split.path("seed").asLong());
		List<Sample> held = s.heldOutSamples(catalog.samples());
		assertThat(held).isNotEmpty();

		try (Ensemble e = GraderRegistry.loadResource("models/tomato/" + version + "/")) {
			ModelEvaluation.Scored scored = ModelEvaluation.score(e, held);
			Metrics m = Metrics.of(e.spec().labels(), scored.truth(), scored.probabilities());
			assertThat(m.accuracy()).isCloseTo(figure(card, "Accuracy"), within(0.02));
			assertThat(m.recall().get("fresh")).isCloseTo(figure(card, "Recall fresh"), within(0.02));
			assertThat(m.recall().get("medium")).isCloseTo(figure(card, "Recall medium"), within(0.02));
			assertThat(m.recall().get("rotten")).isCloseTo(figure(card, "Recall rotten"), within(0.02));
			assertThat(m.extremeConfusion()).isCloseTo(figure(card, "Fresh<->rotten confusion"), within(0.02));
			assertThat(m.ece()).isCloseTo(figure(card, "Expected calibration error"), within(0.02));

			Double threshold = e.spec().reviewThreshold();
			assertThat(threshold).as("the shipped model declares its review threshold").isNotNull();
			assertThat(card).contains(String.format(java.util.Locale.ROOT, "**%.4f**", threshold));
			Selective at = Selective.at(scored.truth(), scored.probabilities(), threshold);
			assertThat(at.coverage()).isCloseTo(figure(card, "Coverage of confident answers"), within(0.02));
			assertThat(at.accuracy()).isCloseTo(figure(card, "Accuracy of confident answers"), within(0.02));
			assertThat((double) at.freshRotten()).isCloseTo(figure(card, "Fresh<->rotten among confident answers"),
					within(1.0));
		}
	}

	static double figure(String card, String name) {
		Matcher m = Pattern.compile("\\| " + Pattern.quote(name) + " \\| ([0-9.]+) \\|").matcher(card);
		assertThat(m.find()).as("the card states " + name).isTrue();
		return Double.parseDouble(m.group(1));
	}

}
