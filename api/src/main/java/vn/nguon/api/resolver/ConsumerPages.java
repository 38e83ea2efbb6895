package vn.nguon.api.resolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import vn.nguon.traceability.consumer.LotChangeFeed;
import vn.nguon.traceability.consumer.LotMaster;
import vn.nguon.traceability.consumer.PublicLot;
import vn.nguon.traceability.consumer.PublicLotRepository;
import vn.nguon.traceability.consumer.PublicLots;
import vn.nguon.traceability.gs1.Gtin;
import vn.nguon.traceability.gs1.LotRef;

/**
 * Public lot views and their rendered forms (HTML per language, JSON), cached in memory. An entry
 * is dropped as soon as the change feed reports a new event naming the lot, and after a short
 * time to live in any case (master data such as a product name can change without an event).
 * The ETags of rendered forms are kept apart ({@link LotEtags}, longer time to live) so a
 * revalidation is answered without loading the view again.
 * <p>
 * Over 300 lines: the cache of a lot's view, its rendered forms and their invalidation are kept together, so a
 * change of the lot cannot miss one of its forms.
 */
@Service
class ConsumerPages {

	/** A rendered representation with its validator. */
	record Rendered(byte[] body, String etag) {

		/** @param variant names the representation in the tag, so a language or format never shares one */
		static Rendered of(String variant, byte[] body) {
			try {
				byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
				return new Rendered(body, "\"" + variant + "-" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private record Entry(Optional<PublicLot> lot, long loadedAt, Map<String, Rendered> rendered, LotEtags.Slot etags) {
	}

	private final PublicLots lots;

	private final TemplateEngine templates;

	private final MessageSource messages;

	private final PublicLotRepository products;

	private final JsonMapper json;

	private final String base;

	private final long ttlNanos;

	private final Map<String, Entry> cache = new ConcurrentHashMap<>();

	private final Map<String, Mono<Entry>> loading = new ConcurrentHashMap<>();

	private final LotEtags etags;

	ConsumerPages(PublicLots lots, PublicLotRepository products, TemplateEngine templates, MessageSource messages,
			JsonMapper json,
			LotChangeFeed changes, @Value("${nguon.public-base-url}") String base,
			@Value("${nguon.resolver.cache-ttl:30s}") Duration ttl,
			@Value("${nguon.resolver.etag-ttl:5m}") Duration etagTtl) {
		this.lots = lots;
		this.products = products;
		this.templates = templates;
		this.messages = messages;
		this.json = json;
		this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
		this.ttlNanos = ttl.toNanos();
		this.etags = new LotEtags(etagTtl);
		changes.subscribe(keys -> keys.forEach(this::invalidate));
	}

	/** Drops a lot's cached views (called by the change feed; public to tests through the package). */
	void invalidate(String key) {
		this.etags.forget(key);
		this.cache.remove(key);
	}

	/** @return the variant name of the HTML page in a language, as used in its ETag */
	static String htmlVariant(Locale locale) {
		return "html-" + locale.getLanguage();
	}

	static final String JSON_VARIANT = "json";

	/**
	 * @param ref the lot
	 * @param variant {@link #htmlVariant} or {@link #JSON_VARIANT}
	 * @return the variant's current ETag when known in memory (no database access), else null
	 */
	String knownEtag(LotRef ref, String variant) {
		return this.etags.current(ref.key(), variant);
	}

	String base() {
		return this.base;
	}

	/** @return the lot's view, or empty when unknown */
	Mono<Optional<PublicLot>> lot(LotRef ref) {
		return entry(ref).map(Entry::lot);
	}

	/** @return the rendered HTML page in the language, or empty when the lot is unknown */
	Mono<Optional<Rendered>> html(LotRef ref, Locale locale) {
		return entry(ref).map(e -> html(e, locale));
	}

	/** @return the public JSON, or empty when the lot is unknown */
	Mono<Optional<Rendered>> json(LotRef ref) {
		return entry(ref).map(this::json);
	}

	/**
	 * @param json the public JSON, else the HTML page in the locale
	 * @return that form of a known lot whose view is in memory and fresh, else null; never reads the database
	 */
	Rendered inMemory(LotRef ref, boolean json, Locale locale) {
		Entry e = this.cache.get(ref.key());
		if (e == null || e.lot().isEmpty() || System.nanoTime() - e.loadedAt() >= this.ttlNanos) {
			return null;
		}
		return (json ? json(e) : html(e, locale)).orElse(null);
	}

	private Optional<Rendered> html(Entry e, Locale locale) {
		String variant = htmlVariant(locale);
		return e.lot().map(lot -> remembered(e, e.rendered().computeIfAbsent(variant,
				k -> Rendered.of(k, render(lot, locale).getBytes(StandardCharsets.UTF_8))), variant));
	}

	private Optional<Rendered> json(Entry e) {
		return e.lot().map(lot -> remembered(e, e.rendered().computeIfAbsent(JSON_VARIANT,
				k -> Rendered.of(k, this.json.writeValueAsBytes(publicJson(lot)))), JSON_VARIANT));
	}

	private static Rendered remembered(Entry e, Rendered r, String variant) {
		e.etags().remember(variant, r.etag());
		return r;
	}

	private Mono<Entry> entry(LotRef ref) {
		String key = ref.key();
		Entry cached = this.cache.get(key);
		if (cached != null && System.nanoTime() - cached.loadedAt() < this.ttlNanos) {
			return Mono.just(cached);
		}
		// one load per key at a time, shared by concurrent requests
		return this.loading.computeIfAbsent(key, k -> {
			LotEtags.Slot slot = this.etags.open(k); // before reading: a change reported meanwhile closes it
			return this.lots.find(ref)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.map(lot -> {
					Entry e = new Entry(lot, System.nanoTime(), new ConcurrentHashMap<>(), slot);
					if (this.etags.isCurrent(k, slot)) {
						this.cache.put(k, e);
					}
					return e;
				})
				.doFinally(s -> this.loading.remove(k))
				.cache();
		});
	}

	Map<String, Object> publicJson(PublicLot lot) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("@id", this.base + LotRef.parseKey(lot.key()).digitalLinkPath());
		m.put("gtin", lot.gtin());
		m.put("lot", lot.lot());
		m.put("productName", lot.productName());
		m.put("productNameEn", lot.productNameEn());
		m.put("variety", lot.variety());
		m.put("cooperative", lot.cooperative());
		m.put("place", lot.place());
		if (lot.coordinates() != null) {
			m.put("coordinates", Map.of("latitude", lot.coordinates()[0], "longitude", lot.coordinates()[1]));
		}
		m.put("harvestDate", lot.harvestDate() != null ? lot.harvestDate().toString() : null);
		m.put("recalled", lot.recalled());
		m.put("recall", lot.recall());
		m.put("grade", lot.grade() == null ? null : publicGrade(lot.grade()));
		m.put("certifications", lot.certifications());
		m.put("producer", lot.producer() == null ? null : producerJson(lot.producer()));
		m.put("journey", lot.journey());
		m.put("eventIds", lot.eventIds());
		return m;
	}

	private Map<String, Object> producerJson(PublicLot.Producer p) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("name", p.name());
		m.put("phone", p.phone());
		m.put("email", p.email());
		m.put("website", p.website());
		m.put("address", p.address());
		m.put("about", p.about());
		m.put("logo", p.logo() == null ? null : this.base + p.logo());
		return m;
	}

	/**
	 * What consumers may know of a grade: the class only when a person checked it or the model decided it
	 * alone; otherwise only that it waits for a check.
	 */
	private static Map<String, Object> publicGrade(PublicLot.Grade g) {
		Map<String, Object> m = new LinkedHashMap<>();
		if (!g.shown()) {
			m.put("status", "pending");
			m.put("time", g.time());
			return m;
		}
		m.put("gradeClass", g.gradeClass());
		m.put("status", g.reviewed() ? "reviewed" : "confident");
		if (!g.reviewed() && g.certainty() != null) {
			m.put("certainty", g.certainty());
		}
		m.put("photo", g.photo());
		m.put("time", g.time());
		m.put("eventId", g.eventId());
		return m;
	}

	private String msg(String code, Locale locale, Object... args) {
		return this.messages.getMessage(code, args, code, locale);
	}

	/**
	 * Dates in the reader's language, never ambiguous: Vietnamese day/month/year ({@code 04/12/2026}),
	 * English with the month's name ({@code 4 Dec 2026}); times on the 24-hour clock, in the event's own offset.
	 */
	static final DateTimeFormatter VI_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.ROOT);

	static final DateTimeFormatter VI_DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", Locale.ROOT);

	static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	static final DateTimeFormatter EN_DATE_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

	String render(PublicLot lot, Locale locale) {
		boolean english = locale.getLanguage().equals("en");
		DateTimeFormatter date = english ? EN_DATE : VI_DATE;
		DateTimeFormatter dateTime = english ? EN_DATE_TIME : VI_DATE_TIME;
		Context ctx = new Context(locale);
		String uri = this.base + LotRef.parseKey(lot.key()).digitalLinkPath();
		String name = (locale.getLanguage().equals("en") && lot.productNameEn() != null) ? lot.productNameEn()
				: lot.productName();
		ctx.setVariable("lang", locale.getLanguage());
		ctx.setVariable("otherLang", locale.getLanguage().equals("en") ? "vi" : "en");
		ctx.setVariable("uri", uri);
		ctx.setVariable("lot", lot);
		ctx.setVariable("productName", name != null ? name : msg("consumer.product.unknown", locale, lot.gtin()));
		ctx.setVariable("place", lot.place() != null ? lot.place().text() : null);
		ctx.setVariable("coordinates", lot.coordinates() != null
				? String.format(Locale.ROOT, "%.5f, %.5f", lot.coordinates()[0], lot.coordinates()[1]) : null);
		ctx.setVariable("harvestDate", lot.harvestDate() != null ? date.format(lot.harvestDate()) : null);
		List<Map<String, String>> steps = new ArrayList<>();
		for (PublicLot.Step s : lot.journey()) {
			steps.add(Map.of("kind", s.kind(), "label", msg("consumer.step." + s.kind(), locale), "time",
					s.time() != null ? dateTime.format(s.time()) : "", "datetime",
					s.time() != null ? s.time().toString() : ""));
		}
		ctx.setVariable("steps", steps);
		if (lot.grade() != null) {
			ctx.setVariable("gradeLabel", msg("consumer.grade.class." + lot.grade().gradeClass(), locale));
			ctx.setVariable("gradeBasis", !lot.grade().shown() ? null : lot.grade().reviewed()
					? msg("consumer.grade.reviewed", locale)
					: lot.grade().certaintyPercent() != null
							? msg("consumer.grade.machine", locale, lot.grade().certaintyPercent())
							: msg("consumer.grade.machine.plain", locale));
		}
		ctx.setVariable("recallDate", lot.recall() != null ? date.format(lot.recall().since()) : null);
		ctx.setVariable("eventIds", String.join(" ", lot.eventIds()));
		return this.templates.process("consumer/lot", ctx);
	}

	/** @return the public master data of a product (name, variety, cooperative), or empty when unknown */
	Mono<LotMaster> product(Gtin gtin) {
		return this.products.findProduct(gtin);
	}

	/** The public JSON of a product: what the product-level Digital Link answers. */
	Map<String, Object> productJson(Gtin gtin, LotMaster product) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("@id", this.base + "/01/" + gtin.value());
		m.put("gtin", gtin.value());
		m.put("productName", product.productName());
		m.put("productNameEn", product.productNameEn());
		m.put("variety", product.variety());
		m.put("cooperative", product.cooperative());
		return m;
	}

	/** Renders the product-level page ({@code /01/{gtin}}): what the product is, and that lots have their own code. */
	String renderProduct(Gtin gtin, LotMaster product, Locale locale) {
		Context ctx = new Context(locale);
		String name = (locale.getLanguage().equals("en") && product.productNameEn() != null) ? product.productNameEn()
				: product.productName();
		ctx.setVariable("lang", locale.getLanguage());
		ctx.setVariable("otherLang", locale.getLanguage().equals("en") ? "vi" : "en");
		ctx.setVariable("uri", this.base + "/01/" + gtin.value());
		ctx.setVariable("gtin", gtin.value());
		ctx.setVariable("product", product);
		ctx.setVariable("productName", name != null ? name : msg("consumer.product.unknown", locale, gtin.value()));
		return this.templates.process("consumer/product", ctx);
	}

	/** Renders the page for an unknown lot. */
	String renderNotFound(String path, Locale locale) {
		Context ctx = new Context(locale);
		ctx.setVariable("lang", locale.getLanguage());
		ctx.setVariable("path", path);
		return this.templates.process("consumer/not-found", ctx);
	}

}
