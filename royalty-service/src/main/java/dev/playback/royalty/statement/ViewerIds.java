package dev.playback.royalty.statement;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous viewer ids for one license holder: the first 128 bits of HMAC-SHA256 of
 * the user id under the holder's own key, in hex. The same viewer has the same id in all
 * of a holder's evidence, different ids for different holders, and no id reveals a user
 * id to anyone without the key. One per answer: not thread-safe.
 */
final class ViewerIds {

	private static final int BYTES = 16;

	private final Mac mac;

	ViewerIds(byte[] holderKey) {
		try {
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(holderKey, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java platform has HmacSHA256", ex);
		}
	}

	String of(String userId) {
		byte[] digest = this.mac.doFinal(userId.getBytes(StandardCharsets.UTF_8));
		return HexFormat.of().formatHex(digest, 0, BYTES);
	}

}
