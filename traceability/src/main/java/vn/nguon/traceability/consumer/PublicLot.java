package vn.nguon.traceability.consumer;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The public view of one lot, as shown on the consumer page and in the resolver's JSON. It holds
 * no personal data: no phone numbers, no people's names, and farm coordinates only when the
 * cooperative opted in.
 *
 * @param key canonical lot key {@code 01/{gtin}/10/{lot}}
 * @param gtin GTIN-14
 * @param lot lot code
 * @param productName product name in Vietnamese ({@code null} when the product is not registered here)
 * @param productNameEn product name in English, if given
 * @param variety variety, if given
 * @param cooperative name of the organisation that owns the batch, if known
 * @param place farm commune, district and province, if known
 * @param coordinates farm point {@code [latitude, longitude]}, only when the organisation made them public
 * @param harvestDate harvest date, if known
 * @param journey the lot's events, oldest first, as steps
 * @param grade the latest quality grade, if any
 * @param certifications certifications named by the lot's events
 * @param recall the recall, if the lot is recalled
 * @param eventIds eventIDs of the lot's events (for the transparency-log verification)
 * @param producer how to reach the owning organisation, from its public profile, or {@code null}
 */
public record PublicLot(String key, String gtin, String lot, String productName, String productNameEn, String variety,
		String cooperative, Place place, double[] coordinates, LocalDate harvestDate, List<Step> journey, Grade grade,
		List<Certification> certifications, Recall recall, List<String> eventIds, Producer producer) {

	public PublicLot {
		journey = List.copyOf(journey);
		certifications = List.copyOf(certifications);
		eventIds = List.copyOf(eventIds);
	}

	/** @return whether the lot is recalled */
	public boolean recalled() {
		return this.recall != null;
	}

	/**
	 * Where the farm is, to the level of the commune.
	 * @param commune commune (xã / phường)
	 * @param district former district (huyện), kept for old records; not part of today's address
	 * @param province province (tỉnh)
	 */
	public record Place(String commune, String district, String province) {

		/**
		 * @return commune and today's province joined with a comma (two levels, as addresses are since
		 * 1 July 2025: the former district is not part of it), or {@code null}
		 */
		public String text() {
			String s = java.util.stream.Stream.of(this.commune, vn.nguon.traceability.farm.Provinces.current(this.province))
				.filter(p -> p != null && !p.isBlank())
				.collect(java.util.stream.Collectors.joining(", "));
			return s.isEmpty() ? null : s;
		}

	}

	/**
	 * One step of the journey.
	 * @param kind {@code harvested}, {@code packed}, {@code graded}, {@code inspected}, {@code shipped},
	 * {@code received}, {@code stored}, {@code processed}, {@code recalled} or {@code other}
	 * @param time when it happened, at the event's own offset
	 * @param bizStep the CBV business step (bare word), if any
	 * @param eventId the event
	 */
	public record Step(String kind, OffsetDateTime time, String bizStep, String eventId) {
	}

	/**
	 * A quality grade (an EPCIS inspecting event with the {@code nguon:grade} extension).
	 * @param gradeClass {@code EXTRA}, {@code CLASS_I}, {@code CLASS_II} or {@code REJECT}
	 * @param needsReview whether a reviewer still has to confirm it
	 * @param reviewed whether a reviewer confirmed or set it
	 * @param photo public URL of a photo of the sample ({@code /photos/{id}}), if any
	 * @param time when it was graded
	 * @param eventId the grading event
	 * @param certainty the probability of the class the model gave, or {@code null} when the event does not say
	 */
	public record Grade(String gradeClass, boolean needsReview, boolean reviewed, String photo, OffsetDateTime time,
			String eventId, Double certainty) {

		/** @return whether consumers may see the class: a person checked it, or the model decided it alone */
		public boolean shown() {
			return this.reviewed || !this.needsReview;
		}

		/** @return the certainty as a whole percentage, or {@code null} */
		public Long certaintyPercent() {
			return this.certainty == null ? null : Math.round(this.certainty * 100);
		}

	}

	/**
	 * The owning organisation's published contact.
	 * @param name the name consumers see
	 * @param phone office phone, or {@code null}
	 * @param email office e-mail, or {@code null}
	 * @param website website, or {@code null}
	 * @param address postal address, or {@code null}
	 * @param about a short text, or {@code null}
	 * @param logo the logo's path ({@code /logos/{sha256}}), or {@code null}
	 */
	public record Producer(String name, String phone, String email, String website, String address, String about,
			String logo) {

		/** @return the phone as a {@code tel:} URI (digits and a leading +), or {@code null} */
		public String telUri() {
			return this.phone == null ? null : "tel:" + this.phone.replaceAll("[^0-9+]", "");
		}

	}

	/**
	 * A certification.
	 * @param standard the standard (e.g. VietGAP), or {@code null}
	 * @param agency the certifying body, or {@code null}
	 * @param value certificate number or value, or {@code null}
	 * @param uri link to the certificate, or {@code null}
	 */
	public record Certification(String standard, String agency, String value, String uri) {
	}

	/**
	 * A recall.
	 * @param since when the first recall event happened
	 * @param eventId the first recall event
	 */
	public record Recall(OffsetDateTime since, String eventId) {
	}

}
