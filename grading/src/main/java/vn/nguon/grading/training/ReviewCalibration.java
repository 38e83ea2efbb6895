package vn.nguon.grading.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import vn.nguon.grading.model.Ensemble;
import vn.nguon.grading.model.ModelSpec;

/**
 * Chooses a model's review threshold on its validation specimens (the tomatoes that served early stopping
 * and calibration, never the held-out ones its card reports), then measures that threshold and the whole
 * coverage/accuracy curve on the held-out specimens through the serving path. Writes the threshold into
 * {@code model.json}, the figures into {@code metrics.json} under {@code review}, and prints the model
 * card's section.
 *
 * <p>{@code java ... ReviewCalibration <model dir> <produce-quality dir> [target accuracy, default 0.90]}
 */
public final class ReviewCalibration {

	/** Fewest validation photos a threshold must decide alone to count: fewer say nothing. */
	static final int MIN_DECIDED = 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ReviewCalibration() {
	}

	/**
	 * The calibration's outcome.
	 *
	 * @param threshold the chosen threshold, or {@code null} when none reaches the target
	 * @param target the accuracy asked of decided photos
	 * @param validation figures at the threshold on the validation specimens
	 * @param heldOut figures at the threshold on the held-out specimens
	 * @param curve held-out coverage/accuracy curve
	 */
	public record Outcome(Double threshold, double target, Selective validation, Selective heldOut,
			List<Selective> curve) {
	}

	public static void main(String[] args) throws IOException {
		if (args.length < 2) {
			System.err.println("usage: ReviewCalibration <model dir> <produce-quality dir> [target accuracy]");
			System.exit(2);
		}
		Path dir = Path.of(args[0]);
		double target = args.length > 2 ? Double.parseDouble(args[2]) : 0.90;
		Outcome o = calibrate(dir, Path.of(args[1]), target);
		write(dir, o);
		System.out.println(cardSection(o));
	}

	/**
	 * @param dir a model directory (its {@code metrics.json} names the specimen split)
	 * @param data the produce-quality dataset
	 * @param target the accuracy decided photos must reach on validation
	 * @return the threshold and its figures
	 */
	public static Outcome calibrate(Path dir, Path data, double target) throws IOException {
		JsonNode split = JSON.readTree(Files.readString(dir.resolve(Ensemble.METRICS_FILE))).path("split");
		Catalog catalog = Catalog.read(data);
		SpecimenSplit s = SpecimenSplit.of(catalog.samples(), split.path("heldOutShare").asDouble(),
				split.path("validationShare").asDouble(), split.path("seed").asLong());
		try (Ensemble e = Ensemble.load(dir)) {
			ModelEvaluation.Scored val = ModelEvaluation.score(e, s.validationSamples(catalog.samples()));
			ModelEvaluation.Scored held = ModelEvaluation.score(e, s.heldOutSamples(catalog.samples()));
			Double t = Selective.choose(val.truth(), val.probabilities(), target, MIN_DECIDED);
			double at = t == null ? Double.POSITIVE_INFINITY : t;
			return new Outcome(t, target, Selective.at(val.truth(), val.probabilities(), at),
					Selective.at(held.truth(), held.probabilities(), at),
					Selective.curve(held.truth(), held.probabilities()));
		}
	}

	/** Writes the threshold into {@code model.json} and the figures into {@code metrics.json}. */
	static void write(Path dir, Outcome o) throws IOException {
		ModelSpec spec = Ensemble.readSpec(dir).withReviewThreshold(o.threshold());
		Files.writeString(dir.resolve(Ensemble.SPEC_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(spec));
		ObjectNode metrics = (ObjectNode) JSON.readTree(Files.readString(dir.resolve(Ensemble.METRICS_FILE)));
		ObjectNode review = JSON.createObjectNode();
		if (o.threshold() == null) {
			review.putNull("threshold");
		}
		else {
			review.put("threshold", o.threshold());
		}
		review.put("targetAccuracy", o.target());
		review.put("chosenOn", "validationSpecimens");
		review.set("validation", node(o.validation()));
		review.set("heldOut", node(o.heldOut()));
		ArrayNode curve = review.putArray("heldOutCurve");
		o.curve().forEach(c -> curve.add(node(c)));
		metrics.set("review", review);
		Files.writeString(dir.resolve(Ensemble.METRICS_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
	}

	private static ObjectNode node(Selective s) {
		ObjectNode n = JSON.createObjectNode();
		n.put("threshold", Double.isInfinite(s.threshold()) ? 1.0 : s.threshold());
		n.put("count", s.count());
		n.put("decided", s.decided());
		n.put("coverage", s.coverage());
		n.put("accuracy", s.accuracy());
		n.put("freshRotten", s.freshRotten());
		return n;
	}

	/** @return the model card's section on confident answers, from the figures */
	public static String cardSection(Outcome o) {
		StringBuilder b = new StringBuilder("## Confident answers and review\n\n");
		if (o.threshold() == null) {
			b.append(String.format(Locale.ROOT, "No threshold decides at least %d validation photos at %.2f accuracy "
					+ "without a fresh<->rotten answer, so every photo needs review (`needsReview: true`).%n%n",
					MIN_DECIDED, o.target()));
		}
		else {
			b.append(String.format(Locale.ROOT, "Review threshold **%.4f**, chosen on the %d validation photos "
					+ "(lowest threshold whose decided photos are at least %.2f right with no fresh<->rotten answer; "
					+ "it decides %d of them). Below it a photo has `needsReview: true` and goes to a person.%n%n",
					o.threshold(), o.validation().count(), o.target(), o.validation().decided()));
		}
		b.append("| Metric | Value |\n|---|---|\n");
		b.append(String.format(Locale.ROOT, "| Coverage of confident answers | %.4f |%n", o.heldOut().coverage()));
		b.append(String.format(Locale.ROOT, "| Accuracy of confident answers | %.4f |%n", o.heldOut().accuracy()));
		b.append(String.format(Locale.ROOT, "| Fresh<->rotten among confident answers | %d |%n%n", o.heldOut().freshRotten()));
		b.append("Coverage/accuracy curve on the held-out specimens (photos decided alone, most confident first):\n\n");
		b.append("| threshold | coverage | accuracy | fresh<->rotten |\n|---:|---:|---:|---:|\n");
		for (Selective s : o.curve()) {
			b.append(String.format(Locale.ROOT, "| %.4f | %.2f | %.4f | %d |%n", s.threshold(), s.coverage(), s.accuracy(),
					s.freshRotten()));
		}
		return b.toString();
	}

}
