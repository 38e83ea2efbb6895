package vn.nguon.grading.training;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * What a training run writes into the model's {@code metrics.json}: the figures of each split, the split
 * itself, the options and the losses. The model card's figures are produced from it.
 *
 * @param version the model version
 * @param heldOut metrics on the held-out specimens (with test-time views)
 * @param heldOutWithoutTta the same without test-time views
 * @param fileTest metrics on the published file-level test split
 * @param validation metrics on the validation specimens
 * @param options the training options
 * @param split the specimen split
 * @param seconds training time
 * @param firstEpochLoss mean training loss of the first epoch
 * @param lastEpochLoss mean training loss of the last epoch
 */
record TrainingReport(String version, Metrics heldOut, Metrics heldOutWithoutTta, Metrics fileTest, Metrics validation,
		TrainOptions options, SpecimenSplit split, double seconds, double firstEpochLoss, double lastEpochLoss) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** @return the report as pretty-printed JSON */
	String json() {
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("version", this.version);
		report.put("heldOutSpecimens", metricsMap(this.heldOut));
		report.put("heldOutSpecimensWithoutTta", metricsMap(this.heldOutWithoutTta));
		report.put("fileLevelTest", metricsMap(this.fileTest));
		report.put("validationSpecimens", metricsMap(this.validation));
		report.put("split", Map.of("seed", this.options.splitSeed(), "heldOutShare", this.options.heldOutShare(),
				"validationShare", this.options.validationShare(), "heldOut", new java.util.TreeSet<>(this.split.heldOut()),
				"validation", new java.util.TreeSet<>(this.split.validation())));
		report.put("options", optionsMap(this.options));
		report.put("trainingSeconds", this.seconds);
		report.put("firstEpochLoss", this.firstEpochLoss);
		report.put("lastEpochLoss", this.lastEpochLoss);
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
	}

	static Map<String, Object> metricsMap(Metrics m) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("count", m.count());
		map.put("accuracy", m.accuracy());
		map.put("recall", m.recall());
		map.put("confusion", m.confusion());
		map.put("freshRottenConfusion", m.extremeConfusion());
		map.put("ece", m.ece());
		map.put("nll", m.nll());
		return map;
	}

	static Map<String, Object> optionsMap(TrainOptions o) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("size", o.size());
		map.put("widths", o.widths());
		map.put("depth", o.depth());
		map.put("dropout", o.dropout());
		map.put("stemStride", o.stemStride());
		map.put("epochs", o.epochs());
		map.put("patience", o.patience());
		map.put("batch", o.batch());
		map.put("learningRate", o.learningRate());
		map.put("weightDecay", o.weightDecay());
		map.put("gradeWeight", o.gradeWeight());
		map.put("gradeSigma", o.gradeSigma());
		map.put("seed", o.seed());
		map.put("members", o.members());
		map.put("tta", o.tta());
		map.put("maxShift", o.maxShift());
		map.put("jitter", o.jitter());
		return map;
	}

}
