package dev.playback.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.playback.schemas.Heartbeat;

/**
 * What a player's network makes of its events: the requests it sends and when, with
 * events lost on the way, requests sent twice (the answer was lost), delayed behind later
 * ones, and events held back and sent as a batch.
 */
final class Delivery {

	private Delivery() {
	}

	/**
	 * One POST of one or more events.
	 *
	 * @param sendAtMs true time the request leaves the player
	 * @param events its events, in the player's order
	 * @param client what the request says of the viewer sending it
	 */
	record Request(long sendAtMs, List<Heartbeat> events, Player.Client client) {
	}

	/** The requests one viewer's events go out as. */
	static List<Request> requests(List<Player.Emitted> emitted, Scenario.Network network, Random random,
			Player.Client client) {
		List<Request> requests = new ArrayList<>();
		int i = 0;
		while (i < emitted.size()) {
			int size = (random.nextDouble() < network.batchRate()) ? 2 + random.nextInt(9) : 1;
			int end = Math.min(emitted.size(), i + size);
			List<Heartbeat> events = new ArrayList<>();
			for (int k = i; k < end; k++) {
				if (random.nextDouble() >= network.lossRate()) {
					events.add(emitted.get(k).event());
				}
			}
			long sendAt = emitted.get(end - 1).atMs() + 20 + random.nextLong(200);
			if (random.nextDouble() < network.reorderRate()) {
				sendAt += 1_000 + random.nextLong(3_000);
			}
			if (!events.isEmpty()) {
				requests.add(new Request(sendAt, List.copyOf(events), client));
				if (random.nextDouble() < network.duplicateRate()) {
					requests.add(new Request(sendAt + 1_000 + random.nextLong(4_000), List.copyOf(events), client));
				}
			}
			i = end;
		}
		return requests;
	}

}
