package dev.playback.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.admetrics.AdMetricsServiceApplication;
import dev.playback.aggregator.SessionAggregatorApplication;
import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.ingest.IngestApiApplication;
import dev.playback.portal.PortalApplication;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.simulator.Scenario;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite on one machine: the real servers of {@link LocalInfrastructure}, the
 * four services and the portal, each with its own port, in this JVM. Closing it stops the
 * services first, then the servers.
 */
public final class LocalStack implements AutoCloseable {

	public static final String ROYALTY_DATABASE = "royalty";

	public static final String AD_METRICS_DATABASE = "admetrics";

	/**
	 * Auto-configurations the portal brings to the shared class path that the services
	 * must not take.
	 */
	private static final List<String> PORTAL_ONLY = List.of(
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration");

	/**
	 * The argument that keeps a service from the auto-configurations the portal brings to
	 * this module's class path (web security, templates): every service started in this
	 * JVM takes it.
	 */
	public static final String SERVICE_ONLY = "--spring.autoconfigure.exclude=" + String.join(",", PORTAL_ONLY);

	private final LocalInfrastructure infra;

	private final boolean ownsInfra;

	private final Map<String, Integer> ports = new LinkedHashMap<>();

	private final List<ConfigurableApplicationContext> services = new ArrayList<>();

	/** Made per run; a real deployment takes it from a Secret. */
	private final String operatorKey = "op_" + java.util.UUID.randomUUID();

	private LocalStack(LocalInfrastructure infra, boolean ownsInfra) {
		this.infra = infra;
		this.ownsInfra = ownsInfra;
	}

	/** Starts new servers and the four services on the preferred ports when free. */
	public static LocalStack start(int firstPreferredPort) {
		return start(firstPreferredPort, 1);
	}

	/**
	 * Starts the servers, with {@code brokers} Kafka brokers (1, or a cluster of 3 or
	 * more with production replication), and the services.
	 */
	public static LocalStack start(int firstPreferredPort, int brokers) {
		LocalInfrastructure infra = LocalInfrastructure.start(brokers);
		return startServices(new LocalStack(infra, true), firstPreferredPort);
	}

	/**
	 * Starts the servers with Kafka secured as production runs it (SASL/SCRAM, an ACL per
	 * service as deploy/kafka declares, topics made beforehand as Strimzi makes them; see
	 * {@link KafkaAccess}), and the services, each signed in as its own Kafka user.
	 */
	public static LocalStack startSecured(int firstPreferredPort) {
		LocalInfrastructure infra = LocalInfrastructure.startSecured();
		try {
			KafkaAccess.apply(infra);
		}
		catch (RuntimeException ex) {
			infra.close();
			throw ex;
		}
		return startServices(new LocalStack(infra, true), firstPreferredPort);
	}

	/** Starts the four services on free ports against servers someone else owns. */
	public static LocalStack startOn(LocalInfrastructure infra) {
		return startServices(new LocalStack(infra, false), 0);
	}

	private static LocalStack startServices(LocalStack stack, int firstPreferredPort) {
		try {
			// browser players from any origin: the demo page and whatever a developer
			// serves
			// the player simulator stands in for a proxy in front of ingest (its viewers'
			// addresses in X-Forwarded-For; Tomcat trusts loopback as a proxy), and its
			// data-center viewers come from this range
			stack.run("ingest-api", IngestApiApplication.application(), port(firstPreferredPort, 0), "playback.ingest",
					null, "--playback.ingest.allowed-origins=*", "--server.forward-headers-strategy=native",
					"--playback.ingest.traffic.datacenter-ranges=" + Scenario.Audience.DATACENTER_RANGE);
			// the stores live in the stack's temporary work directory on purpose (removed
			// when
			// it stops): Kafka Streams' warning about a temporary state.dir is not for it
			stack.run("session-aggregator", SessionAggregatorApplication.application(), port(firstPreferredPort, 1),
					"playback.aggregator", null,
					"--spring.kafka.streams.state-dir=" + stack.infra.workDir().resolve("aggregator-state"),
					"--logging.level.org.apache.kafka.streams.processor.internals.StateDirectory=ERROR");
			stack.run("royalty-service", RoyaltyServiceApplication.application(), port(firstPreferredPort, 2),
					"playback.royalty", ROYALTY_DATABASE, "--playback.royalty.operator-key=" + stack.operatorKey);
			stack.run("ad-metrics-service", AdMetricsServiceApplication.application(), port(firstPreferredPort, 3),
					"playback.admetrics", AD_METRICS_DATABASE,
					"--playback.admetrics.operator-key=" + stack.operatorKey);
			stack.run("portal", PortalApplication.application(), port(firstPreferredPort, 4), "playback.portal", null,
					"--playback.portal.royalty-url=" + stack.url("royalty-service"),
					"--playback.portal.ad-metrics-url=" + stack.url("ad-metrics-service"),
					"--playback.portal.ingest-url=" + stack.url("ingest-api"),
					"--playback.portal.aggregator-url=" + stack.url("session-aggregator"));
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void run(String name, SpringApplication application, int port, String propertyPrefix, String database,
			String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--spring.main.banner-mode=off",
				"--logging.level.org.apache.kafka=WARN",
				// one JVM, one logging system: a per-service name would show the first
				// service's
				"--logging.include-application-name=false",
				// this class stops the services before the servers they need
				"--spring.main.register-shutdown-hook=false"));
		// one class path: the portal's web security and templates are for the portal only
		if (!"portal".equals(name)) {
			args.add(SERVICE_ONLY);
		}
		args.addAll(List.of(extra));
		this.services
			.add(application.run(this.infra.serviceArguments(propertyPrefix, database, args.toArray(String[]::new))));
		this.ports.put(name, port);
	}

	private static int port(int firstPreferred, int offset) {
		if (firstPreferred > 0 && FreePorts.isFree(firstPreferred + offset)) {
			return firstPreferred + offset;
		}
		return FreePorts.next();
	}

	public String url(String service) {
		Integer port = this.ports.get(service);
		if (port == null) {
			throw new IllegalArgumentException("No service " + service + " in " + this.ports.keySet());
		}
		return "http://127.0.0.1:" + port;
	}

	/** The operator's API key of this run, for the admin endpoints. */
	public String operatorKey() {
		return this.operatorKey;
	}

	public Map<String, Integer> ports() {
		return new LinkedHashMap<>(this.ports);
	}

	public LocalInfrastructure infra() {
		return this.infra;
	}

	public Path workDir() {
		return this.infra.workDir();
	}

	@Override
	public void close() {
		for (int i = this.services.size() - 1; i >= 0; i--) {
			this.services.get(i).close();
		}
		this.services.clear();
		if (this.ownsInfra) {
			this.infra.close();
		}
	}

}
