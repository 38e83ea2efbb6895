/**
 * Quality grading of produce from photos: the model port, training, inference and the grading
 * policy that turns unit verdicts into a batch grade. Knows nothing of HTTP or of traceability.
 */
package vn.nguon.grading;
