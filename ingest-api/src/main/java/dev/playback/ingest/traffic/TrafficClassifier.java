package dev.playback.ingest.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.playback.schemas.TrafficClass;

import org.springframework.core.io.Resource;

/**
 * General invalid traffic at receipt (docs/contract.md section 1): a request whose
 * User-Agent is a declared bot, spider or non-browser agent (or missing) is
 * {@code GIVT_BOT_AGENT}; one from a client address in a data-center range
 * {@code GIVT_DATACENTER}; any other {@code VALID}. The agent is checked first. Neither
 * the agent nor the address is kept: the answer for an agent string is cached (players
 * send the same few agents over and over), the address is only looked up.
 */
public final class TrafficClassifier {

	/** Distinct agents remembered before the cache starts again. */
	private static final int CACHED_AGENTS = 10_000;

	private final String[] agentTokens;

	private final AddressRanges datacenters;

	private final Map<String, Boolean> declaredAgents = new ConcurrentHashMap<>();

	TrafficClassifier(List<String> agentTokens, AddressRanges datacenters) {
		this.agentTokens = agentTokens.stream().map((token) -> token.toLowerCase(Locale.ROOT)).toArray(String[]::new);
		this.datacenters = datacenters;
	}

	/**
	 * A classifier from a list of agent tokens (one per line; blank lines and {@code #}
	 * comments skipped) and data-center ranges.
	 * @throws IllegalArgumentException when a range is not CIDR notation
	 */
	public static TrafficClassifier of(Resource agentList, List<String> datacenterRanges) {
		return new TrafficClassifier(tokens(agentList), AddressRanges.of(datacenterRanges));
	}

	/**
	 * The lines of a list: one entry per line, blank lines and {@code #} comments out.
	 */
	public static List<String> lines(Resource list) {
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(list.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				String entry = line.strip();
				if (!entry.isEmpty() && !entry.startsWith("#")) {
					lines.add(entry);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + list.getDescription(), ex);
		}
		return lines;
	}

	private static List<String> tokens(Resource agentList) {
		List<String> tokens = lines(agentList);
		if (tokens.isEmpty()) {
			throw new IllegalArgumentException(agentList.getDescription() + " lists no agent");
		}
		return tokens;
	}

	/**
	 * @param userAgent the request's {@code User-Agent}, or null
	 * @param clientAddress the client's address as the server sees it (behind a trusted
	 * proxy, from its {@code X-Forwarded-For})
	 */
	public TrafficClass classify(String userAgent, String clientAddress) {
		if (isDeclaredAgent(userAgent)) {
			return TrafficClass.GIVT_BOT_AGENT;
		}
		return this.datacenters.contains(clientAddress) ? TrafficClass.GIVT_DATACENTER : TrafficClass.VALID;
	}

	/** Whether the agent declares a bot or a non-browser client; a missing one does. */
	boolean isDeclaredAgent(String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return true;
		}
		Boolean known = this.declaredAgents.get(userAgent);
		if (known == null) {
			known = matches(userAgent.toLowerCase(Locale.ROOT));
			if (this.declaredAgents.size() >= CACHED_AGENTS) {
				this.declaredAgents.clear();
			}
			this.declaredAgents.put(userAgent, known);
		}
		return known;
	}

	private boolean matches(String agent) {
		for (String token : this.agentTokens) {
			if (agent.contains(token)) {
				return true;
			}
		}
		return false;
	}

	/** How many agent tokens and data-center ranges it holds. */
	@Override
	public String toString() {
		return this.agentTokens.length + " agent tokens, " + this.datacenters;
	}

}
