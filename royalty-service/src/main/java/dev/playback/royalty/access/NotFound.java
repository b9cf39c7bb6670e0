package dev.playback.royalty.access;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** 404 as a problem detail. */
public final class NotFound {

	private NotFound() {
	}

	public static ErrorResponseException licenseHolder(String holderId) {
		ErrorResponseException ex = new ErrorResponseException(HttpStatus.NOT_FOUND);
		ex.getBody().setTitle("Not found");
		ex.getBody().setDetail("No license holder " + holderId);
		return ex;
	}

}
