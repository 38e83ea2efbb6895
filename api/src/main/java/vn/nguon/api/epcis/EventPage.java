package vn.nguon.api.epcis;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.UriComponentsBuilder;

import vn.nguon.traceability.event.EventQuery;
import vn.nguon.traceability.event.StoredEvent;

/**
 * One page of an EPCIS query answer: the events to return and, when more follow, the RFC 8288
 * {@code Link: <...nextPageToken=...>; rel="next"} header. Shared by the standard query
 * ({@code GET /epcis/events}) and named queries ({@code GET /epcis/queries/{name}/events}).
 *
 * @param events the events of this page
 * @param headers the paging headers (empty on the last page)
 */
public record EventPage(List<StoredEvent> events, HttpHeaders headers) {

	/**
	 * @param parsed the parsed query (page size, order); the store was asked for one event more than a page
	 * @param events what the store answered
	 * @param request the request URI, whose {@code nextPageToken} is replaced in the next link
	 * @return the page
	 */
	public static EventPage of(QueryParameters parsed, List<StoredEvent> events, URI request) {
		HttpHeaders headers = new HttpHeaders();
		if (!parsed.paged() || events.size() <= parsed.pageSize()) {
			return new EventPage(events, headers);
		}
		List<StoredEvent> page = events.subList(0, parsed.pageSize());
		StoredEvent last = page.get(page.size() - 1);
		EventQuery.Cursor cursor;
		String field = parsed.query().orderField();
		if (field != null) {
			cursor = new EventQuery.Cursor(null, last.seq(), last.event().has(field) ? last.event().get(field).toString() : "null");
		}
		else {
			Instant t = parsed.query().orderByRecordTime() ? last.recordTime()
					: OffsetDateTime.parse(last.event().get("eventTime").asString()).toInstant();
			cursor = new EventQuery.Cursor(t, last.seq());
		}
		URI next = UriComponentsBuilder.fromUri(request)
			.replaceQueryParam("nextPageToken", cursor.token())
			.build(true)
			.toUri();
		headers.add(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
		return new EventPage(page, headers);
	}

}
