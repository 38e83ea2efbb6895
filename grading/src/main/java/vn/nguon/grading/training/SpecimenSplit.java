package vn.nguon.grading.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A split of the data grouped by specimen: every photo of one fruit is in exactly one of train,
 * validation (early stopping, calibration) and held-out (the honest evaluation). The training side
 * uses only the files published in the {@code train} folder, so the file-level {@code test} folder
 * also stays unseen.
 *
 * @param train specimens to learn from
 * @param validation specimens for early stopping and temperature fitting
 * @param heldOut specimens never used before the final evaluation
 */
public record SpecimenSplit(Set<String> train, Set<String> validation, Set<String> heldOut) {

	public SpecimenSplit {
		train = Set.copyOf(train);
		validation = Set.copyOf(validation);
		heldOut = Set.copyOf(heldOut);
		for (String s : validation) {
			if (train.contains(s) || heldOut.contains(s)) {
				throw new IllegalArgumentException("specimen on two sides: " + s);
			}
		}
		for (String s : heldOut) {
			if (train.contains(s)) {
				throw new IllegalArgumentException("specimen on two sides: " + s);
			}
		}
	}

	/**
	 * A deterministic split: specimens sorted, shuffled with the seed, the first share held out, the
	 * next share for validation.
	 * @param samples all samples
	 * @param heldOutShare share of specimens held out (e.g. 0.2)
	 * @param validationShare share of specimens for validation (e.g. 0.12)
	 * @param seed the split seed (fixed for the shipped model so the card's figures can be re-checked)
	 * @return the split
	 */
	public static SpecimenSplit of(List<Sample> samples, double heldOutShare, double validationShare, long seed) {
		List<String> specimens = new ArrayList<>(new TreeSet<>(samples.stream().map(Sample::specimen).toList()));
		Collections.shuffle(specimens, new Random(seed));
		int h = (int) Math.round(specimens.size() * heldOutShare);
		int v = (int) Math.round(specimens.size() * validationShare);
		return new SpecimenSplit(Set.copyOf(specimens.subList(h + v, specimens.size())),
				Set.copyOf(specimens.subList(h, h + v)), Set.copyOf(specimens.subList(0, h)));
	}

	/** @return photos to train on: train specimens, published train folder only */
	public List<Sample> trainSamples(List<Sample> all) {
		return all.stream().filter(s -> this.train.contains(s.specimen()) && s.split().equals("train")).toList();
	}

	/** @return every photo of the validation specimens */
	public List<Sample> validationSamples(List<Sample> all) {
		return all.stream().filter(s -> this.validation.contains(s.specimen())).toList();
	}

	/** @return every photo of the held-out specimens */
	public List<Sample> heldOutSamples(List<Sample> all) {
		return all.stream().filter(s -> this.heldOut.contains(s.specimen())).toList();
	}

	/** @return the published file-level test split (flatters: its specimens also appear in training) */
	public static List<Sample> fileTestSamples(List<Sample> all) {
		return all.stream().filter(s -> s.split().equals("test")).collect(Collectors.toList());
	}

}
