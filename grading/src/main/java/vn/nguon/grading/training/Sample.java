package vn.nguon.grading.training;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One labelled photo of the training data.
 *
 * @param file the image file
 * @param split the file-level split it was published in ({@code train} or {@code test})
 * @param label index of its label in the model's labels
 * @param unit index of its fine output unit (e.g. the original grade 1..10 minus one)
 * @param specimen the physical fruit it shows; photos of one specimen stay on one side of a split
 */
public record Sample(Path file, String split, int label, int unit, String specimen) {

	public Sample {
		Objects.requireNonNull(file);
		Objects.requireNonNull(split);
		Objects.requireNonNull(specimen);
		if (label < 0 || unit < 0) {
			throw new IllegalArgumentException("label and unit must not be negative");
		}
	}

}
