package vn.nguon.api.resolver;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer page in headless Debian Chromium at a phone viewport (390 x 844), driven by
 * playwright-core from {@code src/test/browser}; the screenshot is kept under
 * {@code target/screenshots/}. Needs {@code .ci/browser-deps} (Chromium, npm packages).
 */
@NguonIntegrationTest
class ConsumerPageBrowserTests extends ResolverFixture {

	@LocalServerPort
	int serverPort;

	@Test
	void whenOpenedOnAPhoneThenPageRendersLightAndSelfContained() throws Exception {
		Path browserDir = Path.of("src/test/browser");
		Assumptions.assumeTrue(new File("/usr/bin/chromium").canExecute(),
				"Chromium missing: run .ci/browser-deps (apt-get install chromium)");
		Assumptions.assumeTrue(Files.isDirectory(browserDir.resolve("node_modules/playwright-core")),
				"playwright-core missing: run .ci/browser-deps (npm ci in api/src/test/browser)");
		harvestAndGrade(this.lot);
		Path shots = Path.of("target/screenshots");
		Files.createDirectories(shots);
		Path shot = shots.resolve("consumer-page-phone.png");
		String url = "http://localhost:" + this.serverPort + this.lot.digitalLinkPath();
		Process p = new ProcessBuilder("node", "consumer-page.mjs", url, shot.toAbsolutePath().toString())
			.directory(browserDir.toFile())
			.redirectErrorStream(true)
			.start();
		boolean finished = p.waitFor(180, TimeUnit.SECONDS);
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(finished).as(out).isTrue();
		assertThat(p.exitValue()).as(out).isZero();
		String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
		JsonNode r = this.json.readTree(last);
		assertThat(r.get("status").asInt()).isEqualTo(200);
		assertThat(r.get("lang").asString()).isEqualTo("vi");
		assertThat(r.get("h1").asString()).isEqualTo("Cà chua bi");
		assertThat(r.get("recallBanner").asInt()).isZero();
		assertThat(r.get("verification").asInt()).isEqualTo(1);
		assertThat(r.get("overflowsViewport").asBoolean()).isFalse();
		assertThat(r.get("hosts").size()).as("no third-party requests: %s", r.get("hosts")).isEqualTo(1);
		assertThat(r.get("bytes").asLong()).as("page weight").isLessThan(100_000);
		assertThat(shot).exists();
	}

}
