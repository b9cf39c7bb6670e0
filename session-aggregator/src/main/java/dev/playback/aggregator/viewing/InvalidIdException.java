package dev.playback.aggregator.viewing;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A path id outside the contract's alphabet: answered 400 as a problem detail. */
class InvalidIdException extends ErrorResponseException {

	InvalidIdException(String name) {
		super(HttpStatus.BAD_REQUEST);
		getBody().setTitle("Invalid " + name);
		getBody().setDetail(name + " must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
	}

}
