/**
 * Training and evaluation of grading models: the {@code train} command, specimen-grouped splits,
 * augmentation, early stopping, metrics (accuracy, recall, confusion, calibration).
 */
package vn.nguon.grading.training;
