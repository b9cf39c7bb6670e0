package dev.playback.simulator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog a simulation watches: license holders with rate cards (one currency without
 * minor units, a rate change inside the simulated time when it spans days), videos, and
 * advertisers with campaigns and ads. Ids carry the scenario's prefix.
 *
 * @param holders license holders
 * @param videos videos, each owned by one holder
 * @param advertisers advertisers
 * @param campaigns campaigns, each of one advertiser
 * @param ads ads, each in one campaign
 */
public record SimCatalog(List<Holder> holders, List<Video> videos, List<Advertiser> advertisers,
		List<Campaign> campaigns, List<Ad> ads) {

	private static final long[] VIDEO_MINUTES = { 2, 3, 5, 8, 12, 20 };

	/** The catalog of a scenario. */
	public static SimCatalog of(Scenario scenario) {
		String p = scenario.prefix();
		LocalDate firstDay = scenario.start().atZone(ZoneOffset.UTC).toLocalDate();
		LocalDate middleDay = scenario.start()
			.plus(scenario.duration().dividedBy(2))
			.atZone(ZoneOffset.UTC)
			.toLocalDate();
		// a card from before the simulation, and a new rate from its middle day (the same
		// day as the first for a simulation within one day: then only the new one prices)
		LocalDate earlier = firstDay.withDayOfMonth(1).minusMonths(1);
		List<Holder> holders = List.of(
				new Holder(p + "-studio-1", "EUR",
						List.of(new RateCard(earlier, new BigDecimal("0.123457")),
								new RateCard(middleDay, new BigDecimal("0.150001")))),
				new Holder(p + "-studio-2", "USD",
						List.of(new RateCard(earlier, new BigDecimal("0.5")),
								new RateCard(middleDay, new BigDecimal("0.475")))),
				new Holder(p + "-studio-3", "JPY", List.of(new RateCard(earlier, new BigDecimal("12.5")))));
		List<Video> videos = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			videos.add(new Video(String.format("%s-video-%02d", p, i + 1), holders.get(i % holders.size()).id(),
					VIDEO_MINUTES[i % VIDEO_MINUTES.length] * 60_000));
		}
		List<Advertiser> advertisers = List.of(new Advertiser(p + "-brand-1"), new Advertiser(p + "-brand-2"));
		List<Campaign> campaigns = List.of(new Campaign(p + "-campaign-1", p + "-brand-1"),
				new Campaign(p + "-campaign-2", p + "-brand-1"), new Campaign(p + "-campaign-3", p + "-brand-2"));
		List<Ad> ads = List.of(new Ad(p + "-ad-1", p + "-campaign-1", 6_000),
				new Ad(p + "-ad-2", p + "-campaign-1", 15_000), new Ad(p + "-ad-3", p + "-campaign-2", 10_000),
				new Ad(p + "-ad-4", p + "-campaign-3", 20_000), new Ad(p + "-ad-5", p + "-campaign-3", 30_000));
		return new SimCatalog(holders, videos, advertisers, campaigns, ads);
	}

	public Optional<Video> video(String videoId) {
		return this.videos.stream().filter((video) -> video.id().equals(videoId)).findFirst();
	}

	public Optional<Holder> holder(String holderId) {
		return this.holders.stream().filter((holder) -> holder.id().equals(holderId)).findFirst();
	}

	public Optional<Ad> ad(String adId) {
		return this.ads.stream().filter((ad) -> ad.id().equals(adId)).findFirst();
	}

	public Optional<Campaign> campaign(String campaignId) {
		return this.campaigns.stream().filter((campaign) -> campaign.id().equals(campaignId)).findFirst();
	}

	/**
	 * A license holder.
	 *
	 * @param id its id
	 * @param currency ISO 4217 code of its rate cards
	 * @param rateCards its rate cards
	 */
	public record Holder(String id, String currency, List<RateCard> rateCards) {
	}

	/**
	 * A rate in force from a day on.
	 *
	 * @param effectiveFrom first day it prices
	 * @param ratePerHour money per hour streamed
	 */
	public record RateCard(LocalDate effectiveFrom, BigDecimal ratePerHour) {
	}

	/**
	 * A video.
	 *
	 * @param id its id
	 * @param holderId who owns it
	 * @param durationMs its length
	 */
	public record Video(String id, String holderId, long durationMs) {
	}

	/**
	 * An advertiser.
	 *
	 * @param id its id
	 */
	public record Advertiser(String id) {
	}

	/**
	 * A campaign.
	 *
	 * @param id its id
	 * @param advertiserId whose it is
	 */
	public record Campaign(String id, String advertiserId) {
	}

	/**
	 * An ad.
	 *
	 * @param id its id
	 * @param campaignId its campaign
	 * @param durationMs its length
	 */
	public record Ad(String id, String campaignId, long durationMs) {
	}

}
