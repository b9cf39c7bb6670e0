package dev.playback.aggregator;

import java.util.Map;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// owns no database: when the local stack runs all services in one JVM, the JDBC driver of
// the report services is on the class path too
@OpenAPIDefinition(info = @Info(title = "session-aggregator", version = "v1",
		description = "Viewers' sessions and progress, read from the aggregator's own state."))
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConfigurationPropertiesScan
public class SessionAggregatorApplication {

	/**
	 * Its configuration file is {@code session-aggregator.yml}, so the four services can
	 * share one JVM.
	 */
	public static final String CONFIG_NAME = "session-aggregator";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(SessionAggregatorApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
