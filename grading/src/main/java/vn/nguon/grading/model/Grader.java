package vn.nguon.grading.model;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The grading port: one photo in, one {@link GradeResult} out. Implementations load their model once,
 * run inference on their own bounded threads (never the caller's) and may batch concurrent calls.
 */
public interface Grader {

	/**
	 * Grades one photo asynchronously.
	 * @param photo the encoded photo (JPEG, PNG or another format the JDK decodes)
	 * @return the verdict; fails with a {@code GradingException} for an unreadable photo
	 */
	CompletableFuture<GradeResult> grade(byte[] photo);

	/** @return the version of the model that grades */
	String modelVersion();

	/** @return the labels the model answers, in order */
	List<String> labels();

	/** @return the products the model grades */
	List<String> products();

}
