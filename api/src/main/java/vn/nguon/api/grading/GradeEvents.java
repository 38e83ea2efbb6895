package vn.nguon.api.grading;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import vn.nguon.grading.queue.GradingStore;
import vn.nguon.grading.queue.StoredGrade;
import vn.nguon.traceability.batch.BatchDirectory;
import vn.nguon.traceability.batch.BatchDirectory.BatchSummary;
import vn.nguon.traceability.event.EventCapture;
import vn.nguon.traceability.organisation.OrgId;

/**
 * Records every batch grade as the EPCIS {@code inspecting} ObjectEvent of contract 3, from grading's
 * outbox: grades without a recorded event are captured (eventID {@code urn:uuid:<grade id>}, so a re-send
 * is stored once) and marked. Runs after each queue round and after each review.
 */
@Component
class GradeEvents {

	private static final Logger log = LoggerFactory.getLogger(GradeEvents.class);

	static final String NGUON_NS = "https://ns.nguon.vn/epcis/";

	private final GradingStore store;

	private final BatchDirectory batches;

	private final ObjectProvider<EventCapture> capture;

	private final GradingProperties props;

	private final JsonMapper json = JsonMapper.builder().build();

	GradeEvents(GradingStore store, BatchDirectory batches, ObjectProvider<EventCapture> capture,
			GradingProperties props) {
		this.store = store;
		this.batches = batches;
		this.capture = capture;
		this.props = props;
	}

	/** Captures the events of grades not yet recorded; failures are logged and retried next round. */
	Mono<Void> publishPending() {
		EventCapture events = this.capture.getIfAvailable();
		if (events == null) {
			return Mono.empty();
		}
		return this.store.gradesWithoutEvent(50)
			.concatMap(g -> this.batches.find(OrgId.of(g.orgId()), g.batchId())
				.flatMap(b -> events.captureEvent(OrgId.of(g.orgId()), event(g, b)))
				.flatMap(stored -> this.store.markRecorded(g.id(), stored.eventId()))
				.onErrorResume(ex -> {
					log.warn("Inspecting event of grade {} not recorded yet: {}", g.id(), ex.getMessage());
					return Mono.empty();
				}))
			.then();
	}

	/** The EPCIS 2.0 event of a grade (contract 3). */
	ObjectNode event(StoredGrade g, BatchSummary batch) {
		ObjectNode e = this.json.createObjectNode();
		ArrayNode context = e.putArray("@context");
		context.add("https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
		context.addObject().put("nguon", NGUON_NS);
		e.put("type", "ObjectEvent");
		e.put("eventID", eventId(g));
		ZoneOffset offset = ZoneOffset.of(this.props.timeZoneOffset());
		e.put("eventTime", OffsetDateTime.ofInstant(g.createdAt(), offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		e.put("eventTimeZoneOffset", offset.getId().equals("Z") ? "+00:00" : offset.getId());
		e.putArray("epcList");
		e.put("action", "OBSERVE");
		e.put("bizStep", "inspecting");
		e.put("disposition", "REJECT".equals(g.grade()) ? "non_conformant" : "conformant");
		ArrayNode quantities = e.putArray("quantityList");
		quantities.addObject().put("epcClass", "https://id.gs1.org/01/" + batch.gtin().value() + "/10/"
				+ java.net.URLEncoder.encode(batch.lot().value(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
		ObjectNode grade = e.putObject("nguon:grade");
		grade.put("class", g.grade());
		grade.put("needsReview", g.needsReview());
		grade.put("certainty", g.certainty());
		grade.put("status", g.status());
		grade.put("modelVersion", g.modelVersion());
		grade.put("policyVersion", g.policyVersion());
		grade.put("sampleSize", g.sampleSize());
		grade.put("defectiveShare", g.defectiveShare());
		ArrayNode photos = grade.putArray("photos");
		g.photoIds().forEach(id -> photos.add("/photos/" + id));
		ArrayNode shas = grade.putArray("photoSha256");
		g.photoSha256().forEach(shas::add);
		if (g.reviewedBy() == null) {
			grade.putNull("reviewedBy");
		}
		else {
			grade.put("reviewedBy", g.reviewedBy());
		}
		if (g.overrides() == null) {
			grade.putNull("overrides");
		}
		else {
			grade.put("overrides", "urn:uuid:" + g.overrides());
		}
		return e;
	}

	static String eventId(StoredGrade g) {
		return "urn:uuid:" + g.id();
	}

}
