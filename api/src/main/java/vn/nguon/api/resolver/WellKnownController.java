package vn.nguon.api.resolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The resolver description file, {@code /.well-known/gs1resolver} (GS1-Conformant Resolver). */
@RestController
class WellKnownController {

	private final ConsumerPages pages;

	private final MessageSource messages;

	private final String termsOfUse;

	private final String contact;

	WellKnownController(ConsumerPages pages, MessageSource messages,
			@Value("${nguon.resolver.terms-of-use-url:}") String termsOfUse,
			@Value("${nguon.resolver.contact:}") String contact) {
		this.pages = pages;
		this.messages = messages;
		this.termsOfUse = termsOfUse.isBlank() ? pages.base() + "/terms.html" : termsOfUse;
		this.contact = contact.isBlank() ? pages.base() + "/terms.html#contact" : contact;
	}

	@GetMapping("/.well-known/gs1resolver")
	ResponseEntity<Map<String, Object>> describe() {
		Map<String, Object> d = new LinkedHashMap<>();
		d.put("name", "Nguồn GS1 Digital Link resolver");
		d.put("resolverRoot", this.pages.base());
		d.put("termsOfUse", this.termsOfUse);
		d.put("contact", this.contact);
		d.put("supportedLinkType", List.of(Map.of("namespace", ResolverController.VOC, "prefix", "gs1:")));
		d.put("supportedPrimaryKeys", List.of("01"));
		d.put("linkTypeDefaultCanBeAll", true);
		d.put("supportsLanguageVariants", true);
		d.put("supportsSemanticInterpretation", false);
		d.put("validatesAIcombinations", true);
		Map<String, Object> active = new LinkedHashMap<>();
		for (String lang : List.of("vi", "en")) {
			Map<String, Object> types = new LinkedHashMap<>();
			for (String type : ResolverController.LOT_LINK_TYPES) {
				types.put("gs1:" + type, Map.of("title",
						this.messages.getMessage("consumer.link." + type, null, type, Locale.forLanguageTag(lang)), "url",
						ResolverController.VOC + type));
			}
			active.put(lang, types);
		}
		d.put("activeLinkTypes", active);
		return ResponseEntity.ok().cacheControl(CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePublic())
			.header("Access-Control-Allow-Origin", "*").body(d);
	}

}
