package vn.nguon.grading.lifecycle;

import java.nio.file.Path;

import vn.nguon.grading.model.InferenceEngine;

/**
 * Settings of the model lifecycle.
 *
 * @param baseData the base training data folder (with {@code FILES.tsv})
 * @param modelDir local cache of model directories (retrained here or unpacked from PostgreSQL)
 * @param retrainOptions extra {@code train} command options, blank for the defaults
 * @param engine the engine models serve with
 */
public record LifecycleSettings(Path baseData, Path modelDir, String retrainOptions, InferenceEngine engine) {

	public LifecycleSettings {
		retrainOptions = retrainOptions == null ? "" : retrainOptions.strip();
	}

}
