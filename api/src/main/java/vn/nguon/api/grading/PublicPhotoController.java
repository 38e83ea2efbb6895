package vn.nguon.api.grading;

import java.time.Duration;
import java.util.UUID;

import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import vn.nguon.grading.GradingException;
import vn.nguon.grading.queue.GradingStore;

/** Public photos of graded batches: only the re-encoded copy without EXIF (no GPS), never the upload. */
@RestController
class PublicPhotoController {

	private final GradingStore store;

	PublicPhotoController(GradingStore store) {
		this.store = store;
	}

	@GetMapping("/photos/{photoId}")
	Mono<ResponseEntity<byte[]>> photo(@PathVariable UUID photoId) {
		return this.store.publicPhoto(photoId)
			.map(bytes -> ResponseEntity.ok()
				.contentType(MediaType.IMAGE_JPEG)
				.cacheControl(CacheControl.maxAge(Duration.ofDays(30)).cachePublic().immutable())
				.body(bytes))
			.switchIfEmpty(Mono.error(new GradingException(GradingException.Kind.NOT_FOUND, "photo-not-found",
					"No public photo " + photoId, photoId)));
	}

}
