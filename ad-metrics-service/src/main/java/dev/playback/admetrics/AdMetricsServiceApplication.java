package dev.playback.admetrics;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class AdMetricsServiceApplication {

	/**
	 * Its configuration file is {@code ad-metrics-service.yml}, so the four services can
	 * share one JVM.
	 */
	public static final String CONFIG_NAME = "ad-metrics-service";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(AdMetricsServiceApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
