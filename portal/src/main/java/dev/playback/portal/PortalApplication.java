package dev.playback.portal;

import java.time.Clock;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

// reads the services' APIs, owns no database: the local stack's shared class path has
// JDBC drivers for the report services
@SpringBootApplication(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConfigurationPropertiesScan
public class PortalApplication {

	/**
	 * Its configuration file is {@code portal.yml}, so that it can share one JVM with the
	 * services in the local stack.
	 */
	public static final String CONFIG_NAME = "portal";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(PortalApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
