package dev.playback.royalty;

import java.util.Map;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@OpenAPIDefinition(info = @Info(title = "royalty-service", version = "v1",
		description = "License holders' monthly royalty statements and daily usage; the catalog of holders, videos and rate cards (operator). Send a license holder's key or the operator's as a bearer token."),
		security = @SecurityRequirement(name = "key"))
@SecurityScheme(name = "key", type = SecuritySchemeType.HTTP, scheme = "bearer",
		description = "An API key made by the operator (POST /v1/admin/.../api-keys), or the operator's own key")
@SpringBootApplication
@ConfigurationPropertiesScan
public class RoyaltyServiceApplication {

	/**
	 * Its configuration file is {@code royalty-service.yml}, so the four services can
	 * share one JVM.
	 */
	public static final String CONFIG_NAME = "royalty-service";

	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(RoyaltyServiceApplication.class);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

	public static void main(String[] args) {
		application().run(args);
	}

}
