package vn.nguon.api.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The node tests of the UI's own modules ({@code frontend-static/src/test/js}: the in-browser
 * proof checker, the GS1 check digit of the admin screens) run with the build, with Node's own
 * test runner (no JS build step, no npm package). Node comes with the browser-test tools
 * ({@code .ci/browser-deps}); without it the test is skipped on a developer machine and fails in CI.
 */
class FrontendScriptTests {

	@Test
	void theUiModulesPassTheirNodeTests() throws Exception {
		Path tests = Path.of(System.getProperty("nguon.repo.root", ".."), "frontend-static", "src", "test", "js");
		assertThat(tests).isDirectory();
		boolean node;
		try {
			Process version = new ProcessBuilder("node", "--version").start();
			node = version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
		}
		catch (java.io.IOException ex) {
			node = false;
		}
		if (!node) {
			if ("true".equals(System.getenv("CI"))) {
				fail("node is missing (run .ci/browser-deps)");
			}
			Assumptions.abort("node is missing: the UI's node tests did not run");
		}
		Path log = Files.createTempFile("node-tests", ".log");
		Process run = new ProcessBuilder("node", "--test", tests.toString()).redirectErrorStream(true)
			.redirectOutput(log.toFile()).start();
		if (!run.waitFor(2, TimeUnit.MINUTES)) {
			run.destroyForcibly();
			fail("node --test did not finish in 2 minutes");
		}
		String output = Files.readString(log);
		assertThat(run.exitValue()).as("node --test %s:%n%s", tests, output).isZero();
		assertThat(output).contains("# fail 0").doesNotContain("# pass 0");
	}

}
