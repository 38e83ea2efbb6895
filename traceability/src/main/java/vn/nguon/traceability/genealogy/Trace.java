package vn.nguon.traceability.genealogy;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import vn.nguon.traceability.gs1.LotRef;

/**
 * The answer of a trace: everything upstream (back) or downstream (forward) of a lot.
 *
 * @param lot the lot traced from
 * @param direction back (inputs, to the farms) or forward (outputs, containers, holders)
 * @param nodes every identifier reached, with its distance from {@code lot} (the lot itself at depth 0)
 * @param farms the batches (farm, field, harvest date) behind the lots reached, as registered
 * @param places locations and parties named by events of the lots reached: business locations,
 * sources and destinations (holders)
 */
public record Trace(LotRef lot, Direction direction, List<Node> nodes, List<Farm> farms, List<Place> places) {

	public Trace {
		Objects.requireNonNull(lot, "lot");
		Objects.requireNonNull(direction, "direction");
		nodes = List.copyOf(nodes);
		farms = List.copyOf(farms);
		places = List.copyOf(places);
	}

	/** @return the lots reached (not containers or serialised items), nearest first */
	public List<LotRef> lots() {
		return this.nodes.stream().filter(n -> n.lot() != null).map(Node::lot).toList();
	}

	/** Which way a trace goes. */
	public enum Direction {

		/** Towards inputs and farms. */
		BACK,
		/** Towards outputs, containers and holders. */
		FORWARD

	}

	/**
	 * One identifier reached.
	 * @param key canonical key ({@code 01/{gtin}/10/{lot}}, {@code 00/{sscc}}, ...)
	 * @param depth number of genealogy steps from the traced lot
	 * @param lot the lot, when the key names one; otherwise {@code null}
	 */
	public record Node(String key, int depth, LotRef lot) {
	}

	/**
	 * A registered batch behind a lot reached.
	 * @param lot the lot
	 * @param batchId the batch
	 * @param farmId the farm, or {@code null}
	 * @param farmName the farm's name, or {@code null}
	 * @param fieldName the field (plot) name, or {@code null}
	 * @param commune commune of the farm
	 * @param district district of the farm
	 * @param province province of the farm
	 * @param harvestDate harvest date, or {@code null}
	 */
	public record Farm(LotRef lot, UUID batchId, UUID farmId, String farmName, String fieldName, String commune,
			String district, String province, LocalDate harvestDate) {
	}

	/**
	 * A place or party named by an event of a lot reached.
	 * @param role {@code bizLocation}, {@code source} or {@code destination}
	 * @param key canonical key ({@code 414/{gln}}, {@code 417/{gln}}) or the identifier as sent
	 */
	public record Place(String role, String key) {
	}

}
