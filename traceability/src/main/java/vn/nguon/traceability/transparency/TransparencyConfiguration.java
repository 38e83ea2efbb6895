package vn.nguon.traceability.transparency;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the log's signing key from the settings. */
@Configuration(proxyBeanMethods = false)
class TransparencyConfiguration {

	@Bean
	LogKey transparencyLogKey(TransparencyProperties properties) {
		return LogKey.load(properties);
	}

}
