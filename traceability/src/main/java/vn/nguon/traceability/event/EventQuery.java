package vn.nguon.traceability.event;

import java.time.Instant;
import java.util.List;

/**
 * The filters of an EPCIS 2.0 event query (SimpleEventQuery parameters). Lists mean "any of";
 * empty lists and {@code null} bounds do not filter. Identifier values may be EPC URNs, GS1
 * Digital Link URIs on any domain, or EPC patterns ({@code urn:epc:idpat:sgtin:0614141.107346.*}).
 *
 * @param eventTypes {@code eventType}
 * @param geEventTime {@code GE_eventTime} (inclusive)
 * @param ltEventTime {@code LT_eventTime} (exclusive)
 * @param geRecordTime {@code GE_recordTime}
 * @param ltRecordTime {@code LT_recordTime}
 * @param actions {@code EQ_action}
 * @param bizSteps {@code EQ_bizStep} (bare CBV words or URIs)
 * @param dispositions {@code EQ_disposition}
 * @param readPoints {@code EQ_readPoint}
 * @param bizLocations {@code EQ_bizLocation}
 * @param eventIds {@code EQ_eventID}
 * @param matchEpc {@code MATCH_epc}: epcList and childEPCs
 * @param matchAnyEpc {@code MATCH_anyEPC}: epcList, childEPCs, inputEPCList, outputEPCList, parentID
 * @param matchParentId {@code MATCH_parentID}
 * @param matchInputEpc {@code MATCH_inputEPC}
 * @param matchOutputEpc {@code MATCH_outputEPC}
 * @param matchEpcClass {@code MATCH_epcClass}: quantityList and childQuantityList
 * @param matchAnyEpcClass {@code MATCH_anyEPCClass}: every quantity list
 * @param matchInputEpcClass {@code MATCH_inputEPCClass}
 * @param matchOutputEpcClass {@code MATCH_outputEPCClass}
 * @param wdReadPoints {@code WD_readPoint}: the read point or a sub-location of it ({@code 414/{gln}/254/{ext}}
 * of a GLN given without extension; this service keeps no other location hierarchy as master data)
 * @param wdBizLocations {@code WD_bizLocation}, likewise
 * @param conditions conditions on other fields of the event (all must hold)
 * @param attributeConditions conditions on the master data of the event's vocabulary fields (all must hold)
 * @param orderByRecordTime order by recordTime instead of eventTime
 * @param orderField order by this top-level field of the event ({@code example:myField}) instead of
 * a time, or {@code null}; events without it come first in ascending order
 * @param descending newest first
 * @param limit most events returned (page size or eventCountLimit)
 * @param after continue after this position (from a {@link Cursor} of an earlier page), or {@code null}
 */
public record EventQuery(List<String> eventTypes, Instant geEventTime, Instant ltEventTime, Instant geRecordTime,
		Instant ltRecordTime, List<String> actions, List<String> bizSteps, List<String> dispositions,
		List<String> readPoints, List<String> bizLocations, List<String> eventIds, List<String> matchEpc,
		List<String> matchAnyEpc, List<String> matchParentId, List<String> matchInputEpc, List<String> matchOutputEpc,
		List<String> matchEpcClass, List<String> matchAnyEpcClass, List<String> matchInputEpcClass,
		List<String> matchOutputEpcClass, List<String> wdReadPoints, List<String> wdBizLocations,
		List<FieldCondition> conditions, List<AttributeCondition> attributeConditions, boolean orderByRecordTime,
		String orderField, boolean descending, int limit, Cursor after) {

	public EventQuery {
		eventTypes = List.copyOf(eventTypes);
		actions = List.copyOf(actions);
		bizSteps = List.copyOf(bizSteps);
		dispositions = List.copyOf(dispositions);
		readPoints = List.copyOf(readPoints);
		bizLocations = List.copyOf(bizLocations);
		eventIds = List.copyOf(eventIds);
		matchEpc = List.copyOf(matchEpc);
		matchAnyEpc = List.copyOf(matchAnyEpc);
		matchParentId = List.copyOf(matchParentId);
		matchInputEpc = List.copyOf(matchInputEpc);
		matchOutputEpc = List.copyOf(matchOutputEpc);
		matchEpcClass = List.copyOf(matchEpcClass);
		matchAnyEpcClass = List.copyOf(matchAnyEpcClass);
		matchInputEpcClass = List.copyOf(matchInputEpcClass);
		matchOutputEpcClass = List.copyOf(matchOutputEpcClass);
		wdReadPoints = List.copyOf(wdReadPoints);
		wdBizLocations = List.copyOf(wdBizLocations);
		conditions = List.copyOf(conditions);
		attributeConditions = List.copyOf(attributeConditions);
		if (orderField != null && !FieldCondition.NAME.matcher(orderField).matches()) {
			throw new IllegalArgumentException("not a field name: " + orderField);
		}
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be positive");
		}
	}

	/** @return a query for every event, oldest first, at most {@code limit} */
	public static EventQuery all(int limit) {
		return builder().limit(limit).build();
	}

	/** @return the same query with another limit */
	public EventQuery withLimit(int limit) {
		return new EventQuery(this.eventTypes, this.geEventTime, this.ltEventTime, this.geRecordTime,
				this.ltRecordTime, this.actions, this.bizSteps, this.dispositions, this.readPoints, this.bizLocations,
				this.eventIds, this.matchEpc, this.matchAnyEpc, this.matchParentId, this.matchInputEpc,
				this.matchOutputEpc, this.matchEpcClass, this.matchAnyEpcClass, this.matchInputEpcClass,
				this.matchOutputEpcClass, this.wdReadPoints, this.wdBizLocations, this.conditions, this.attributeConditions,
				this.orderByRecordTime, this.orderField, this.descending, limit, this.after);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A position in the result order, for the next page.
	 * @param time the order time (eventTime or recordTime) of the last event returned, or {@code null}
	 * when ordering by a field
	 * @param seq its capture sequence number
	 * @param value when ordering by a field: its value in the last event returned, as JSON
	 * ({@code null} when the event lacks it)
	 */
	public record Cursor(Instant time, long seq, String value) {

		/**
		 * @param time the order time of the last event returned
		 * @param seq its capture sequence number
		 */
		public Cursor(Instant time, long seq) {
			this(time, seq, null);
		}

		/** @return an opaque token for {@code nextPageToken} */
		public String token() {
			String s = this.time != null ? this.time + "|" + this.seq : "v|" + this.seq + "|" + this.value;
			return java.util.Base64.getUrlEncoder().withoutPadding()
				.encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}

		/**
		 * @param token a token from {@link #token()}
		 * @return the cursor
		 * @throws IllegalArgumentException when the token is not one of ours
		 */
		public static Cursor parse(String token) {
			try {
				String s = new String(java.util.Base64.getUrlDecoder().decode(token),
						java.nio.charset.StandardCharsets.UTF_8);
				if (s.startsWith("v|")) {
					int bar = s.indexOf('|', 2);
					return new Cursor(null, Long.parseLong(s.substring(2, bar)), s.substring(bar + 1));
				}
				int bar = s.indexOf('|');
				return new Cursor(Instant.parse(s.substring(0, bar)), Long.parseLong(s.substring(bar + 1)));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("not a page token: " + token, ex);
			}
		}

	}

	/** Builds an {@link EventQuery}. */
	public static final class Builder {

		private List<String> eventTypes = List.of(), actions = List.of(), bizSteps = List.of(),
				dispositions = List.of(), readPoints = List.of(), bizLocations = List.of(), eventIds = List.of(),
				matchEpc = List.of(), matchAnyEpc = List.of(), matchParentId = List.of(), matchInputEpc = List.of(),
				matchOutputEpc = List.of(), matchEpcClass = List.of(), matchAnyEpcClass = List.of(),
				matchInputEpcClass = List.of(), matchOutputEpcClass = List.of(), wdReadPoints = List.of(),
				wdBizLocations = List.of();

		private List<FieldCondition> conditions = List.of();

		private List<AttributeCondition> attributeConditions = List.of();

		private String orderField;

		private Instant geEventTime, ltEventTime, geRecordTime, ltRecordTime;

		private boolean orderByRecordTime, descending;

		private int limit = 100;

		private Cursor after;

		public Builder eventTypes(List<String> v) { this.eventTypes = v; return this; }
		public Builder geEventTime(Instant v) { this.geEventTime = v; return this; }
		public Builder ltEventTime(Instant v) { this.ltEventTime = v; return this; }
		public Builder geRecordTime(Instant v) { this.geRecordTime = v; return this; }
		public Builder ltRecordTime(Instant v) { this.ltRecordTime = v; return this; }
		public Builder actions(List<String> v) { this.actions = v; return this; }
		public Builder bizSteps(List<String> v) { this.bizSteps = v; return this; }
		public Builder dispositions(List<String> v) { this.dispositions = v; return this; }
		public Builder readPoints(List<String> v) { this.readPoints = v; return this; }
		public Builder bizLocations(List<String> v) { this.bizLocations = v; return this; }
		public Builder eventIds(List<String> v) { this.eventIds = v; return this; }
		public Builder matchEpc(List<String> v) { this.matchEpc = v; return this; }
		public Builder matchAnyEpc(List<String> v) { this.matchAnyEpc = v; return this; }
		public Builder matchParentId(List<String> v) { this.matchParentId = v; return this; }
		public Builder matchInputEpc(List<String> v) { this.matchInputEpc = v; return this; }
		public Builder matchOutputEpc(List<String> v) { this.matchOutputEpc = v; return this; }
		public Builder matchEpcClass(List<String> v) { this.matchEpcClass = v; return this; }
		public Builder matchAnyEpcClass(List<String> v) { this.matchAnyEpcClass = v; return this; }
		public Builder matchInputEpcClass(List<String> v) { this.matchInputEpcClass = v; return this; }
		public Builder matchOutputEpcClass(List<String> v) { this.matchOutputEpcClass = v; return this; }
		public Builder wdReadPoints(List<String> v) { this.wdReadPoints = v; return this; }
		public Builder wdBizLocations(List<String> v) { this.wdBizLocations = v; return this; }
		public Builder conditions(List<FieldCondition> v) { this.conditions = v; return this; }
		public Builder attributeConditions(List<AttributeCondition> v) { this.attributeConditions = v; return this; }
		public Builder orderField(String v) { this.orderField = v; return this; }
		public Builder orderByRecordTime(boolean v) { this.orderByRecordTime = v; return this; }
		public Builder descending(boolean v) { this.descending = v; return this; }
		public Builder limit(int v) { this.limit = v; return this; }
		public Builder after(Cursor v) { this.after = v; return this; }

		public EventQuery build() {
			return new EventQuery(this.eventTypes, this.geEventTime, this.ltEventTime, this.geRecordTime,
					this.ltRecordTime, this.actions, this.bizSteps, this.dispositions, this.readPoints,
					this.bizLocations, this.eventIds, this.matchEpc, this.matchAnyEpc, this.matchParentId,
					this.matchInputEpc, this.matchOutputEpc, this.matchEpcClass, this.matchAnyEpcClass,
					this.matchInputEpcClass, this.matchOutputEpcClass, this.wdReadPoints, this.wdBizLocations,
					this.conditions, this.attributeConditions, this.orderByRecordTime, this.orderField, this.descending, this.limit, this.after);
		}

	}

}
