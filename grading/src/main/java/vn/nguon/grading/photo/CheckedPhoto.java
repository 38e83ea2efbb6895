package vn.nguon.grading.photo;

import java.util.Objects;

/**
 * An upload that passed every check, with its EXIF-stripped public copy.
 *
 * @param bytes the photo as uploaded
 * @param contentType the media type sniffed from its bytes
 * @param width width in pixels (as stored, before EXIF orientation)
 * @param height height in pixels
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 * @param publicJpeg an upright JPEG re-encoded from the pixels: no EXIF, no GPS, no metadata
 */
public record CheckedPhoto(byte[] bytes, String contentType, int width, int height, String sha256, byte[] publicJpeg) {

	public CheckedPhoto {
		Objects.requireNonNull(bytes);
		Objects.requireNonNull(contentType);
		Objects.requireNonNull(sha256);
		Objects.requireNonNull(publicJpeg);
	}

}
