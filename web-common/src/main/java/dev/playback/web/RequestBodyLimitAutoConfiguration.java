package dev.playback.web;

import jakarta.servlet.Filter;

import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;

/**
 * Installs {@link RequestBodyLimitFilter} in every service (bodies read without a thread,
 * whole within {@code playback.web.body-read-timeout}, 60 s, for CSV imports of up to 32
 * MiB); {@code
 * playback.web.body-limit.enabled=false} leaves it out (ingest-api caps its own endpoint,
 * with its own metric).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(Filter.class)
@ConditionalOnProperty(name = "playback.web.body-limit.enabled", havingValue = "true", matchIfMissing = true)
public class RequestBodyLimitAutoConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(Environment environment) {
		// the binder converts "512KB" whichever conversion service the context has
		Binder binder = Binder.get(environment);
		DataSize max = binder.bind("playback.web.max-request-size", DataSize.class).orElse(DataSize.ofMegabytes(1));
		DataSize maxImport = binder.bind("playback.web.max-import-size", DataSize.class)
			.orElse(DataSize.ofMegabytes(32));
		Duration readTimeout = binder.bind("playback.web.body-read-timeout", Duration.class)
			.orElse(Duration.ofSeconds(60));
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(max.toBytes(), maxImport.toBytes(), readTimeout));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		return registration;
	}

}
