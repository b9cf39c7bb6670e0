package dev.playback.ingest.heartbeat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientRateLimiterTest {

	static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Test
	void aBurstGoesThroughThenTheSustainedRate() {
		ClientRateLimiter limiter = new ClientRateLimiter(10, 30, 0);
		for (int i = 0; i < 30; i++) {
			assertThat(limiter.acquire("a", 0)).as("request %d of the burst", i).isZero();
		}
		assertThat(limiter.acquire("a", 0)).isEqualTo(1);
		// 10 a second come back: a tenth of a second later, exactly one more
		assertThat(limiter.acquire("a", SECOND / 10)).isZero();
		assertThat(limiter.acquire("a", SECOND / 10)).isEqualTo(1);
		int taken = 0;
		for (long t = SECOND / 10; t <= 5 * SECOND; t += SECOND / 1000) {
			if (limiter.acquire("a", t) == 0) {
				taken++;
			}
		}
		assertThat(taken).as("requests taken in 4.9 s at 10/s").isBetween(48, 50);
	}

	@Test
	void clientsHaveTheirOwnBuckets() {
		ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 0);
		assertThat(limiter.acquire("a", 0)).isZero();
		assertThat(limiter.acquire("a", 0)).isEqualTo(1);
		assertThat(limiter.acquire("b", 0)).isZero();
	}

	@Test
	void retryAfterIsTheWholeSecondsUntilATokenIsBack() {
		ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 0);
		assertThat(limiter.acquire("slow", 0)).isZero();
		assertThat(limiter.acquire("slow", SECOND / 4)).isEqualTo(1);
		ClientRateLimiter perMinute = new ClientRateLimiter(1, 3, 0);
		for (int i = 0; i < 3; i++) {
			perMinute.acquire("x", 0);
		}
		// one token a second: short by one token, one second
		assertThat(perMinute.acquire("x", 0)).isEqualTo(1);
	}

	@Test
	void burstDefaultsToTwiceTheRate() {
		ClientRateLimiter limiter = new ClientRateLimiter(5, 0, 0);
		int taken = 0;
		while (limiter.acquire("a", 0) == 0) {
			taken++;
		}
		assertThat(taken).isEqualTo(10);
	}

	@Test
	void idleClientsAreForgotten() {
		ClientRateLimiter limiter = new ClientRateLimiter(100, 100, 0);
		for (int i = 0; i < 1_000; i++) {
			limiter.acquire("client-" + i, 0);
		}
		limiter.acquire("busy", 0);
		assertThat(limiter.tracked()).isEqualTo(1_001);
		// past the sweep interval every bucket but the busy one is full again
		for (int i = 0; i < 200; i++) {
			limiter.acquire("busy", 11 * SECOND);
		}
		assertThat(limiter.tracked()).isEqualTo(1);
	}

	@Test
	void aRateMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientRateLimiter(0, 1, 0));
	}

}
