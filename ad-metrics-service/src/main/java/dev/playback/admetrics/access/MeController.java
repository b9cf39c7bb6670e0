package dev.playback.admetrics.access;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/me}: whose key was sent, so that a client holding only a key (the
 * portal's sign-in) knows what it may ask for: {@code {"kind":"operator"}} or
 * {@code {"kind":"advertiser","advertiserId":...,"name":...}}; 401 for any other key.
 */
@RestController
class MeController {

	private final AdCaller caller;

	MeController(AdCaller caller) {
		this.caller = caller;
	}

	@GetMapping(path = "/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, String> me(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
		return this.caller.describe(auth);
	}

}
