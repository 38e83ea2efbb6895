package vn.nguon.grading.policy;

/** The batch classes, best first (UNECE-style). */
public enum GradeClass {

	/** Extra class. */
	EXTRA,
	/** Class I. */
	CLASS_I,
	/** Class II. */
	CLASS_II,
	/** Not marketable under the standard. */
	REJECT;

	/**
	 * @param other another class
	 * @return whether this class is strictly better than the other
	 */
	public boolean betterThan(GradeClass other) {
		return ordinal() < other.ordinal();
	}

	/** @return the CBV disposition of an inspecting event with this grade */
	public String disposition() {
		return this == REJECT ? "non_conformant" : "conformant";
	}

}
