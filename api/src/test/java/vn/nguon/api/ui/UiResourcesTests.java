package vn.nguon.api.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import vn.nguon.api.support.NguonIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The screens' static files: served at their addresses, free of inline script and style (the
 * Content-Security-Policy allows neither), and every message key they use present in both
 * bundles ({@code i18n/vi.json}, {@code i18n/en.json}) with the same keys in each.
 */
@NguonIntegrationTest
class UiResourcesTests {

	private static final String ROOT = "META-INF/resources/";

	private static final List<String> PAGES = List.of("app/index.html", "dashboard/index.html", "index.html",
			"scan.html");

	private static final List<String> SCRIPTS = List.of("js/app.js", "js/dashboard.js", "js/api.js", "js/queue.js",
			"js/i18n.js", "js/dom.js", "js/image.js", "js/shared.js", "js/charts.js", "js/scan.js", "js/lookup.js", "sw.js");

	@Autowired
	WebTestClient client;

	@ParameterizedTest
	@ValueSource(strings = { "/app/", "/dashboard/" })
	void whenScreenFolderIsAskedThenItsPageIsServedAsHtml(String path) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("<script type=\"module\" src=\"/js/"));
	}

	@Test
	void whenFrontDoorIsAskedThenItSaysWhatNguonIsAndLeadsToTheScreensTheLookupAndTheApiDocs() {
		this.client.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("<html lang=\"vi\">", "<h1", "lang=\"en\"",
					"href=\"/app/\"", "href=\"/dashboard/\"", "href=\"/scan.html\"", "href=\"/swagger-ui.html\""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/scan.html", "/js/lookup.js" })
	void whenCodeLookupIsAskedThenItIsServed(String path) {
		this.client.get().uri(path).exchange().expectStatus().isOk();
	}

	@Test
	void whenApiDocsLinkOfTheFrontDoorIsFollowedThenSwaggerUiAnswers() {
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().value(status -> assertThat(status).isLessThan(400));
	}

	@Test
	void whenScreenFolderIsAskedWithoutSlashThenRedirectedToIt() {
		this.client.get().uri("/app").exchange().expectStatus().is3xxRedirection().expectHeader().location("/app/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/sw.js", "/manifest.webmanifest", "/i18n/vi.json", "/i18n/en.json", "/js/app.js",
			"/css/base.css", "/icons/icon-192.png", "/webjars/uplot/1.6.30/dist/uPlot.esm.js",
			"/webjars/uplot/1.6.30/dist/uPlot.min.css" })
	void whenPwaAndLibraryFilesAreAskedThenTheyAreServed(String path) {
		this.client.get().uri(path).exchange().expectStatus().isOk();
	}

	@Test
	void whenPagesAreReadThenTheyHaveNoInlineScriptHandlerOrStyle() throws IOException {
		for (String page : PAGES) {
			String html = read(page);
			assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
			assertThat(html).as(page).doesNotContainPattern("\\son[a-z]+\\s*=");
			assertThat(html).as(page).doesNotContainPattern("\\sstyle\\s*=");
			assertThat(html).as(page).doesNotContainPattern("<style");
			assertThat(html).as(page).contains("<html lang=\"vi\">");
		}
	}

	@Test
	void whenBundlesAreReadThenBothHaveTheSameKeysAndNoEmptyMessage() throws IOException {
		Map<String, String> vi = bundle("vi");
		Map<String, String> en = bundle("en");
		assertThat(en.keySet()).isEqualTo(vi.keySet());
		vi.forEach((k, v) -> assertThat(v).as("vi " + k).isNotBlank());
		en.forEach((k, v) -> assertThat(v).as("en " + k).isNotBlank());
	}

	@Test
	void whenPagesAndScriptsUseAMessageKeyThenBothBundlesHaveIt() throws IOException {
		Set<String> used = new TreeSet<>();
		for (String page : PAGES) {
			String html = read(page);
			collect(Pattern.compile("data-i18n=\"([^\"]+)\""), html, used);
			Matcher attrs = Pattern.compile("data-i18n-attr=\"([^\"]+)\"").matcher(html);
			while (attrs.find()) {
				for (String pair : attrs.group(1).split(";")) {
					used.add(pair.split(":")[1].trim());
				}
			}
		}
		for (String script : SCRIPTS) {
			// literal keys only: t('grade.none'), t(`batch.lot`); computed keys are checked by the journeys
			collect(Pattern.compile("\\bt\\(['`]([a-z][A-Za-z]*(?:\\.[A-Za-z]+)+)['`]"), read(script), used);
		}
		assertThat(used).hasSizeGreaterThan(100);
		Map<String, String> vi = bundle("vi");
		List<String> missing = new ArrayList<>(used.stream().filter(k -> !vi.containsKey(k)).toList());
		assertThat(missing).as("message keys used but missing in i18n/vi.json").isEmpty();
	}

	@Test
	void whenGradeAndStatusValuesAreShownThenEveryValueHasAMessage() throws IOException {
		Map<String, String> vi = bundle("vi");
		for (String grade : List.of("EXTRA", "CLASS_I", "CLASS_II", "REJECT")) {
			assertThat(vi).containsKey("grade." + grade);
		}
		for (String status : List.of("active", "recalled", "harvested", "packed", "shipped", "received", "consumed")) {
			assertThat(vi).containsKey("status." + status);
		}
		for (String kind : List.of("harvested", "packed", "graded", "shipped", "received", "transformed", "recalled",
				"other")) {
			assertThat(vi).containsKey("timeline." + kind);
		}
	}

	private static void collect(Pattern pattern, String text, Set<String> into) {
		Matcher m = pattern.matcher(text);
		while (m.find()) {
			into.add(m.group(1));
		}
	}

	private static Map<String, String> bundle(String lang) throws IOException {
		return JsonMapper.builder().build().readValue(read("i18n/" + lang + ".json"), new TypeReference<>() {
		});
	}

	private static String read(String path) throws IOException {
		try (InputStream in = new ClassPathResource(ROOT + path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
