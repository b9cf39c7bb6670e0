package dev.playback.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

class BodyLimitSwitchTest {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RequestBodyLimitAutoConfiguration.class));

	@Test
	void everyServiceGetsTheCapWithTheConfiguredSizes() {
		this.runner.withPropertyValues("playback.web.max-request-size=2KB", "playback.web.max-import-size=1MB")
			.run((context) -> {
				RequestBodyLimitFilter filter = context.getBean(FilterRegistrationBean.class)
					.getFilter() instanceof RequestBodyLimitFilter f ? f : null;
				assertThat(filter).isNotNull();
				assertThat(((RequestBodyLimitFilter) filter).limitFor("application/json")).isEqualTo(2048);
				assertThat(((RequestBodyLimitFilter) filter).limitFor("text/csv")).isEqualTo(1024 * 1024);
			});
	}

	@Test
	void aServiceThatCapsItsOwnEndpointCanLeaveItOut() {
		this.runner.withPropertyValues("playback.web.body-limit.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FilterRegistrationBean.class));
	}

}
