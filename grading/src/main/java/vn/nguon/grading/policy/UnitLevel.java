package vn.nguon.grading.policy;

/** The best class whose requirements one unit (one fruit, one photo) meets; {@code OUT} meets none. */
public enum UnitLevel {

	/** Meets Extra class requirements. */
	EXTRA,
	/** Meets Class I but not Extra. */
	CLASS_I,
	/** Meets Class II but not Class I. */
	CLASS_II,
	/** Meets no class (e.g. rotten). */
	OUT

}
