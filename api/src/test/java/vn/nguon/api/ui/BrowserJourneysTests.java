package vn.nguon.api.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import vn.nguon.api.support.NguonIntegrationTest;
import vn.nguon.api.support.TestMembers;
import vn.nguon.traceability.account.Member;
import vn.nguon.traceability.account.Role;
import vn.nguon.traceability.account.Scope;
import vn.nguon.traceability.organisation.Organisation;
import vn.nguon.traceability.organisation.OrganisationRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The user journeys of the farmer app and the cooperative dashboard in headless Chromium
 * (Debian's {@code /usr/bin/chromium}, driven by playwright-core from {@code src/test/browser}),
 * against the whole service on a random port. Each test runs one journey of
 * {@code src/test/browser/journeys.mjs} in a fresh organisation (its admin's token is handed to
 * the script, which makes the products, farms and members it needs); screenshots land in
 * {@code target/screenshots}, the browser log of each journey in {@code target/browser-logs}.
 *
 * <p>
 * {@code .ci/browser-deps} installs Chromium and the npm packages. Without them the tests are
 * skipped with the reason on a developer machine, and fail under CI ({@code CI=true}). A journey
 * whose service endpoints are not there (exit code 3) is reported as skipped with the missing
 * endpoint named, never as passed.
 */
@NguonIntegrationTest
class BrowserJourneysTests {

	private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));

	private static final int NOT_RUNNABLE = 3;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@BeforeAll
	static void browserIsInstalled() {
		String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " is missing (run .ci/browser-deps)"
				: !Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))
						? BROWSER_DIR + "/node_modules is missing (run .ci/browser-deps)" : null;
		if (missing != null) {
			if ("true".equals(System.getenv("CI"))) {
				fail("Browser tests cannot run: " + missing);
			}
			Assumptions.abort("Browser tests skipped: " + missing);
		}
	}

	@Test
	void farmerRegistersBatchUploadsPhotosSeesGradeShowsQrAndRecordsPackingAndShipping() throws Exception {
		journey("farmer-online");
	}

	@Test
	void farmerWorksOfflineAndTheOutboxSyncsWithoutDuplicatesWhenBackOnline() throws Exception {
		journey("farmer-offline");
	}

	@Test
	void reviewerOverridesGradeAndConsumerPageShowsIt() throws Exception {
		journey("review-override");
	}

	@Test
	void adminRecallsLotAndConsumerPageShowsRecallBanner() throws Exception {
		journey("recall");
	}

	@Test
	void everyScreenHasNoSeriousAccessibilityViolationsAndWorksWithTheKeyboard() throws Exception {
		journey("accessibility");
	}

	@Test
	void dashboardScreensShowBatchesChartsModelsReceivingAndExports() throws Exception {
		journey("dashboard");
	}

	@Test
	void adminAddsAFarmAProductAndAFarmerAndResetsTheFarmersPassword() throws Exception {
		journey("admin");
	}

	@Test
	void operatorAddsAnOrganisationSharesWithItAndDisablesIt() throws Exception {
		journey("organisations");
	}

	private void journey(String name) throws IOException, InterruptedException {
		Path target = Path.of("target").toAbsolutePath();
		Path logs = Files.createDirectories(target.resolve("browser-logs"));
		Path log = logs.resolve(name + ".log");
		String shared = System.getProperty("nguon.repo.root", "..") + "/../shared";
		ProcessBuilder pb = new ProcessBuilder("node", "journeys.mjs", name).directory(BROWSER_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		pb.environment().put("BASE_URL", "http://localhost:" + this.port);
		// each journey owns its data: a fresh organisation with an admin and a token of that admin
		TestMembers members = TestMembers.from(this.context);
		Organisation org = members.organisation();
		Member admin = members.member(org.id(), Role.ADMIN);
		pb.environment().put("ADMIN_TOKEN", members.token(org.id(), admin.userId(), Scope.ALL));
		// the platform operator: an admin of the first organisation
		Member operator = members.member(this.context.getBean(OrganisationRepository.class).findFirst().block().id(),
				Role.ADMIN);
		pb.environment().put("OPERATOR_EMAIL", operator.email());
		pb.environment().put("OPERATOR_PASSWORD", TestMembers.PASSWORD);
		pb.environment().put("SCREENSHOT_DIR", Files.createDirectories(target.resolve("screenshots")).toString());
		pb.environment().put("SHARED_DIR", shared);
		pb.environment().put("CHROMIUM_PATH", CHROMIUM.toString());
		Process process = pb.start();
		if (!process.waitFor(6, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			fail("Journey " + name + " did not finish in 6 minutes; log: " + log + "\n" + tail(log));
		}
		String output = tail(log);
		if (process.exitValue() == NOT_RUNNABLE) {
			Assumptions.abort("Journey " + name + " could not run: " + output);
		}
		assertThat(process.exitValue()).as("journey %s (log %s):%n%s", name, log, output).isZero();
		assertThat(output).contains("PASS " + name);
	}

	private static String tail(Path log) throws IOException {
		String text = Files.readString(log, StandardCharsets.UTF_8);
		return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
	}

}
