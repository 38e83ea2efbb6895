package vn.nguon.grading.training;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Finds ../shared/datasets/produce-quality for tests (of any grading package), or skips them with a clear message. */
public final class SharedData {

	private SharedData() {
	}

	public static Path produceQuality() {
		String root = System.getProperty("nguon.repo.root", ".");
		Path data = Path.of(root, "..", "shared", "datasets", "produce-quality").normalize();
		Assumptions.assumeTrue(Files.isRegularFile(data.resolve("FILES.tsv")),
				"../shared absent: " + data + " has no FILES.tsv, so the model is not re-evaluated");
		return data;
	}

}
