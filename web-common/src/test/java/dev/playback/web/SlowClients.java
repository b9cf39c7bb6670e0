package dev.playback.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Clients that send their bodies slowly, over raw sockets: for the tests of every server
 * that reads bodies without a thread (web-common's, the portal's, ingest's).
 */
public final class SlowClients {

	private SlowClients() {
	}

	/**
	 * Posts a form in two parts, the second 300 ms after the first (the server has had to
	 * wait for it), and returns the whole answer.
	 * @param headers more header lines, each ending in CRLF, or an empty string
	 */
	public static String postFormInTwoParts(int port, String path, String headers, String form)
			throws IOException, InterruptedException {
		byte[] body = form.getBytes(StandardCharsets.US_ASCII);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + headers
					+ "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body, 0, 3);
			out.flush();
			Thread.sleep(300);
			out.write(body, 3, body.length - 3);
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
		}
	}

	/** A byte more of a body, unless the server has already answered and closed. */
	public static void trickle(Socket socket, int b) {
		try {
			socket.getOutputStream().write(b);
		}
		catch (IOException closed) {
			// answered already: the caller reads the answer
		}
	}

	/**
	 * How many of {@code sockets} were answered with a status line starting with
	 * {@code status}, each waited for up to 20 s.
	 */
	public static int answeredWith(List<Socket> sockets, String status) throws IOException {
		int answered = 0;
		for (Socket socket : sockets) {
			socket.setSoTimeout(20_000);
			if (statusLine(socket.getInputStream()).startsWith(status)) {
				answered++;
			}
		}
		return answered;
	}

	/** The status line of an answer, read up to its CR. */
	public static String statusLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b >= 0 && b != '\r' && line.length() < 100; b = in.read()) {
			line.append((char) b);
		}
		return line.toString();
	}

}
