package vn.nguon.grading.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The produce-quality data set as published in {@code ../shared/datasets/produce-quality}: the rows of
 * {@code FILES.tsv} (split, label, file, grade 1..10, specimen). Labels are fresh (grades 1-3), medium
 * (4-7) and rotten (8-10); the ten grades are the model's fine output units.
 *
 * @param root the data set folder
 * @param samples every photo
 */
public record Catalog(Path root, List<Sample> samples) {

	/** The labels, in output order. */
	public static final List<String> LABELS = List.of("fresh", "medium", "rotten");

	/** The fine units: the original FGrade grades. */
	public static final List<String> UNITS = List.of("g01", "g02", "g03", "g04", "g05", "g06", "g07", "g08", "g09",
			"g10");

	/** Label index of each grade unit. */
	public static final List<Integer> UNIT_LABEL = List.of(0, 0, 0, 1, 1, 1, 1, 2, 2, 2);

	public Catalog {
		samples = List.copyOf(samples);
	}

	/**
	 * Reads {@code FILES.tsv}.
	 * @param root the data set folder
	 * @return the catalog
	 */
	public static Catalog read(Path root) throws IOException {
		List<String> lines = Files.readAllLines(root.resolve("FILES.tsv"), StandardCharsets.UTF_8);
		List<String> header = List.of(lines.get(0).split("\t"));
		int split = header.indexOf("split");
		int label = header.indexOf("label");
		int file = header.indexOf("file");
		int grade = header.indexOf("grade");
		int specimen = header.indexOf("specimen");
		List<Sample> samples = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] f = line.split("\t");
			int g = Integer.parseInt(f[grade]);
			int l = LABELS.indexOf(f[label]);
			if (l < 0 || g < 1 || g > 10 || UNIT_LABEL.get(g - 1) != l) {
				throw new IllegalStateException("inconsistent row in FILES.tsv: " + line);
			}
			samples.add(new Sample(root.resolve(f[split]).resolve(f[label]).resolve(f[file]), f[split], l, g - 1,
					f[specimen]));
		}
		return new Catalog(root, samples);
	}

	/**
	 * Adds photos (e.g. reviewed photos exported to files) to the catalog.
	 * @param extra more samples, all on the training side of the file split
	 * @return a new catalog
	 */
	public Catalog withExtra(List<Sample> extra) {
		List<Sample> all = new ArrayList<>(this.samples);
		all.addAll(extra);
		return new Catalog(this.root, all);
	}

	/**
	 * The fine unit standing for a label when only the label is known (the middle grade of its range).
	 * @param label a label index
	 * @return a unit index
	 */
	public static int unitOfLabel(int label) {
		return switch (label) {
			case 0 -> 1;
			case 1 -> 5;
			default -> 8;
		};
	}

	/**
	 * SHA-256 over the listing and the bytes of every file, in listing order: names the exact data a
	 * model was trained on.
	 * @return lower-case hex digest
	 */
	public String sha256() throws IOException {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			md.update(Files.readAllBytes(this.root.resolve("FILES.tsv")));
			for (Sample s : this.samples) {
				md.update(Files.readAllBytes(s.file()));
			}
			return HexFormat.of().formatHex(md.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
