package dev.playback.portal.suite;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.playback.portal.PortalProperties;
import dev.playback.portal.suite.Api.AdvertiserSummary;
import dev.playback.portal.suite.Api.Campaign;
import dev.playback.portal.suite.Api.Health;
import dev.playback.portal.suite.Api.HolderSummary;
import dev.playback.portal.suite.Api.Me;
import dev.playback.portal.suite.Api.Report;
import dev.playback.portal.suite.Api.Statement;
import dev.playback.portal.suite.Api.Usage;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The services' public APIs, called with the signed-in user's key: the portal sees what
 * the key sees, no more (tenant isolation is the APIs' own). Every failure becomes a
 * {@link SuiteException} a page can explain.
 */
@Component
public class SuiteClient {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private final RestClient http;

	private final JsonMapper json;

	private final Map<Service, URI> urls;

	SuiteClient(JsonMapper json, PortalProperties properties) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
		requests.setReadTimeout(properties.timeout());
		this.http = RestClient.builder().requestFactory(requests).build();
		this.json = json;
		this.urls = Map.of(Service.ROYALTY, properties.royaltyUrl(), Service.AD_METRICS, properties.adMetricsUrl(),
				Service.INGEST, properties.ingestUrl(), Service.AGGREGATOR, properties.aggregatorUrl());
	}

	/** Whose key it is, as the service sees it. */
	public Me me(Service service, String key) {
		return get(service, uri(service, "/v1/me"), key, MediaType.APPLICATION_JSON, (spec) -> spec.body(Me.class));
	}

	public Statement statement(String key, String holderId, YearMonth month) {
		return get(Service.ROYALTY,
				uri(Service.ROYALTY, "/v1/license-holders/{id}/statements/{month}", holderId, month), key,
				MediaType.APPLICATION_JSON, (spec) -> spec.body(Statement.class));
	}

	public byte[] statementCsv(String key, String holderId, YearMonth month) {
		return get(Service.ROYALTY,
				uri(Service.ROYALTY, "/v1/license-holders/{id}/statements/{month}", holderId, month), key, CSV,
				(spec) -> spec.body(byte[].class));
	}

	/**
	 * The sessions behind a statement, as CSV: held in memory here, which suits a
	 * person's download; tools that fetch lines of millions of sessions call the API,
	 * which streams.
	 */
	public byte[] evidenceCsv(String key, String holderId, YearMonth month) {
		return get(Service.ROYALTY,
				uri(Service.ROYALTY, "/v1/license-holders/{id}/statements/{month}/evidence", holderId, month), key, CSV,
				(spec) -> spec.body(byte[].class));
	}

	public Usage usage(String key, String holderId, LocalDate from, LocalDate to) {
		URI uri = UriComponentsBuilder.fromUri(this.urls.get(Service.ROYALTY))
			.path("/v1/license-holders/{id}/usage")
			.queryParam("from", from)
			.queryParam("to", to)
			.buildAndExpand(holderId)
			.encode()
			.toUri();
		return get(Service.ROYALTY, uri, key, MediaType.APPLICATION_JSON, (spec) -> spec.body(Usage.class));
	}

	public List<HolderSummary> holders(String key) {
		return get(Service.ROYALTY, uri(Service.ROYALTY, "/v1/admin/license-holders"), key, MediaType.APPLICATION_JSON,
				(spec) -> spec.body(new ParameterizedTypeReference<List<HolderSummary>>() {
				}));
	}

	public List<AdvertiserSummary> advertisers(String key) {
		return get(Service.AD_METRICS, uri(Service.AD_METRICS, "/v1/admin/advertisers"), key,
				MediaType.APPLICATION_JSON,
				(spec) -> spec.body(new ParameterizedTypeReference<List<AdvertiserSummary>>() {
				}));
	}

	public List<Campaign> campaigns(String key, String advertiserId) {
		return get(Service.AD_METRICS, uri(Service.AD_METRICS, "/v1/advertisers/{id}/campaigns", advertiserId), key,
				MediaType.APPLICATION_JSON, (spec) -> spec.body(new ParameterizedTypeReference<List<Campaign>>() {
				}));
	}

	public Report report(String key, String advertiserId, ReportQuery query) {
		return get(Service.AD_METRICS, reportUri(advertiserId, query), key, MediaType.APPLICATION_JSON,
				(spec) -> spec.body(Report.class));
	}

	public byte[] reportCsv(String key, String advertiserId, ReportQuery query) {
		return get(Service.AD_METRICS, reportUri(advertiserId, query), key, CSV, (spec) -> spec.body(byte[].class));
	}

	/** The service's health from its actuator; UNREACHABLE when it does not answer. */
	public Health health(Service service) {
		try {
			Map<?, ?> answer = this.http.get()
				.uri(uri(service, "/actuator/health"))
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.body(Map.class);
			Object status = (answer != null) ? answer.get("status") : null;
			return new Health(service, (status != null) ? status.toString() : "UNKNOWN");
		}
		catch (ResourceAccessException ex) {
			return new Health(service, "UNREACHABLE");
		}
	}

	/** Where a person reads a service's API documentation. */
	public URI apiDocs(Service service) {
		return uri(service, "/swagger-ui/index.html");
	}

	/**
	 * One report query.
	 *
	 * @param from first UTC day
	 * @param to last UTC day
	 * @param granularity hour, day or total
	 * @param groupBy campaign, ad, country or deviceType
	 * @param campaignId only this campaign, or null
	 * @param adId only this ad, or null
	 */
	public record ReportQuery(LocalDate from, LocalDate to, String granularity, String groupBy, String campaignId,
			String adId) {

		public ReportQuery with(String granularity, String groupBy) {
			return new ReportQuery(this.from, this.to, granularity, groupBy, this.campaignId, this.adId);
		}

	}

	private URI reportUri(String advertiserId, ReportQuery query) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(this.urls.get(Service.AD_METRICS))
			.path("/v1/advertisers/{id}/reports/impressions")
			.queryParam("from", query.from())
			.queryParam("to", query.to())
			.queryParam("granularity", query.granularity())
			.queryParam("groupBy", query.groupBy());
		if (query.campaignId() != null) {
			uri.queryParam("campaignId", query.campaignId());
		}
		if (query.adId() != null) {
			uri.queryParam("adId", query.adId());
		}
		return uri.buildAndExpand(advertiserId).encode().toUri();
	}

	private URI uri(Service service, String path, Object... variables) {
		return UriComponentsBuilder.fromUri(this.urls.get(service))
			.path(path)
			.buildAndExpand(variables)
			.encode()
			.toUri();
	}

	private <T> T get(Service service, URI uri, String key, MediaType accept,
			Function<RestClient.ResponseSpec, T> read) {
		try {
			return read.apply(this.http.get()
				.uri(uri)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
				.accept(accept)
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
					throw failure(service, response);
				}));
		}
		catch (ResourceAccessException ex) {
			throw new SuiteException.Unavailable(service, "is not answering", ex);
		}
	}

	private SuiteException failure(Service service, ClientHttpResponse response) {
		try {
			int status = response.getStatusCode().value();
			if (status == 401) {
				return new SuiteException.KeyRejected(service);
			}
			if (status >= 500) {
				return new SuiteException.Unavailable(service, "failed (HTTP " + status + ")", null);
			}
			String detail = this.json.readTree(response.getBody()).path("detail").asString("");
			return (status == 404) ? new SuiteException.NotFound(service, detail)
					: new SuiteException.Refused(service, status, detail);
		}
		catch (java.io.IOException | RuntimeException ex) {
			return new SuiteException.Unavailable(service, "gave an answer the portal cannot read", ex);
		}
	}

}
