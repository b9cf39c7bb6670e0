package dev.playback.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcpProxyTest {

	private ServerSocket echo;

	private TcpProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread server = new Thread(this::echoLoop, "echo");
		server.setDaemon(true);
		server.start();
		this.proxy = TcpProxy.start("echo", this.echo.getLocalPort());
	}

	@AfterEach
	void stop() throws IOException {
		this.proxy.close();
		this.echo.close();
	}

	@Test
	void bytesPassBothWays() throws IOException {
		try (Socket client = connect()) {
			assertThat(roundTrip(client, "hello")).isEqualTo("hello");
		}
	}

	@Test
	void addedLatencyDelaysEachWay() throws IOException {
		try (Socket client = connect()) {
			roundTrip(client, "warm");
			this.proxy.delay(Duration.ofMillis(150));
			long started = System.nanoTime();
			assertThat(roundTrip(client, "slow")).isEqualTo("slow");
			assertThat((System.nanoTime() - started) / 1_000_000).as("round trip, ms").isGreaterThanOrEqualTo(300);
		}
	}

	@Test
	void aBlackHoleHoldsBytesUntilItHeals() throws IOException {
		try (Socket client = connect()) {
			roundTrip(client, "before");
			this.proxy.blackHole();
			client.getOutputStream().write("held".getBytes());
			client.setSoTimeout(500);
			assertThatThrownBy(() -> client.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
			this.proxy.heal();
			client.setSoTimeout(5_000);
			assertThat(new String(client.getInputStream().readNBytes(4))).isEqualTo("held");
		}
	}

	@Test
	void aResetEndsOpenConnectionsAndNewOnesPass() throws IOException {
		try (Socket client = connect()) {
			roundTrip(client, "before");
			assertThat(this.proxy.resetConnections()).isEqualTo(1);
			client.setSoTimeout(5_000);
			assertThatThrownBy(() -> {
				client.getOutputStream().write(1);
				if (client.getInputStream().read() >= 0) {
					throw new IllegalStateException("the reset connection still answers");
				}
				throw new IOException("closed");
			}).isInstanceOf(IOException.class);
		}
		try (Socket again = connect()) {
			assertThat(roundTrip(again, "after")).isEqualTo("after");
		}
	}

	@Test
	void reroutesOnlyTheServersAddress() {
		int port = this.echo.getLocalPort();
		String[] args = this.proxy.reroute(
				new String[] { "--url=jdbc:postgresql://127.0.0.1:" + port + "/db", "--other=127.0.0.1:" + port + "1" },
				port);
		assertThat(args).containsExactly("--url=jdbc:postgresql://" + this.proxy.address() + "/db",
				"--other=127.0.0.1:" + port + "1");
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.proxy.port());
		socket.setSoTimeout(5_000);
		return socket;
	}

	private static String roundTrip(Socket client, String text) throws IOException {
		client.getOutputStream().write(text.getBytes());
		return new String(client.getInputStream().readNBytes(text.length()));
	}

	private void echoLoop() {
		while (!this.echo.isClosed()) {
			try {
				Socket connection = this.echo.accept();
				Thread pump = new Thread(() -> {
					try (connection;
							InputStream in = connection.getInputStream();
							OutputStream out = connection.getOutputStream()) {
						in.transferTo(out);
					}
					catch (IOException ex) {
						// the test closed or reset it
					}
				}, "echo-connection");
				pump.setDaemon(true);
				pump.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

}
