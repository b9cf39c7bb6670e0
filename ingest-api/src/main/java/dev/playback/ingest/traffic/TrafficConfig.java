package dev.playback.ingest.traffic;

import java.util.ArrayList;
import java.util.List;

import dev.playback.ingest.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TrafficConfig {

	private static final Logger log = LoggerFactory.getLogger(TrafficConfig.class);

	@Bean
	TrafficClassifier trafficClassifier(IngestProperties properties) {
		IngestProperties.Traffic traffic = properties.traffic();
		List<String> ranges = new ArrayList<>(traffic.datacenterRanges());
		if (traffic.datacenterRangesFile() != null) {
			ranges.addAll(TrafficClassifier.lines(traffic.datacenterRangesFile()));
		}
		TrafficClassifier classifier = TrafficClassifier.of(traffic.botAgents(), ranges);
		log.info("Invalid traffic: {} ({} and {} data-center ranges configured)", classifier,
				traffic.botAgents().getDescription(), ranges.size());
		return classifier;
	}

}
