/**
 * Grading policies as versioned data per product: unit verdicts to a UNECE-style batch grade (Extra,
 * Class I, Class II, Reject) by tolerances on the share of units below each class, with a sample-size,
 * confidence and borderline "needs review" flag.
 */
package vn.nguon.grading.policy;
