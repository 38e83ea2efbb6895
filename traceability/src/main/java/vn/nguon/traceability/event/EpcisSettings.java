package vn.nguon.traceability.event;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the EPCIS capture interface, advertised by {@code OPTIONS /epcis/capture}.
 *
 * @param captureLimit most events per capture ({@code GS1-EPCIS-Capture-Limit}), property
 * {@code nguon.epcis.capture-limit}
 * @param captureFileSizeLimit most bytes per capture body ({@code GS1-EPCIS-Capture-File-Size-Limit}),
 * property {@code nguon.epcis.capture-file-size-limit}
 * @param maxPageSize most events per query page
 * @param jsonSchema the EPCIS 2.0 JSON schema file every capture is checked against (property
 * {@code nguon.epcis.json-schema}); empty: the copy of the standard next to the repository
 * ({@code ../shared/standards/epcis/schema/EPCIS-JSON-Schema.json}) when there is one
 */
@ConfigurationProperties("nguon.epcis")
public record EpcisSettings(@DefaultValue("10000") int captureLimit,
		@DefaultValue("20971520") long captureFileSizeLimit, @DefaultValue("1000") int maxPageSize,
		@DefaultValue("") String jsonSchema) {

	public EpcisSettings {
		if (captureLimit < 1 || captureFileSizeLimit < 1 || maxPageSize < 1) {
			throw new IllegalArgumentException("EPCIS limits must be positive");
		}
	}

}
