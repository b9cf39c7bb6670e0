package dev.playback.aggregator.viewing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import dev.playback.rules.Interval;
import dev.playback.rules.Segments;
import dev.playback.aggregator.viewing.UserSessions.Lookup;
import dev.playback.aggregator.viewing.ViewingViews.Progress;
import dev.playback.aggregator.viewing.ViewingViews.SegmentView;
import dev.playback.aggregator.viewing.ViewingViews.SessionView;
import dev.playback.aggregator.viewing.ViewingViews.SessionsPage;
import dev.playback.schemas.ViewingSession;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The read APIs of docs/contract.md section 2, answered from the aggregator's own stores:
 * here when this instance holds the user, by the owner otherwise (one hop), and
 * {@code 503} with {@code Retry-After} while nobody can answer, never an empty list that
 * is wrong.
 */
@RestController
class ViewingController {

	/** Marks a request one instance passed to another, which must answer it itself. */
	static final String FORWARDED = "X-Playback-Forwarded";

	/** Set when the answer comes from a standby copy that may lag behind. */
	static final String STALE = "X-Playback-Stale";

	private static final Logger log = LoggerFactory.getLogger(ViewingController.class);

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final int MAX_LIMIT = 100;

	private final UserSessions users;

	private final RestClient forwarding;

	ViewingController(UserSessions users) {
		this.users = users;
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(1));
		requests.setReadTimeout(Duration.ofSeconds(5));
		this.forwarding = RestClient.builder().requestFactory(requests).build();
	}

	@GetMapping(path = "/v1/users/{userId}/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> sessions(@PathVariable String userId, @RequestParam(defaultValue = "0") int offset,
			@RequestParam(defaultValue = "20") int limit, HttpServletRequest request) {
		checkId("userId", userId);
		if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
			return problem(HttpStatus.BAD_REQUEST, "Bad paging",
					"offset must be >= 0 and limit between 1 and " + MAX_LIMIT);
		}
		return answer(userId, request, (sessions, stale) -> {
			List<SessionView> page = sessions.stream().skip(offset).limit(limit).map(SessionView::of).toList();
			return new SessionsPage(userId, offset, limit, sessions.size(), stale, page);
		});
	}

	@GetMapping(path = "/v1/users/{userId}/videos/{videoId}/progress", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> progress(@PathVariable String userId, @PathVariable String videoId, HttpServletRequest request) {
		checkId("userId", userId);
		checkId("videoId", videoId);
		return answer(userId, request, (sessions, stale) -> {
			List<ViewingSession> ofVideo = sessions.stream()
				.filter((session) -> session.getVideoId().equals(videoId))
				.sorted(Comparator.comparing(ViewingSession::getLastEventAt))
				.toList();
			if (ofVideo.isEmpty()) {
				return null;
			}
			return progressOf(userId, videoId, ofVideo, stale);
		});
	}

	static Progress progressOf(String userId, String videoId, List<ViewingSession> oldestFirst, boolean stale) {
		List<Interval> watched = new ArrayList<>();
		Long duration = null;
		for (ViewingSession session : oldestFirst) {
			session.getSegments()
				.forEach((segment) -> watched.add(new Interval(segment.getStartMs(), segment.getEndMs())));
			if (session.getVideoDurationMs() != null) {
				duration = session.getVideoDurationMs();
			}
		}
		List<Interval> segments = Segments.union(watched);
		long unique = Segments.totalLength(segments);
		ViewingSession latest = oldestFirst.get(oldestFirst.size() - 1);
		Double percent = (duration != null) ? (double) unique / duration : null;
		return new Progress(userId, videoId, latest.getLastPositionMs(),
				segments.stream().map(SegmentView::of).toList(), unique, duration, percent, oldestFirst.size(), stale);
	}

	/** Builds an answer from a user's sessions, newest first. */
	private interface Answer {

		/** The body, or {@code null} for 404. */
		Object from(List<ViewingSession> sessions, boolean stale);

	}

	private ResponseEntity<?> answer(String userId, HttpServletRequest request, Answer answer) {
		Lookup lookup = this.users.find(userId);
		if (lookup instanceof Lookup.Here here) {
			Object body = answer.from(here.sessions(), here.stale());
			if (body == null) {
				return problem(HttpStatus.NOT_FOUND, "Not watched", "No session of this video for this user");
			}
			return ResponseEntity.ok().header(STALE, String.valueOf(here.stale())).body(body);
		}
		if (lookup instanceof Lookup.There there && request.getHeader(FORWARDED) == null) {
			return forward(there, request);
		}
		String reason = (lookup instanceof Lookup.Unavailable unavailable) ? unavailable.reason()
				: "the owner of this user moved while the request was passed on (rebalancing)";
		return unavailable(reason);
	}

	private ResponseEntity<?> forward(Lookup.There there, HttpServletRequest request) {
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		URI target = URI
			.create("http://" + there.owner().host() + ":" + there.owner().port() + request.getRequestURI() + query);
		try {
			ResponseEntity<byte[]> answer = this.forwarding.get()
				.uri(target)
				.header(FORWARDED, "true")
				.retrieve()
				.toEntity(byte[].class);
			return copy(answer.getStatusCode().value(), answer.getHeaders(), answer.getBody());
		}
		catch (RestClientResponseException ex) {
			return copy(ex.getStatusCode().value(), ex.getResponseHeaders(), ex.getResponseBodyAsByteArray());
		}
		catch (RestClientException ex) {
			log.debug("Owner {} of a user did not answer", there.owner(), ex);
			return unavailable("the instance that holds this user does not answer");
		}
	}

	private static ResponseEntity<byte[]> copy(int status, HttpHeaders from, byte[] body) {
		HttpHeaders headers = new HttpHeaders();
		if (from != null) {
			for (String name : List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER, STALE)) {
				if (from.getFirst(name) != null) {
					headers.set(name, from.getFirst(name));
				}
			}
		}
		return ResponseEntity.status(status).headers(headers).body(body);
	}

	private static ResponseEntity<ProblemDetail> unavailable(String reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Sessions cannot be read right now: " + reason + ". Retry shortly.");
		problem.setTitle("Sessions not available");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	private static void checkId(String name, String value) {
		if (!ID.matcher(value).matches()) {
			throw new InvalidIdException(name);
		}
	}

}
