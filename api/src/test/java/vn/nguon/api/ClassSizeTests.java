package vn.nguon.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No source file of the service grows past 300 lines without saying why: its opening comment (before
 * the first type declaration) gives the reason in a sentence with the words "over 300 lines".
 */
class ClassSizeTests {

	private static final int LIMIT = 300;

	@Test
	void everyLargeClassSaysWhyItIsLarge() throws IOException {
		List<String> unexplained = new ArrayList<>();
		int seen = 0;
		for (String module : new String[] { ".", "../traceability", "../grading", "../postgres-listen" }) {
			try (Stream<Path> files = Files.walk(Path.of(module, "src/main/java"))) {
				for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
					seen++;
					List<String> lines = Files.readAllLines(f);
					if (lines.size() <= LIMIT) {
						continue;
					}
					String head = String.join("\n", lines.subList(0, declaration(lines))).toLowerCase(Locale.ROOT);
					if (!head.contains("over 300 lines")) {
						unexplained.add(f + " (" + lines.size() + " lines)");
					}
				}
			}
		}
		assertThat(seen).as("the scan finds the sources").isGreaterThan(300);
		assertThat(unexplained).as("classes over %d lines without a reason in their opening comment", LIMIT).isEmpty();
	}

	private static int declaration(List<String> lines) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).matches("^(public |final |abstract |sealed )*(class|record|interface|enum) .*")) {
				return i;
			}
		}
		return lines.size();
	}

}
