package vn.nguon.traceability.gs1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import vn.nguon.traceability.TraceabilityException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every row of the GS1 Digital Link test vectors in {@code ../shared/standards/digital-link/test-vectors}
 * (from the GS1 Syntax Engine and Syntax Dictionary, Apache-2.0). Skipped with a message when
 * {@code ../shared} is absent.
 */
class DigitalLinkVectorTests {

	static Path vectors() {
		String root = System.getProperty("nguon.repo.root", ".");
		Path dir = Path.of(root, "..", "shared", "standards", "digital-link", "test-vectors");
		Assumptions.assumeTrue(Files.isDirectory(dir),
				"../shared absent: the GS1 Digital Link test vectors are not here (" + dir.toAbsolutePath() + ")");
		return dir;
	}

	static List<String[]> rows(String file) throws IOException {
		List<String[]> rows = new ArrayList<>();
		List<String> lines = Files.readAllLines(vectors().resolve(file), StandardCharsets.UTF_8);
		for (String line : lines.subList(1, lines.size())) {
			if (!line.isEmpty()) {
				rows.add(line.split("\t", -1));
			}
		}
		return rows;
	}

	static DigitalLink.Options options(String names) {
		return new DigitalLink.Options(names.contains("permitConvenienceAlphas"),
				names.contains("permitZeroSuppressedGTINinDLuris"), names.contains("permitUnknownAIs"),
				names.contains("unknownAInotDLattrCheckDisabled"));
	}

	@TestFactory
	Stream<DynamicTest> digitalLinkUriToElementString() throws IOException {
		List<String[]> rows = rows("dl-uri-to-element-string.tsv");
		assertThat(rows).hasSize(118);
		return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + " " + row[1] + " [" + row[3] + "]", () -> {
			// the extraction kept C string escapes: "\\\\" is one backslash
			String uri = row[1].replace("\\\\", "\\");
			DigitalLink.Options options = options(row[3]);
			if (Boolean.parseBoolean(row[0])) {
				assertThat(DigitalLink.parse(uri, options).elementString()).isEqualTo(row[2]);
			}
			else {
				assertThatThrownBy(() -> DigitalLink.parse(uri, options)).isInstanceOf(TraceabilityException.class)
					.extracting(e -> ((TraceabilityException) e).code())
					.isEqualTo("invalid-digital-link");
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> elementStringToDigitalLinkUri() throws IOException {
		List<String[]> rows = rows("element-string-to-dl-uri.tsv");
		assertThat(rows).hasSize(22);
		return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + " " + row[2] + " [" + row[4] + "]", () -> {
			String stem = row[1].equals("NULL") ? null : row[1];
			DigitalLink.Options options = options(row[4]);
			if (Boolean.parseBoolean(row[0])) {
				DigitalLink link = DigitalLink.fromElementString(row[2], stem, options);
				assertThat(link.toUri()).isEqualTo(row[3]);
				// and what we write parses back to the same identifiers
				assertThat(DigitalLink.parse(link.toUri(), options).path()).isEqualTo(link.path());
			}
			else {
				assertThatThrownBy(() -> DigitalLink.fromElementString(row[2], stem, options))
					.isInstanceOf(TraceabilityException.class);
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> gs1CheckDigits() throws IOException {
		List<String[]> rows = rows("gs1-check-digit.tsv");
		assertThat(rows).hasSize(14);
		return rows.stream().map(row -> DynamicTest.dynamicTest(row[0] + " '" + row[1] + "'", () -> {
			String error = DigitalLink.checkDigitError(row[1]);
			if (Boolean.parseBoolean(row[0])) {
				assertThat(error).isNull();
			}
			else {
				String expected = switch (row[3]) {
					case "GS1_LINTER_TOO_SHORT_FOR_CHECK_DIGIT" -> "too-short";
					case "GS1_LINTER_NON_DIGIT_CHARACTER" -> "non-digit";
					default -> "incorrect-check-digit";
				};
				assertThat(error).isEqualTo(expected);
			}
		}));
	}

}
