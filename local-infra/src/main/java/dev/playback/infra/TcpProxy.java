package dev.playback.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on the loopback interface between a client and one server, which breaks the
 * network between them on demand, as networks break: {@linkplain #delay added latency}
 * each way, a {@linkplain #blackHole() black hole} (nothing passes, nothing is refused:
 * connections hang, new ones are not answered, until {@link #heal()}), and
 * {@linkplain #resetConnections() connections reset} mid-stream. Bytes held by a black
 * hole pass once it heals, in order, as TCP's retransmissions would deliver them.
 * <p>
 * No fault library on Maven Central serves this build (netcrusher is not there, and
 * Toxiproxy is a separate server), so the suite keeps its own: a thread per direction of
 * each connection, which is plenty for a test's few connections.
 */
public final class TcpProxy implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

	private static final byte[] END = new byte[0];

	private final String name;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private final AtomicLong accepted = new AtomicLong();

	private final AtomicLong resets = new AtomicLong();

	private volatile long delayNanos;

	private boolean blackHoled;

	private volatile boolean closed;

	private TcpProxy(String name, int targetPort, ServerSocket server) {
		this.name = name;
		this.targetPort = targetPort;
		this.server = server;
	}

	/** A proxy on a free port to {@code 127.0.0.1:targetPort}. */
	public static TcpProxy start(String name, int targetPort) {
		return start(name, 0, targetPort);
	}

	/** A proxy on {@code port} (0 for any free one) to {@code 127.0.0.1:targetPort}. */
	public static TcpProxy start(String name, int port, int targetPort) {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
			TcpProxy proxy = new TcpProxy(name, targetPort, server);
			Thread acceptor = new Thread(proxy::acceptLoop, "proxy-" + name + "-accept");
			acceptor.setDaemon(true);
			acceptor.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen for the " + name + " proxy on port " + port, ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** {@code 127.0.0.1:port}, what clients connect to instead of the server. */
	public String address() {
		return "127.0.0.1:" + port();
	}

	/**
	 * A service's arguments with every {@code 127.0.0.1:serverPort} (in bootstrap
	 * servers, JDBC and registry URLs) replaced by this proxy's address.
	 */
	public String[] reroute(String[] args, int serverPort) {
		String server = "127.0.0.1:" + serverPort;
		return Arrays.stream(args)
			.map((arg) -> arg.replaceAll(Pattern.quote(server) + "(?![0-9])", address()))
			.toArray(String[]::new);
	}

	/** Every byte from now on arrives {@code delay} late, each way. */
	public void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
		log.info("{} proxy: {} ms added latency each way", this.name, delay.toMillis());
	}

	/** Nothing passes and nothing is refused until {@link #heal()}. */
	public void blackHole() {
		synchronized (this.gate) {
			this.blackHoled = true;
		}
		log.info("{} proxy: black hole", this.name);
	}

	/** Ends every fault: no added latency, the black hole gone (held bytes pass). */
	public void heal() {
		this.delayNanos = 0;
		synchronized (this.gate) {
			this.blackHoled = false;
			this.gate.notifyAll();
		}
		log.info("{} proxy: healed", this.name);
	}

	/**
	 * Resets every open connection (a TCP RST to both ends, what a restarted middlebox or
	 * a dropped NAT entry does), whatever was in flight; new connections pass.
	 * @return how many connections were reset
	 */
	public int resetConnections() {
		int count = 0;
		for (Connection connection : this.connections) {
			connection.reset();
			count++;
		}
		this.resets.addAndGet(count);
		log.info("{} proxy: {} connections reset", this.name, count);
		return count;
	}

	/** Connections accepted so far. */
	public long acceptedConnections() {
		return this.accepted.get();
	}

	/** Connections open now. */
	public int openConnections() {
		return this.connections.size();
	}

	@Override
	public void close() {
		this.closed = true;
		heal();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.connections.forEach(Connection::close);
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.accepted.incrementAndGet();
				Thread opener = new Thread(() -> open(client), "proxy-" + this.name + "-open");
				opener.setDaemon(true);
				opener.start();
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.warn("{} proxy: accept failed", this.name, ex);
				}
			}
		}
	}

	private void open(Socket client) {
		Socket server = null;
		try {
			// a black hole answers no new connection either: the client waits (its
			// connect
			// went through to this proxy, as a SYN to a dead route is only retried)
			awaitPassage();
			client.setTcpNoDelay(true);
			server = new Socket();
			server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 10_000);
			server.setTcpNoDelay(true);
			Connection connection = new Connection(client, server);
			this.connections.add(connection);
			connection.start();
		}
		catch (IOException | InterruptedException ex) {
			closeQuietly(client);
			closeQuietly(server);
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void awaitPassage() throws InterruptedException {
		synchronized (this.gate) {
			while (this.blackHoled && !this.closed) {
				this.gate.wait();
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// already gone
			}
		}
	}

	/**
	 * A client's connection and its own to the server, one reader and writer each way.
	 */
	private final class Connection {

		private final Socket client;

		private final Socket server;

		Connection(Socket client, Socket server) {
			this.client = client;
			this.server = server;
		}

		void start() throws IOException {
			direction("up", this.client.getInputStream(), this.server.getOutputStream());
			direction("down", this.server.getInputStream(), this.client.getOutputStream());
		}

		private void direction(String way, InputStream in, OutputStream out) {
			BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
			Thread reader = new Thread(() -> read(in, queue), "proxy-" + TcpProxy.this.name + "-" + way + "-read");
			Thread writer = new Thread(() -> write(queue, out), "proxy-" + TcpProxy.this.name + "-" + way + "-write");
			reader.setDaemon(true);
			writer.setDaemon(true);
			reader.start();
			writer.start();
		}

		private void read(InputStream in, BlockingQueue<Chunk> queue) {
			byte[] buffer = new byte[64 * 1024];
			try {
				while (true) {
					// a black hole reads nothing: the sender's buffers fill, as they
					// would
					awaitPassage();
					int read = in.read(buffer);
					if (read < 0) {
						break;
					}
					queue.add(new Chunk(System.nanoTime() + TcpProxy.this.delayNanos, Arrays.copyOf(buffer, read)));
				}
			}
			catch (IOException ex) {
				// reset or closed: the writer ends the other side
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			queue.add(new Chunk(0, END));
		}

		private void write(BlockingQueue<Chunk> queue, OutputStream out) {
			try {
				while (true) {
					Chunk chunk = queue.take();
					if (chunk.bytes == END) {
						break;
					}
					long wait = chunk.dueAt - System.nanoTime();
					if (wait > 0) {
						Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					}
					awaitPassage();
					out.write(chunk.bytes);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side is gone
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			close();
		}

		void reset() {
			try {
				this.client.setSoLinger(true, 0);
				this.server.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed already: nothing to reset
			}
			close();
		}

		void close() {
			closeQuietly(this.client);
			closeQuietly(this.server);
			TcpProxy.this.connections.remove(this);
		}

	}

	private record Chunk(long dueAt, byte[] bytes) {
	}

}
