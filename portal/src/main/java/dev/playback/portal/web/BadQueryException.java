package dev.playback.portal.web;

/** A page was asked for with a parameter it cannot take (a month that is no month). */
public class BadQueryException extends RuntimeException {

	public BadQueryException(String message) {
		super(message);
	}

}
