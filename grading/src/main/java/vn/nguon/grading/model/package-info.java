/**
 * The grading model: the {@link vn.nguon.grading.model.Grader} port, the one preprocessing shared by
 * training and inference, the model directory format and the DJL-backed micro-batching grader.
 */
package vn.nguon.grading.model;
