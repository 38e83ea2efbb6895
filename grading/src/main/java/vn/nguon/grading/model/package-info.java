/**
 * The grading model: the {@link vn.nguon.grading.model.Grader} port, the one preprocessing shared by
 * training and inference, the model directory format, the DJL-backed micro-batching grader, and the
 * ONNX export that runs the same network on DJL's ONNX Runtime engine.
 */
package vn.nguon.grading.model;
