package vn.nguon.grading.model;

/**
 * What a photo looks like before the network sees it, measured on the model's square input (the photo
 * resized and padded with the model's background): the share of pixels coloured like fruit (saturated
 * red, orange, yellow or green, neither near-white nor near-black). A blank image, a sheet of paper or a
 * document has almost none; every tomato photo of the training data has far more. A photo below the
 * minimum is not produce as far as the model can tell, so it always needs a person, however confident the
 * network's answer.
 *
 * @param fruitShare share of the square's pixels coloured like fruit, 0..1
 */
public record Appearance(double fruitShare) {

	/**
	 * Below this share a photo does not show produce. The FGrade tomatoes (cut out on white, about a third
	 * of the square) sit far above it; {@code AppearanceTests} measures the margin on the dataset.
	 */
	public static final double MIN_FRUIT_SHARE = 0.03;

	/** Review reason of a photo that does not look like produce. */
	public static final String NOT_PRODUCE = "not-produce";

	public Appearance {
		if (!(fruitShare >= 0 && fruitShare <= 1)) {
			throw new IllegalArgumentException("fruitShare must be in [0, 1]");
		}
	}

	/**
	 * @param rgb interleaved RGB bytes, as {@link Preprocessing#square} returns them
	 * @return the appearance of those pixels
	 */
	public static Appearance of(byte[] rgb) {
		int n = rgb.length / 3;
		if (n == 0) {
			return new Appearance(0);
		}
		int fruit = 0;
		for (int i = 0; i < n; i++) {
			if (fruitColoured(rgb[3 * i] & 0xff, rgb[3 * i + 1] & 0xff, rgb[3 * i + 2] & 0xff)) {
				fruit++;
			}
		}
		return new Appearance((double) fruit / n);
	}

	/** Saturated, not too dark, hue from magenta-red through orange and yellow to green (330..160 degrees). */
	static boolean fruitColoured(int r, int g, int b) {
		int max = Math.max(r, Math.max(g, b));
		int min = Math.min(r, Math.min(g, b));
		if (max < 40 || max - min < 0.25 * max) {
			return false;
		}
		double hue;
		double d = max - min;
		if (max == r) {
			hue = 60 * (((g - b) / d) % 6);
		}
		else if (max == g) {
			hue = 60 * ((b - r) / d + 2);
		}
		else {
			hue = 60 * ((r - g) / d + 4);
		}
		if (hue < 0) {
			hue += 360;
		}
		return hue <= 160 || hue >= 330;
	}

	/** @return whether the photo shows produce at all */
	public boolean looksLikeProduce() {
		return this.fruitShare >= MIN_FRUIT_SHARE;
	}

}
