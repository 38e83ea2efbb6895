package vn.nguon.api.epcis;

import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;

import vn.nguon.api.security.Actors;
import vn.nguon.traceability.epcis.EpcisException;
import vn.nguon.traceability.event.EpcisSettings;
import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.organisation.OrgId;
import vn.nguon.traceability.subscription.QueryDocuments;

/**
 * Runs a parsed SimpleEventQuery for a viewer: first the {@code maxEventCount} check (a
 * {@code QueryTooLargeException} when more events match), then the page. Shared by
 * {@code GET /epcis/events}, the top-level resources and named queries.
 */
@Component
public class EventAnswers {

	private final EventQueries queries;

	private final EpcisSettings settings;

	private final QueryDocuments documents;

	EventAnswers(EventQueries queries, EpcisSettings settings, QueryDocuments documents) {
		this.queries = queries;
		this.settings = settings;
		this.documents = documents;
	}

	/**
	 * Answers a SimpleEventQuery as one page of an EPCISQueryDocument, with the paging headers.
	 * @param exchange the request
	 * @param params the query parameters (the request's, with a top-level resource's path value added)
	 * @return the response
	 */
	Mono<ResponseEntity<ObjectNode>> answer(ServerWebExchange exchange, MultiValueMap<String, String> params) {
		QueryParameters parsed;
		try {
			parsed = QueryParameters.parse(params, this.settings.maxPageSize());
		}
		catch (EpcisException ex) {
			return Mono.error(ex);
		}
		return Actors.current().flatMap(actor -> run(actor.orgId(), parsed))
			.map(events -> {
				EventPage page = EventPage.of(parsed, events, exchange.getRequest().getURI());
				return ResponseEntity.ok().headers(page.headers()).contentType(MediaType.APPLICATION_JSON)
					.body(this.documents.document("SimpleEventQuery", null, page.events()));
			});
	}

	/**
	 * @param viewer the organisation asking
	 * @param parsed the query
	 * @return the events of the page (one more than a page when a next page exists)
	 */
	public Mono<List<StoredEvent>> run(OrgId viewer, QueryParameters parsed) {
		Integer max = parsed.maxEventCount();
		Mono<Void> check = max == null ? Mono.empty()
				: this.queries.count(viewer, parsed.query(), max + 1)
					.flatMap(n -> n > max ? Mono.error(EpcisException.queryTooLarge("epcis-query-too-large",
							"The query matches more than " + max + " events (maxEventCount).", max)) : Mono.<Void>empty());
		return check.then(this.queries.query(viewer, parsed.query()).collectList());
	}

}
