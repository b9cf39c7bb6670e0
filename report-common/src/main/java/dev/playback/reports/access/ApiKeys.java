package dev.playback.reports.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import dev.playback.reports.Sha256;

/**
 * API keys: random, shown once, stored as their SHA-256 and compared in constant time. A
 * key is 256 random bits, so a plain hash (no salt, no stretching) is enough: there is
 * nothing to guess from it.
 */
public final class ApiKeys {

	private static final SecureRandom RANDOM = new SecureRandom();

	private ApiKeys() {
	}

	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String hash(String key) {
		return Sha256.hex(key);
	}

	/**
	 * Whether the two hashes are equal, in time that does not depend on where they
	 * differ.
	 */
	public static boolean sameHash(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

}
