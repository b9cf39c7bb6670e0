package dev.playback.localstack.playerdemo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.playback.schemas.ContractIds;

/**
 * The local stack's player demo page: a clip played in the browser with the web SDK
 * ({@code player-sdk}) attached, posting to ingest-api, and the viewer's progress as the
 * aggregator sees it beside it. It serves:
 * <ul>
 * <li>{@code /}: the page; {@code /demo.js}: its script; {@code /config.json}: where
 * ingest is</li>
 * <li>{@code /player-sdk/...}: the SDK's built modules, from the player-sdk jar</li>
 * <li>{@code /media/clip.webm}: a 60 s VP9 clip, with {@code Range} answered 206;
 * {@code ?stallAfter=BYTES&stallMs=MS} holds every answer of that URL at that byte until
 * MS after the first request got there: a real stall for the browser tests</li>
 * <li>{@code /api/progress?userId=&videoId=} and {@code /api/sessions?userId=}: the
 * aggregator's read APIs, passed through (a viewer's app calls them from its backend, not
 * from the page)</li>
 * </ul>
 */
public final class PlayerDemoServer implements AutoCloseable {

	private static final String SDK = "META-INF/resources/player-sdk/";

	private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
			"text/javascript; charset=utf-8", "webm", "video/webm", "json", "application/json");

	private static final Pattern QUERY = Pattern.compile("([^&=]+)=([^&]*)");

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(16);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String ingestUrl;

	private final String aggregatorUrl;

	private final Map<String, byte[]> files = new HashMap<>();

	/** When the stall of each stalling clip URL ends. */
	private final Map<String, Long> stalls = new ConcurrentHashMap<>();

	private PlayerDemoServer(HttpServer server, String ingestUrl, String aggregatorUrl) {
		this.server = server;
		this.ingestUrl = ingestUrl;
		this.aggregatorUrl = aggregatorUrl;
		this.files.put("/", resource("player-demo/index.html"));
		this.files.put("/demo.js", resource("player-demo/demo.js"));
		this.files.put("/media/clip.webm", resource("player-demo/clip.webm"));
		this.files.put("/player-sdk/playback-web.js", resource(SDK + "playback-web.js"));
		this.files.put("/player-sdk/videojs.js", resource(SDK + "videojs.js"));
	}

	/**
	 * Serves the demo on {@code port} (0 for any free port) of the loopback address.
	 * @param ingestUrl where the page posts heartbeats ({@code http://127.0.0.1:8081})
	 * @param aggregatorUrl where the progress comes from
	 */
	public static PlayerDemoServer start(int port, String ingestUrl, String aggregatorUrl) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
			PlayerDemoServer demo = new PlayerDemoServer(server, ingestUrl, aggregatorUrl);
			server.createContext("/", demo::handle);
			server.setExecutor(demo.threads);
			server.start();
			return demo;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The player demo cannot listen on port " + port, ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getPath();
			Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			if (!"GET".equals(exchange.getRequestMethod())) {
				answer(exchange, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
			}
			else if (path.equals("/config.json")) {
				answer(exchange, 200, TYPES.get("json"),
						("{\"ingest\":\"" + this.ingestUrl + "/v1/heartbeats\"}").getBytes(StandardCharsets.UTF_8));
			}
			else if (path.equals("/api/progress") || path.equals("/api/sessions")) {
				passThrough(exchange, path, query);
			}
			else if (this.files.containsKey(path)) {
				file(exchange, path, query);
			}
			else {
				answer(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
			}
		}
	}

	private void file(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
		byte[] body = this.files.get(path);
		String type = TYPES.get(path.equals("/") ? "html" : path.substring(path.lastIndexOf('.') + 1));
		exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		ByteRange range;
		try {
			range = ByteRange.of(exchange.getRequestHeaders().getFirst("Range"), body.length);
		}
		catch (ByteRange.Unsatisfiable ex) {
			exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
			answer(exchange, 416, "text/plain", new byte[0]);
			return;
		}
		int first = (range != null) ? (int) range.first() : 0;
		int length = (range != null) ? (int) range.length() : body.length;
		exchange.getResponseHeaders().set("Content-Type", type);
		if (range != null) {
			exchange.getResponseHeaders().set("Content-Range", range.contentRange(body.length));
		}
		exchange.sendResponseHeaders((range != null) ? 206 : 200, length);
		OutputStream out = exchange.getResponseBody();
		int stallAfter = number(query.get("stallAfter"));
		if (stallAfter >= 0 && stallAfter < first + length) {
			// every request of this clip URL waits out the same stall (a browser asks for
			// the rest on a second connection when the first one stalls)
			long until = this.stalls.computeIfAbsent(exchange.getRequestURI().getRawQuery(),
					(key) -> System.currentTimeMillis() + number(query.get("stallMs")));
			int before = Math.max(0, stallAfter - first);
			out.write(body, first, before);
			out.flush();
			sleep(until - System.currentTimeMillis());
			out.write(body, first + before, length - before);
		}
		else {
			out.write(body, first, length);
		}
	}

	private void passThrough(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
		String userId = query.get("userId");
		String videoId = query.get("videoId");
		boolean progress = path.equals("/api/progress");
		if (!ContractIds.isValid(userId) || (progress && !ContractIds.isValid(videoId))) {
			answer(exchange, 400, TYPES.get("json"), "{\"detail\":\"userId (and videoId) must be ids of the contract\"}"
				.getBytes(StandardCharsets.UTF_8));
			return;
		}
		String target = this.aggregatorUrl + "/v1/users/" + userId
				+ (progress ? "/videos/" + videoId + "/progress" : "/sessions?offset=0&limit=20");
		try {
			HttpResponse<byte[]> response = this.client.send(
					HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofByteArray());
			answer(exchange, response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(TYPES.get("json")), response.body());
		}
		catch (IOException ex) {
			answer(exchange, 502, TYPES.get("json"),
					"{\"detail\":\"the aggregator did not answer\"}".getBytes(StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void answer(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, (body.length == 0) ? -1 : body.length);
		if (body.length > 0) {
			exchange.getResponseBody().write(body);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new HashMap<>();
		if (raw != null) {
			Matcher matcher = QUERY.matcher(raw);
			while (matcher.find()) {
				values.put(URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8),
						URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static byte[] resource(String name) {
		try (InputStream in = PlayerDemoServer.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Missing " + name + " (is the player-sdk module built?)");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int number(String text) {
		return (text != null && text.matches("\\d{1,9}")) ? Integer.parseInt(text) : -1;
	}

	private static void sleep(long millis) {
		if (millis <= 0) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
