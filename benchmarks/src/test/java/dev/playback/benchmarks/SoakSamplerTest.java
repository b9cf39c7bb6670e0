package dev.playback.benchmarks;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SoakSamplerTest {

	@Test
	void addsUpEveryLabelSetOfAMetricAndSkipsComments() {
		Map<String, Double> metrics = SoakSampler.parse("""
				# HELP jvm_gc_live_data_size_bytes Size of long-lived heap memory pool after reclamation
				# TYPE jvm_gc_live_data_size_bytes gauge
				jvm_gc_live_data_size_bytes 1.2345678E7
				jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
				jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 500.0
				jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 70.0
				sessions_opened_total{application="session-aggregator"} 120.0
				sessions_closed_total{application="session-aggregator",x="y"} 20.0
				sessions_closed_total{application="session-aggregator",x="z"} 5.0
				""");
		assertThat(metrics).containsEntry("jvm_gc_live_data_size_bytes", 12_345_678.0)
			.containsEntry("sessions_opened_total", 120.0)
			.containsEntry("sessions_closed_total", 25.0)
			.containsEntry("jvm_memory_used_bytes", 1570.0)
			.containsEntry("jvm_memory_used_bytes_heap", 1500.0)
			.hasSize(5);
	}

}
