package dev.playback.admetrics;

import java.util.Map;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@OpenAPIDefinition(info = @Info(title = "ad-metrics-service", version = "v1",
		description = "Advertisers' impression reports; the catalog of advertisers, campaigns and ads (operator). Send an advertiser's key or the operator's as a bearer token."),
		security = @SecurityRequirement(name = "key"))
@SecurityScheme(name = "key", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An API key made by the operator (POST /v1/admin/.../api-keys), or the operator's own key")
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
