package fr.audience.generate;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The dimension files of reference/: articles and campaigns (per-user exports live in {@link
 * UserExports}).
 */
final class ReferenceWriter {
  static final double CAMPAIGN_DAILY_SPREAD = 0.25;

  private ReferenceWriter() {}

  static long write(World w) {
    Path dir = w.settings.out().resolve(Layout.REFERENCE);
    Catalog c = w.catalog;
    long rows = 0;
    try (Csv csv =
        new Csv(
            dir.resolve(Layout.ARTICLES),
            "article_id",
            "section",
            "premium",
            "published_at",
            "title")) {
      for (int i = 0; i < c.articleIds.length; i++) {
        csv.write(
            c.articleIds[i],
            Vocab.SECTIONS[c.articleSection[i]],
            c.premium[i],
            Instant.ofEpochMilli(c.publishedMillis[i]).toString(),
            c.titles[i]);
      }
      rows += csv.rows();
    }
    try (Csv csv =
        new Csv(
            dir.resolve(Layout.CAMPAIGNS),
            "campaign_id",
            "channel",
            "day",
            "spend_eur",
            "impressions",
            "avg_creative_kb")) {
      for (int i = 0; i < c.campaigns.size(); i++) {
        Campaign camp = c.campaigns.get(i);
        for (int d = camp.firstDay(); d <= camp.lastDay(); d++) {
          Rng rng = new Rng(w.settings.seed(), Streams.CAMPAIGN_DAY, i, d);
          double spend =
              Math.round(camp.dailySpendEur() * rng.lognormalFactor(CAMPAIGN_DAILY_SPREAD) * 100)
                  / 100.0;
          LocalDate date = w.settings.startDate().plusDays(d);
          csv.write(
              camp.id(),
              Vocab.CHANNELS[camp.channel()],
              date,
              spend,
              Math.round(spend / camp.cpmEur() * 1000),
              Math.round(camp.avgCreativeKb() * 10) / 10.0);
        }
      }
      rows += csv.rows();
    }
    return rows;
  }
}
