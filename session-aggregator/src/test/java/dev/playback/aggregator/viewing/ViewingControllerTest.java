package dev.playback.aggregator.viewing;

import java.time.Instant;
import java.util.List;

import dev.playback.aggregator.viewing.ViewingViews.Progress;
import dev.playback.aggregator.viewing.ViewingViews.SegmentView;
import dev.playback.schemas.Segment;
import dev.playback.schemas.ViewingSession;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ViewingControllerTest {

	/** Streams not started: nobody can answer yet. */
	final ViewingController notRunning = new ViewingController(
			new UserSessions(new StreamsBuilderFactoryBean(), "127.0.0.1:8082"));

	@Test
	void whileTheStoresCannotBeReadTheAnswerIs503WithRetryAfterNotAnEmptyList() {
		ResponseEntity<?> answer = this.notRunning.sessions("user-1", 0, 20, new MockHttpServletRequest());
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(((ProblemDetail) answer.getBody()).getDetail()).contains("not running");

		ResponseEntity<?> progress = this.notRunning.progress("user-1", "video-1", new MockHttpServletRequest());
		assertThat(progress.getStatusCode().value()).isEqualTo(503);
	}

	@Test
	void idsOutsideTheContractAlphabetAndBadPagingAre400() {
		assertThatExceptionOfType(InvalidIdException.class)
			.isThrownBy(() -> this.notRunning.sessions("../etc", 0, 20, new MockHttpServletRequest()))
			.satisfies((ex) -> assertThat(ex.getStatusCode().value()).isEqualTo(400));
		assertThatExceptionOfType(InvalidIdException.class)
			.isThrownBy(() -> this.notRunning.progress("u", "v".repeat(65), new MockHttpServletRequest()));
		assertThat(this.notRunning.sessions("u", -1, 20, new MockHttpServletRequest()).getStatusCode().value())
			.isEqualTo(400);
		assertThat(this.notRunning.sessions("u", 0, 101, new MockHttpServletRequest()).getStatusCode().value())
			.isEqualTo(400);
	}

	@Test
	void progressIsTheUnionOfEverySessionWithTheLatestPositionAndDuration() {
		ViewingSession monday = session("pb-1", Instant.parse("2026-11-02T20:00:00Z"), 600_000L, 120_000,
				List.of(new Segment(0L, 120_000L)));
		ViewingSession tuesday = session("pb-2", Instant.parse("2026-11-03T20:00:00Z"), 1_000_000L, 300_000,
				List.of(new Segment(60_000L, 180_000L), new Segment(240_000L, 300_000L)));

		Progress progress = ViewingController.progressOf("user-1", "video-1", List.of(monday, tuesday), false);

		assertThat(progress.segments()).containsExactly(new SegmentView(0, 180_000), new SegmentView(240_000, 300_000));
		assertThat(progress.uniqueWatchedMs()).isEqualTo(240_000);
		assertThat(progress.lastPositionMs()).isEqualTo(300_000);
		assertThat(progress.videoDurationMs()).isEqualTo(1_000_000L);
		assertThat(progress.percentComplete()).isEqualTo(0.24);
		assertThat(progress.sessions()).isEqualTo(2);

		ViewingSession noDuration = session("pb-3", Instant.parse("2026-11-04T20:00:00Z"), null, 10_000,
				List.of(new Segment(0L, 10_000L)));
		assertThat(ViewingController.progressOf("u", "v", List.of(noDuration), false).percentComplete()).isNull();
	}

	private static ViewingSession session(String id, Instant lastEventAt, Long duration, long lastPosition,
			List<Segment> segments) {
		return ViewingSession.newBuilder()
			.setSessionId(id)
			.setPlaybackId(id)
			.setRevision(1)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setVideoDurationMs(duration)
			.setStartedAt(lastEventAt.minusSeconds(600))
			.setLastEventAt(lastEventAt)
			.setLastPositionMs(lastPosition)
			.setSegments(segments)
			.setUniqueWatchedMs(0)
			.setPlayedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of())
			.setEventCount(3)
			.setClosed(true)
			.build();
	}

}
