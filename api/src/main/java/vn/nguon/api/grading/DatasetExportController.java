package vn.nguon.api.grading;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import vn.nguon.api.security.Actors;
import vn.nguon.grading.GradingException;
import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.GradingStore.ReviewedPhoto;

/**
 * The research dataset export: the organisation's reviewed photos (EXIF-stripped public copies, named by
 * photo id only: no farm, batch or person) with their confirmed labels, and a datasheet (counts, label
 * definitions, the licence the cooperative chose).
 */
@RestController
class DatasetExportController {

	private final GradingStore store;

	private final Scheduler scheduler;

	DatasetExportController(GradingStore store, Scheduler gradingScheduler) {
		this.store = store;
		this.scheduler = gradingScheduler;
	}

	@GetMapping("/api/grading/dataset/export")
	Mono<ResponseEntity<byte[]>> export(@RequestParam(defaultValue = "CC-BY-4.0") String licence) {
		if (!licence.matches("[A-Za-z0-9.+-]{1,40}")) {
			throw new GradingException(GradingException.Kind.INVALID, "invalid-licence",
					"The licence must be an SPDX identifier (letters, digits and . + -), not \"" + licence + "\".", licence);
		}
		return Actors.current().switchIfEmpty(GradingController.unauthorized()).flatMap(actor -> {
			if (!actor.isAdmin()) {
				return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN, "Only admins export data."));
			}
			return this.store.reviewedPhotos(actor.orgId().value()).collectList().publishOn(this.scheduler)
				.map(photos -> zip(photos, licence));
		}).map(bytes -> ResponseEntity.ok()
			.contentType(MediaType.parseMediaType("application/zip"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename("nguon-graded-photos.zip").build().toString())
			.body(bytes));
	}

	static byte[] zip(List<ReviewedPhoto> photos, String licence) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		Map<String, Integer> counts = new TreeMap<>();
		StringBuilder csv = new StringBuilder("file,product,label\n");
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (ReviewedPhoto p : photos) {
				String name = "images/" + p.label() + "/" + p.photoId() + ".jpg";
				zip.putNextEntry(new ZipEntry(name));
				zip.write(p.publicJpeg());
				zip.closeEntry();
				csv.append(name).append(',').append(p.product()).append(',').append(p.label()).append('\n');
				counts.merge(p.label(), 1, Integer::sum);
			}
			zip.putNextEntry(new ZipEntry("labels.csv"));
			zip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry("DATASHEET.md"));
			zip.write(datasheet(counts, photos.size(), licence).getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	static String datasheet(Map<String, Integer> counts, int total, String licence) {
		StringBuilder s = new StringBuilder();
		s.append("# Datasheet: graded produce photos\n\n");
		s.append("Exported ").append(Instant.now()).append(" by Nguồn.\n\n");
		s.append("## Licence\n\n").append(licence).append(" (chosen by the cooperative).\n\n");
		s.append("## Contents\n\n").append(total).append(" photos, one fruit each, reviewed by a person of the cooperative.\n\n");
		s.append("| label | photos |\n|---|---:|\n");
		counts.forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v).append(" |\n"));
		s.append("\n## Labels\n\n");
		s.append("- fresh: firm, glossy, evenly coloured\n- medium: ageing: duller skin, colour change, small blemishes or wrinkles\n");
		s.append("- rotten: shrivelled, split, collapsed or mouldy\n\n");
		s.append("The label is the reviewer's when a review overrode the model, else the model's label the reviewer confirmed.\n\n");
		s.append("## Privacy\n\nPhotos are re-encoded without any metadata (no EXIF, no GPS). Files are named by a random photo id;\n");
		s.append("no farm, batch, place or person is included.\n");
		return s.toString();
	}

}
