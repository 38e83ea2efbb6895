package vn.nguon.grading.model;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

import vn.nguon.grading.GradingException;

/**
 * The one image preprocessing used by training and inference: decode, honour EXIF orientation,
 * bring the photo to a {@code size} square as its {@code fit} says, then normalise each channel as
 * {@code (v/255 - mean)/std} into a CHW float tensor. Saved in the model directory so a model always
 * runs with its own preprocessing.
 * <p>
 * Fits: {@value #PAD} resizes the longer side to {@code size} and pads with the background colour
 * (the dataset's photos are cut out on white); {@value #CROP} first cuts the photo to the box of
 * pixels that differ from the background (plus a 4 % margin), then stretches that box to the square,
 * so the fruit fills the network's view whatever the photo's aspect and framing (on a photo without
 * such a background the box is the whole photo). Measured on the frozen MobileNetV2 features, grouped
 * 5-fold cross-validation over all 86 tomatoes, the same head: {@value #CROP} 0.6782, {@value #PAD} 0.6659.
 *
 * @param size side of the square input in pixels
 * @param mean per-channel mean (R, G, B) on the 0..1 scale
 * @param std per-channel standard deviation (R, G, B) on the 0..1 scale
 * @param background RGB padding colour, e.g. {@code 0xFFFFFF}
 * @param fit {@value #PAD} or {@value #CROP} (absent in older models' metadata: {@value #PAD})
 */
public record Preprocessing(int size, float[] mean, float[] std, int background, String fit) {

	/** Resize the longer side, pad with the background. */
	public static final String PAD = "pad";

	/** Cut to the produce's box over the background, stretch to the square. */
	public static final String CROP = "crop";

	/** How far a channel may differ from the background's and still count as background. */
	static final int BACKGROUND_TOLERANCE = 30;

	/**
	 * A padding preprocessing (the fit of models made before fits existed).
	 * @param size side of the square input
	 * @param mean per-channel mean
	 * @param std per-channel standard deviation
	 * @param background RGB padding colour
	 */
	public Preprocessing(int size, float[] mean, float[] std, int background) {
		this(size, mean, std, background, PAD);
	}

	public Preprocessing {
		if (fit == null) {
			fit = PAD;
		}
		if (!fit.equals(PAD) && !fit.equals(CROP)) {
			throw new IllegalArgumentException("fit must be pad or crop: " + fit);
		}
		if (size < 16 || size > 1024) {
			throw new IllegalArgumentException("size must be in 16..1024: " + size);
		}
		if (mean == null || std == null || mean.length != 3 || std.length != 3) {
			throw new IllegalArgumentException("mean and std need 3 channels");
		}
		for (float s : std) {
			if (!(s > 0)) {
				throw new IllegalArgumentException("std must be positive");
			}
		}
		mean = mean.clone();
		std = std.clone();
	}

	/**
	 * The default for cut-out produce photos.
	 * @param size side of the square input
	 * @return a preprocessing with a white background and fixed normalisation
	 */
	public static Preprocessing of(int size) {
		return new Preprocessing(size, new float[] { 0.6f, 0.5f, 0.45f }, new float[] { 0.3f, 0.3f, 0.3f }, 0xFFFFFF);
	}

	/** @return the number of floats of one input tensor (3 x size x size) */
	public int tensorLength() {
		return 3 * this.size * this.size;
	}

	/**
	 * Decodes a photo with the JDK's decoders and applies its EXIF orientation.
	 * @param bytes the encoded photo
	 * @return the upright RGB image
	 * @throws GradingException {@code photo-unreadable} when it cannot be decoded
	 */
	public static BufferedImage decode(byte[] bytes) {
		BufferedImage img;
		try {
			img = ImageIO.read(new ByteArrayInputStream(bytes));
		}
		catch (IOException | RuntimeException ex) {
			throw new GradingException(GradingException.Kind.INVALID, "photo-unreadable",
					"The photo could not be decoded: " + ex.getMessage());
		}
		if (img == null) {
			throw new GradingException(GradingException.Kind.INVALID, "photo-unreadable",
					"The photo is not an image this service can decode");
		}
		return ExifOrientation.apply(img, ExifOrientation.of(bytes));
	}

	/**
	 * Resizes (keeping the aspect ratio) and pads an image to the model's square.
	 * @param img an upright image
	 * @return interleaved RGB bytes, {@code size * size * 3}, row-major
	 */
	public byte[] square(BufferedImage img) {
		BufferedImage current = img;
		int w = img.getWidth();
		int h = img.getHeight();
		// halve first so bilinear downscaling of big phone photos does not alias
		while (Math.max(w, h) >= 2 * this.size) {
			w = Math.max(1, w / 2);
			h = Math.max(1, h / 2);
			current = draw(current, w, h, w, h, 0, 0);
		}
		BufferedImage out;
		if (this.fit.equals(CROP)) {
			out = draw(produceBox(current), this.size, this.size, this.size, this.size, 0, 0);
		}
		else {
			double scale = (double) this.size / Math.max(w, h);
			int tw = Math.max(1, (int) Math.round(w * scale));
			int th = Math.max(1, (int) Math.round(h * scale));
			out = draw(current, this.size, this.size, tw, th, (this.size - tw) / 2, (this.size - th) / 2);
		}
		int[] argb = out.getRGB(0, 0, this.size, this.size, null, 0, this.size);
		byte[] rgb = new byte[argb.length * 3];
		for (int i = 0; i < argb.length; i++) {
			rgb[3 * i] = (byte) (argb[i] >> 16);
			rgb[3 * i + 1] = (byte) (argb[i] >> 8);
			rgb[3 * i + 2] = (byte) argb[i];
		}
		return rgb;
	}

	/**
	 * @param img an image (already brought near the model's size)
	 * @return the box of its pixels that differ from the background, with a 4 % margin; the whole image
	 *         when that box is under an eighth of a side (a blank photo) or nothing differs
	 */
	BufferedImage produceBox(BufferedImage img) {
		int w = img.getWidth();
		int h = img.getHeight();
		int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
		int br = (this.background >> 16) & 0xff;
		int bg = (this.background >> 8) & 0xff;
		int bb = this.background & 0xff;
		int x0 = w;
		int y0 = h;
		int x1 = -1;
		int y1 = -1;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int p = argb[y * w + x];
				int d = Math.max(Math.abs(((p >> 16) & 0xff) - br),
						Math.max(Math.abs(((p >> 8) & 0xff) - bg), Math.abs((p & 0xff) - bb)));
				if (d > BACKGROUND_TOLERANCE) {
					x0 = Math.min(x0, x);
					x1 = Math.max(x1, x);
					y0 = Math.min(y0, y);
					y1 = Math.max(y1, y);
				}
			}
		}
		if (x1 - x0 < w / 8 || y1 - y0 < h / 8) {
			return img;
		}
		int mx = (x1 - x0) / 25;
		int my = (y1 - y0) / 25;
		x0 = Math.max(0, x0 - mx);
		y0 = Math.max(0, y0 - my);
		x1 = Math.min(w - 1, x1 + mx);
		y1 = Math.min(h - 1, y1 + my);
		return img.getSubimage(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
	}

	private BufferedImage draw(BufferedImage src, int cw, int ch, int w, int h, int x, int y) {
		BufferedImage dst = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = dst.createGraphics();
		try {
			g.setColor(new Color(this.background));
			g.fillRect(0, 0, cw, ch);
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.drawImage(src, x, y, w, h, null);
		}
		finally {
			g.dispose();
		}
		return dst;
	}

	/**
	 * Normalises interleaved RGB bytes into a CHW float tensor.
	 * @param rgb {@code size * size * 3} bytes as returned by {@link #square}
	 * @param dst destination array
	 * @param offset where the tensor starts in {@code dst}
	 */
	public void normalise(byte[] rgb, float[] dst, int offset) {
		int plane = this.size * this.size;
		for (int c = 0; c < 3; c++) {
			float m = this.mean[c];
			float s = this.std[c];
			int base = offset + c * plane;
			for (int i = 0; i < plane; i++) {
				dst[base + i] = ((rgb[3 * i + c] & 0xFF) / 255f - m) / s;
			}
		}
	}

	/**
	 * Decode, orient, square and normalise one photo.
	 * @param photo the encoded photo
	 * @return the CHW tensor data
	 */
	public float[] tensor(byte[] photo) {
		float[] out = new float[tensorLength()];
		normalise(square(decode(photo)), out, 0);
		return out;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Preprocessing p && p.size == this.size && p.background == this.background
				&& Arrays.equals(p.mean, this.mean) && Arrays.equals(p.std, this.std) && p.fit.equals(this.fit);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.size + this.background) + Arrays.hashCode(this.mean) * 7 + Arrays.hashCode(this.std)
				+ 13 * this.fit.hashCode();
	}

	@Override
	public String toString() {
		return "Preprocessing[size=" + this.size + ", mean=" + Arrays.toString(this.mean) + ", std="
				+ Arrays.toString(this.std) + ", background=" + Integer.toHexString(this.background) + ", fit=" + this.fit
				+ "]";
	}

}
