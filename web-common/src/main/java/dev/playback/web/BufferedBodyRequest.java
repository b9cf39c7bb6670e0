package dev.playback.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body was read before it reached the application (see DeferredBody). The
 * container parses no parameters from a body it did not read itself, so a form's
 * ({@code application/x-www-form-urlencoded}) are parsed here: the query string's first,
 * then the body's, as the Servlet specification orders them.
 * <p>
 * A body that was waited for reaches the application on an async dispatch. To what
 * follows, such a request shows itself as the {@link DispatcherType#REQUEST} dispatch it
 * stands for: no filter after this one has seen it yet, and filters that leave async
 * dispatches alone (Spring Security's CSRF filter among them) must see it once, as they
 * would a request whose body came with its headers. Once the application starts async
 * processing of its own, its dispatches are async again.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private boolean resumed;

	private Map<String, String[]> parameters;

	private final ServletInputStream stream;

	/** A request whose body came with its headers. */
	BufferedBodyRequest(HttpServletRequest request, byte[] body) {
		this(request, body, false);
	}

	/**
	 * @param resumed whether this is the request of a body that was waited for, on the
	 * async dispatch that hands it on
	 */
	BufferedBodyRequest(HttpServletRequest request, byte[] body, boolean resumed) {
		super(request);
		this.resumed = resumed;
		this.body = body;
		ByteArrayInputStream bytes = new ByteArrayInputStream(body);
		this.stream = new ServletInputStream() {

			@Override
			public int read() {
				return bytes.read();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				return bytes.read(buffer, offset, length);
			}

			@Override
			public int available() {
				return bytes.available();
			}

			@Override
			public boolean isFinished() {
				return bytes.available() == 0;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new IllegalStateException("The body was read already");
			}

		};
	}

	@Override
	public DispatcherType getDispatcherType() {
		return this.resumed ? DispatcherType.REQUEST : super.getDispatcherType();
	}

	@Override
	public AsyncContext startAsync() {
		this.resumed = false;
		return super.startAsync();
	}

	@Override
	public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
		this.resumed = false;
		return super.startAsync(request, response);
	}

	@Override
	public ServletInputStream getInputStream() {
		return this.stream;
	}

	@Override
	public BufferedReader getReader() throws UnsupportedEncodingException {
		String encoding = getCharacterEncoding();
		Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
		return new BufferedReader(new InputStreamReader(this.stream, charset));
	}

	@Override
	public int getContentLength() {
		return this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return this.body.length;
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	private Map<String, String[]> parameters() {
		if (this.parameters == null) {
			// the query string's, which the container still parses
			Map<String, String[]> all = new LinkedHashMap<>(super.getParameterMap());
			if (isForm(getContentType())) {
				String encoding = getCharacterEncoding();
				Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
				String form = new String(this.body, StandardCharsets.ISO_8859_1);
				for (String pair : form.split("&")) {
					if (pair.isEmpty()) {
						continue;
					}
					int equals = pair.indexOf('=');
					try {
						String name = URLDecoder.decode((equals < 0) ? pair : pair.substring(0, equals), charset);
						String value = (equals < 0) ? "" : URLDecoder.decode(pair.substring(equals + 1), charset);
						all.merge(name, new String[] { value }, BufferedBodyRequest::concat);
					}
					catch (IllegalArgumentException ex) {
						// a malformed escape: the pair is left out, as the container does
					}
				}
			}
			this.parameters = Collections.unmodifiableMap(all);
		}
		return this.parameters;
	}

	private static boolean isForm(String contentType) {
		return contentType != null
				&& contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
	}

	private static String[] concat(String[] first, String[] second) {
		String[] both = new String[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

}
