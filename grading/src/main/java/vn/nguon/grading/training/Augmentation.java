package vn.nguon.grading.training;

import java.util.Random;

/**
 * Training-time augmentation on square interleaved RGB bytes (as produced by the shared
 * preprocessing): the 8 flips/transposes (a fruit has no up), a small translation padded with the
 * background, and mild brightness, contrast and saturation jitter (hue is left alone: colour is what
 * tells a fresh tomato from a rotten one).
 *
 * @param maxShift largest translation in pixels
 * @param jitter largest relative change of brightness, contrast and saturation (e.g. 0.1)
 * @param background padding colour
 */
public record Augmentation(int maxShift, float jitter, int background) {

	/**
	 * Returns an augmented copy.
	 * @param rgb source, {@code size * size * 3}
	 * @param size side in pixels
	 * @param random the seeded random source
	 * @return a new array
	 */
	public byte[] apply(byte[] rgb, int size, Random random) {
		int view = random.nextInt(8);
		int dx = this.maxShift == 0 ? 0 : random.nextInt(2 * this.maxShift + 1) - this.maxShift;
		int dy = this.maxShift == 0 ? 0 : random.nextInt(2 * this.maxShift + 1) - this.maxShift;
		float brightness = 1 + (random.nextFloat() * 2 - 1) * this.jitter;
		float contrast = 1 + (random.nextFloat() * 2 - 1) * this.jitter;
		float saturation = 1 + (random.nextFloat() * 2 - 1) * this.jitter;
		byte[] out = new byte[rgb.length];
		int br = (this.background >> 16) & 0xFF;
		int bg = (this.background >> 8) & 0xFF;
		int bb = this.background & 0xFF;
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				// source coordinates: undo the translation, then the dihedral view
				int sx = x - dx;
				int sy = y - dy;
				int o = 3 * (y * size + x);
				if (sx < 0 || sy < 0 || sx >= size || sy >= size) {
					out[o] = (byte) br;
					out[o + 1] = (byte) bg;
					out[o + 2] = (byte) bb;
					continue;
				}
				if ((view & 1) != 0) {
					sx = size - 1 - sx;
				}
				if ((view & 2) != 0) {
					sy = size - 1 - sy;
				}
				if ((view & 4) != 0) {
					int t = sx;
					sx = sy;
					sy = t;
				}
				int i = 3 * (sy * size + sx);
				float r = rgb[i] & 0xFF;
				float g = rgb[i + 1] & 0xFF;
				float b = rgb[i + 2] & 0xFF;
				float grey = 0.299f * r + 0.587f * g + 0.114f * b;
				r = grey + (r - grey) * saturation;
				g = grey + (g - grey) * saturation;
				b = grey + (b - grey) * saturation;
				r = ((r - 128) * contrast + 128) * brightness;
				g = ((g - 128) * contrast + 128) * brightness;
				b = ((b - 128) * contrast + 128) * brightness;
				out[o] = clamp(r);
				out[o + 1] = clamp(g);
				out[o + 2] = clamp(b);
			}
		}
		return out;
	}

	private static byte clamp(float v) {
		return (byte) Math.max(0, Math.min(255, Math.round(v)));
	}

}
