package vn.nguon.grading.lifecycle;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import vn.nguon.grading.queue.ModelRecords.ModelRecord;

/**
 * When a candidate may replace the active model: it is at least as good on the held-out specimens
 * (accuracy not lower, fresh/rotten confusion not higher). A candidate without held-out metrics never
 * qualifies; an active model without them is replaced by any candidate that has them.
 */
public final class PromotionRule {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private PromotionRule() {
	}

	/** @return whether the candidate may be promoted over the active model */
	public static boolean atLeastAsGood(ModelRecord candidate, ModelRecord active) {
		JsonNode c = JSON.readTree(candidate.metricsJson()).path("heldOutSpecimens");
		JsonNode a = JSON.readTree(active.metricsJson()).path("heldOutSpecimens");
		if (c.isMissingNode() || !c.has("accuracy")) {
			return false;
		}
		if (a.isMissingNode() || !a.has("accuracy")) {
			return true;
		}
		return c.path("accuracy").asDouble() >= a.path("accuracy").asDouble()
				&& c.path("freshRottenConfusion").asDouble() <= a.path("freshRottenConfusion").asDouble() + 1e-9;
	}

}
