package vn.nguon.traceability.batch;

/**
 * Where a step of a batch happens, as its EPCIS event names it.
 *
 * @param uri the location (a GLN's Digital Link URI, the farm's, or the organisation's URI)
 * @param name its name for people, or {@code null}
 */
record Place(String uri, String name) {

	/** @return the place a command names */
	static Place of(BatchCommands.Party given) {
		return new Place(given.uri(), given.label());
	}

}
