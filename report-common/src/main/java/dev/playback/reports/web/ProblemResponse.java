package dev.playback.reports.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The RFC 9457 answers the report APIs share. */
public final class ProblemResponse {

	private ProblemResponse() {
	}

	public static ErrorResponseException badRequest(String detail) {
		return problem(HttpStatus.BAD_REQUEST, "Bad request", detail);
	}

	public static ErrorResponseException notFound(String detail) {
		return problem(HttpStatus.NOT_FOUND, "Not found", detail);
	}

	public static ErrorResponseException unauthorized(String detail) {
		ErrorResponseException ex = problem(HttpStatus.UNAUTHORIZED, "Unauthorized", detail);
		ex.getHeaders().set("WWW-Authenticate", "Bearer");
		return ex;
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ErrorResponseException ex = new ErrorResponseException(status);
		ex.getBody().setTitle(title);
		ex.getBody().setDetail(detail);
		return ex;
	}

}
