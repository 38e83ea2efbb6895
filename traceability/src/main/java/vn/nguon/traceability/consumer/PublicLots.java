package vn.nguon.traceability.consumer;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

import vn.nguon.traceability.event.EventQueries;
import vn.nguon.traceability.event.StoredEvent;
import vn.nguon.traceability.gs1.LotRef;
import vn.nguon.traceability.organisation.PublicProfile;

/**
 * Assembles the public view of a lot from its master data and the events its owner captured about
 * it, under any domain or as an lgtin URN (the event store indexes canonical keys). A lot is known as
 * soon as one event names it or a batch row exists; only the owning organisation speaks for it.
 */
@Service
public class PublicLots {

	private final PublicLotRepository master;

	private final EventQueries events;

	public PublicLots(PublicLotRepository master, EventQueries events) {
		this.master = master;
		this.events = events;
	}

	/**
	 * @param lot the lot
	 * @return its public view, or empty when neither a batch nor an event names it
	 */
	public Mono<PublicLot> find(LotRef lot) {
		Mono<List<StoredEvent>> lotEvents = this.events.eventsOfLot(lot.gtin(), lot.lot()).collectList();
		Mono<java.util.Optional<LotMaster>> lotMaster = this.master.find(lot).map(java.util.Optional::of)
			.defaultIfEmpty(java.util.Optional.empty());
		return Mono.zip(lotMaster, lotEvents).flatMap(t -> {
			LotMaster m = t.getT1().orElse(null);
			List<StoredEvent> list = t.getT2();
			if (list.isEmpty() && (m == null || !m.batchExists())) {
				return Mono.empty();
			}
			return Mono.just(assemble(lot, m, spokenByOwner(m, list)));
		});
	}

	/**
	 * Who may speak about a lot in public: the organisation that owns it (its batch row, else the owner of
	 * its GTIN's product, else the one that named it first), never one that merely names it. Another organisation's recall or fake harvest
	 * changes nothing public; the recall watcher alerts the owner, who decides.
	 * @param m master data, or {@code null}
	 * @param events every event naming the lot
	 * @return the owner's events
	 */
	static List<StoredEvent> spokenByOwner(LotMaster m, List<StoredEvent> events) {
		java.util.UUID owner = m != null ? m.ownerOrg() : null; // the batch's, or the GTIN's product owner
		if (owner == null) {
			owner = events.stream().filter(e -> e.orgId() != null).min(Comparator.comparingLong(StoredEvent::seq))
				.map(e -> e.orgId().value()).orElse(null);
		}
		java.util.UUID speaker = owner;
		return events.stream().filter(e -> e.orgId() != null && e.orgId().value().equals(speaker)).toList();
	}

	/**
	 * Builds the view (pure: no I/O).
	 * @param lot the lot
	 * @param m master data, or {@code null}
	 * @param stored the lot's events
	 * @return the view
	 */
	public static PublicLot assemble(LotRef lot, LotMaster m, List<StoredEvent> stored) {
		List<StoredEvent> events = new ArrayList<>(stored.stream()
			.filter(e -> !e.event().has("errorDeclaration"))
			.toList());
		events.sort(Comparator.comparing((StoredEvent e) -> time(e.event())).thenComparingLong(StoredEvent::seq));
		List<PublicLot.Step> journey = new ArrayList<>();
		PublicLot.Grade grade = null;
		PublicLot.Recall recall = null;
		LocalDate harvest = (m != null) ? m.harvestDate() : null;
		List<PublicLot.Certification> certifications = new ArrayList<>();
		Set<String> seenCertificates = new LinkedHashSet<>();
		List<String> ids = new ArrayList<>();
		if (m != null) {
			LocalDate today = LocalDate.now(ZoneOffset.UTC);
			for (PublicProfile.Certification c : m.profile().certifications()) {
				PublicLot.Certification pc = new PublicLot.Certification(c.standard(), c.agency(), c.value(), c.uri());
				// an expired certificate is not shown; one also named by an event is shown once
				if ((c.validUntil() == null || !c.validUntil().isBefore(today)) && seenCertificates.add(String.valueOf(pc))) {
					certifications.add(pc);
				}
			}
		}
		for (StoredEvent e : events) {
			JsonNode ev = e.event();
			ids.add(e.eventId());
			OffsetDateTime when = time(ev);
			String bizStep = word(ev.path("bizStep").asString(null));
			String disposition = word(ev.path("disposition").asString(null));
			JsonNode g = ev.has("nguon:grade") ? ev.get("nguon:grade") : ev.get("https://ns.nguon.vn/epcis/grade");
			String kind = kind(ev.path("type").asString(""), bizStep, disposition, g != null);
			journey.add(new PublicLot.Step(kind, when, bizStep, e.eventId()));
			if ("recalled".equals(disposition) && recall == null) {
				recall = new PublicLot.Recall(when, e.eventId());
			}
			if (g != null && g.isObject()) {
				JsonNode photos = g.path("photos");
				String photo = (photos.isArray() && photos.size() > 0) ? photos.get(0).asString(null) : null;
				if (photo != null && !photo.startsWith("/photos/")) {
					photo = null; // only our own public photo endpoint, never a third-party URL
				}
				grade = new PublicLot.Grade(g.path("class").asString(null), g.path("needsReview").asBoolean(false),
						!g.path("reviewedBy").isNull() && !g.path("reviewedBy").isMissingNode(), photo, when,
						e.eventId(), g.path("certainty").isNumber() ? g.path("certainty").asDouble() : null);
			}
			if (harvest == null && "harvested".equals(kind)) {
				harvest = harvestDate(ev.path("ilmd"));
				if (harvest == null && when != null) {
					harvest = when.toLocalDate();
				}
			}
			collectCertifications(ev.get("certificationInfo"), certifications, seenCertificates);
		}
		PublicLot.Place place = null;
		if (m != null && (m.commune() != null || m.district() != null || m.province() != null)) {
			place = new PublicLot.Place(m.commune(), m.district(), m.province());
		}
		return new PublicLot(lot.key(), lot.gtin().value(), lot.lot().value(), m != null ? m.productName() : null,
				m != null ? m.productNameEn() : null, m != null ? m.variety() : null,
				m != null ? m.producerName() : null, place, m != null ? m.coordinates() : null, harvest, journey, grade,
				certifications, recall, ids, producer(m));
	}

	private static PublicLot.Producer producer(LotMaster m) {
		if (m == null || m.producerName() == null) {
			return null;
		}
		PublicProfile p = m.profile();
		return new PublicLot.Producer(m.producerName(), p.phone(), p.email(), p.website(), p.address(), p.about(),
				p.logo() == null ? null : "/logos/" + p.logo());
	}

	static String kind(String type, String bizStep, String disposition, boolean hasGrade) {
		if ("recalled".equals(disposition)) {
			return "recalled";
		}
		if (hasGrade) {
			return "graded";
		}
		if (bizStep == null) {
			return "TransformationEvent".equals(type) ? "processed" : "other";
		}
		return switch (bizStep) {
			case "commissioning", "creating_class_instance" -> "TransformationEvent".equals(type) ? "processed"
					: "harvested";
			case "packing", "loading" -> "packed";
			case "inspecting", "sampling" -> "inspected";
			case "shipping", "departing" -> "shipped";
			case "receiving", "arriving", "accepting" -> "received";
			case "storing", "holding" -> "stored";
			case "transforming", "repackaging", "cutting" -> "processed";
			default -> "TransformationEvent".equals(type) ? "processed" : "other";
		};
	}

	/** The bare CBV word of a business step or disposition given bare, as a URN or as a GS1 URI. */
	static String word(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		String v = value;
		int dash = v.lastIndexOf("BizStep-");
		if (dash >= 0) {
			return v.substring(dash + 8);
		}
		dash = v.lastIndexOf("Disp-");
		if (dash >= 0) {
			return v.substring(dash + 5);
		}
		if (v.startsWith("urn:epcglobal:cbv:")) {
			return v.substring(v.lastIndexOf(':') + 1);
		}
		return v;
	}

	static OffsetDateTime time(JsonNode event) {
		String t = event.path("eventTime").asString(null);
		if (t == null) {
			return OffsetDateTime.ofInstant(java.time.Instant.EPOCH, ZoneOffset.UTC);
		}
		try {
			OffsetDateTime at = OffsetDateTime.parse(t);
			String offset = event.path("eventTimeZoneOffset").asString(null);
			return (offset != null) ? at.withOffsetSameInstant(ZoneOffset.of(offset)) : at;
		}
		catch (RuntimeException ex) {
			return OffsetDateTime.ofInstant(java.time.Instant.EPOCH, ZoneOffset.UTC);
		}
	}

	static LocalDate harvestDate(JsonNode ilmd) {
		if (ilmd == null || !ilmd.isObject()) {
			return null;
		}
		for (String name : ilmd.propertyNames()) {
			String local = name.substring(name.lastIndexOf(':') + 1);
			local = local.substring(local.lastIndexOf('/') + 1);
			if (local.equals("harvestDate") || local.equals("harvestStartDate")) {
				String v = ilmd.get(name).asString("");
				try {
					return LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v);
				}
				catch (RuntimeException ex) {
					return null;
				}
			}
		}
		return null;
	}

	private static void collectCertifications(JsonNode info, List<PublicLot.Certification> out, Set<String> seen) {
		if (info == null || info.isNull()) {
			return;
		}
		if (info.isArray()) {
			for (JsonNode i : info) {
				collectCertifications(i, out, seen);
			}
			return;
		}
		PublicLot.Certification c;
		if (info.isString()) {
			String v = info.asString();
			boolean link = v.startsWith("https://") || v.startsWith("http://");
			c = new PublicLot.Certification(link ? null : v, null, null, link ? v : null);
		}
		else if (info.isObject()) {
			String uri = text(info, "certificationIdentification", "id", "@id");
			c = new PublicLot.Certification(text(info, "certificationStandard", "gs1:certificationStandard"),
					text(info, "certificationAgency", "gs1:certificationAgency"),
					text(info, "certificationValue", "gs1:certificationValue"),
					(uri != null && (uri.startsWith("https://") || uri.startsWith("http://"))) ? uri : null);
		}
		else {
			return;
		}
		if (seen.add(String.valueOf(c))) {
			out.add(c);
		}
	}

	private static String text(JsonNode node, String... names) {
		for (String n : names) {
			JsonNode v = node.get(n);
			if (v != null && v.isValueNode()) {
				return v.asString();
			}
		}
		return null;
	}

}
