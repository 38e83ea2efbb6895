package vn.nguon.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the Nguồn service. */
@SpringBootApplication(scanBasePackages = "vn.nguon")
@ConfigurationPropertiesScan("vn.nguon")
public class NguonApplication {

	public static void main(String[] args) {
		SpringApplication.run(NguonApplication.class, args);
	}

}
