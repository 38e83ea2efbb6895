package vn.nguon.grading.photo;

/**
 * Limits of an accepted photo.
 *
 * @param maxBytes largest upload in bytes
 * @param minSide smallest accepted width and height in pixels
 * @param maxSide largest accepted width and height in pixels
 * @param maxPixels largest accepted width x height (decompression bomb guard)
 */
public record PhotoLimits(long maxBytes, int minSide, int maxSide, long maxPixels) {

	public PhotoLimits {
		if (maxBytes < 1 || minSide < 1 || maxSide < minSide || maxPixels < (long) minSide * minSide) {
			throw new IllegalArgumentException("inconsistent photo limits");
		}
	}

	/** @return 10 MiB, sides 32..8192 px, at most 40 megapixels */
	public static PhotoLimits defaults() {
		return new PhotoLimits(10L * 1024 * 1024, 32, 8192, 40_000_000L);
	}

}
