/**
 * Benchmark entry points of grading (run by {@code bench/grading/run.sh}): raw predictor cost and the
 * micro-batching grader's throughput on the same photos.
 */
package vn.nguon.grading.bench;
