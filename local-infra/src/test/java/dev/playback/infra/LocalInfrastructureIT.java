package dev.playback.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInfrastructureIT {

	static LocalInfrastructure infra;

	@BeforeAll
	static void start() {
		infra = LocalInfrastructure.start();
	}

	@AfterAll
	static void stop() {
		infra.close();
	}

	@Test
	void kafkaBrokerTakesAndGivesBackRecords() throws Exception {
		Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		try (Admin admin = Admin.create(common)) {
			admin.createTopics(List.of(new NewTopic("infra-check", 1, (short) 1))).all().get();
		}
		Properties producer = new Properties();
		producer.putAll(common);
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		try (KafkaProducer<String, String> p = new KafkaProducer<>(producer, new StringSerializer(),
				new StringSerializer())) {
			p.send(new ProducerRecord<>("infra-check", "k", "hello")).get();
		}
		Properties consumer = new Properties();
		consumer.putAll(common);
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "infra-check");
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer, new StringDeserializer(),
				new StringDeserializer())) {
			c.subscribe(List.of("infra-check"));
			String value = null;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (value == null && System.nanoTime() < deadline) {
				ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
				value = records.isEmpty() ? null : records.iterator().next().value();
			}
			assertThat(value).isEqualTo("hello");
		}
	}

	@Test
	void brokerComesBackWithItsDataAfterAStop() throws Exception {
		Map<String, Object> common = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		try (Admin admin = Admin.create(common)) {
			admin.createTopics(List.of(new NewTopic("survives-restart", 1, (short) 1))).all().get();
		}
		infra.kafka().stop();
		assertThat(infra.kafka().isRunning()).isFalse();
		infra.kafka().start();
		try (Admin admin = Admin.create(common)) {
			assertThat(admin.listTopics().names().get()).contains("survives-restart");
		}
	}

	@Test
	void aClusterIdStartingWithADashIsNotTakenForAnOption() {
		int[] ports = FreePorts.next(2);
		try (KafkaBroker broker = KafkaBroker.start(infra.workDir().resolve("dash-id"), ports[0], ports[1],
				"-AbCdEfGhIjKlMnOpQrStU")) {
			assertThat(broker.isRunning()).isTrue();
		}
	}

	@Test
	void postgresServerCreatesDatabasesAndAnswersQueries() throws Exception {
		infra.postgres().createDatabase("infra_check");
		infra.postgres().createDatabase("infra_check");
		try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl("infra_check"),
				infra.postgres().username(), infra.postgres().password());
				ResultSet rs = connection.createStatement().executeQuery("SELECT current_database(), version()")) {
			assertThat(rs.next()).isTrue();
			assertThat(rs.getString(1)).isEqualTo("infra_check");
			assertThat(rs.getString(2)).startsWith("PostgreSQL");
		}
	}

	@Test
	void registryAnswersOnItsNativeAndConfluentCompatibleApis() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> info = http.send(
				HttpRequest.newBuilder(URI.create(infra.registry().apiUrl() + "/system/info")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"version\"");
		HttpResponse<String> subjects = http.send(
				HttpRequest.newBuilder(URI.create(infra.registry().confluentCompatibleUrl() + "/subjects")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(subjects.statusCode()).isEqualTo(200);
		assertThat(subjects.body()).startsWith("[");
	}

	@Test
	void serversLiveUnderTheirWorkDirectory() {
		assertThat(Files.isDirectory(infra.workDir().resolve("kafka/data"))).isTrue();
		assertThat(infra.kafka().isRunning()).isTrue();
	}

}
