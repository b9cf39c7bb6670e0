package dev.playback.ingest.heartbeat;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import dev.playback.ingest.IngestProperties;
import dev.playback.ingest.traffic.TrafficClassifier;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * {@link HeartbeatServlet} at exactly {@code /v1/heartbeats}, beside Spring MVC's
 * DispatcherServlet (which keeps every other path: the actuator and the API reference):
 * the container maps an exact path before the default servlet, and the filters apply to
 * both.
 */
@Configuration(proxyBeanMethods = false)
class HeartbeatEndpoint {

	@Bean
	ServletRegistrationBean<HeartbeatServlet> heartbeatServlet(HeartbeatRules rules, HeartbeatPublisher publisher,
			Clock clock, IngestProperties properties, MeterRegistry meters, HeartbeatErrors problems,
			TrafficClassifier traffic) {
		ServletRegistrationBean<HeartbeatServlet> registration = new ServletRegistrationBean<>(
				new HeartbeatServlet(rules, publisher, clock, properties, meters, problems, traffic),
				HeartbeatServlet.PATH);
		registration.setName("heartbeats");
		// answered from the producer's callback, and its body may be read without a
		// thread
		registration.setAsyncSupported(true);
		registration.setLoadOnStartup(1);
		return registration;
	}

	/**
	 * Spring's observation of each request ({@code http.server.requests}) for the
	 * DispatcherServlet's paths only: {@link HeartbeatRequestTimer} times this one with
	 * the same meter and tags, for a fraction of the cost, and the observation filter is
	 * not run for it at all (it cost 1.6% of a single-event request even when it observed
	 * nothing, JFR).
	 */
	@Bean
	static BeanPostProcessor observeDispatcherServletOnly() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String name) {
				if (bean instanceof FilterRegistrationBean<?> registration
						&& registration.getFilter() instanceof ServerHttpObservationFilter) {
					registration.setUrlPatterns(List.of());
					registration.setServletNames(
							Set.of(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME));
				}
				return bean;
			}

		};
	}

	@Bean
	@ConditionalOnProperty(name = "playback.ingest.benchmark-endpoint-enabled", havingValue = "true")
	ServletRegistrationBean<CeilingServlet> benchmarkCeiling() {
		ServletRegistrationBean<CeilingServlet> registration = new ServletRegistrationBean<>(new CeilingServlet(),
				CeilingServlet.PATH);
		registration.setName("benchmark-ceiling");
		return registration;
	}

}
