package fr.audience.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * gold.user_features-shaped rows for the segment benchmark, drawn from planted reader profiles
 * instead of built from raw logs (which for a million users would take longer than the benchmark).
 * Each profile has its own activity level and a dominant section, device, time of day and origin; a
 * user draws a profile by its weight, then every feature around the profile's value with log-normal
 * noise on counts, normal noise on rates and multiplicative noise on each share (shares
 * renormalised to sum to 1), so the clusters overlap like real readers do and k-means has work to
 * do.
 */
public final class SegmentBenchData {
  /** Column holding the profile a row was drawn from; not part of gold.user_features. */
  public static final String PLANTED = "planted_profile";

  /** Share of a group (sections, devices, ...) a profile gives to its dominant value. */
  static final double DOMINANT_SHARE = 0.5;

  static final int WINDOW_DAYS = 28;

  private SegmentBenchData() {}

  /** One planted reader profile: the centre its users are drawn around. */
  public record Profile(
      double weight,
      double activeDays,
      double sessionsPerDay,
      double pagesPerSession,
      double secondsPerSession,
      double videosPerSession,
      double scrollDepth,
      double videoCompletion,
      double weekendShare,
      double subscribedShare,
      double[] sections,
      double[] devices,
      double[] dayparts,
      double[] referrers) {

    /** Index of the largest share: the value the profile is planted around. */
    static int dominant(double[] shares) {
      int best = 0;
      for (int i = 1; i < shares.length; i++) {
        if (shares[i] > shares[best]) {
          best = i;
        }
      }
      return best;
    }
  }

  /**
   * {@code count} profiles (2..9, one dominant section each), seeded. Weights sum to 1 and range
   * about 1:3, so segments have unequal sizes as on real data.
   */
  public static List<Profile> plant(int count, long seed) {
    int sections = FeatureTables.SECTIONS.size();
    if (count < 2 || count > sections) {
      throw new IllegalArgumentException(
          "planted profiles must be 2.." + sections + ", not " + count);
    }
    Random r = new Random(seed);
    double[] weights = new double[count];
    for (int c = 0; c < count; c++) {
      weights[c] = 0.5 + r.nextDouble();
    }
    double total = Arrays.stream(weights).sum();
    List<Profile> out = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      out.add(
          new Profile(
              weights[c] / total,
              2 + 22 * r.nextDouble(),
              1 + 2 * r.nextDouble(),
              1.5 + 6 * r.nextDouble(),
              60 + 540 * r.nextDouble(),
              0.05 + 0.6 * r.nextDouble(),
              0.3 + 0.6 * r.nextDouble(),
              0.2 + 0.7 * r.nextDouble(),
              0.15 + 0.3 * r.nextDouble(),
              0.05 + 0.5 * r.nextDouble(),
              shares(r, sections, c),
              shares(r, FeatureTables.DEVICES.size(), c % FeatureTables.DEVICES.size()),
              shares(r, FeatureTables.DAYPARTS.size(), (2 * c + 1) % FeatureTables.DAYPARTS.size()),
              shares(r, FeatureTables.REFERRERS.size(), (3 * c) % FeatureTables.REFERRERS.size())));
    }
    return out;
  }

  /**
   * Shares over {@code n} values: {@link #DOMINANT_SHARE} on {@code dominant}, the rest spread at
   * random.
   */
  static double[] shares(Random r, int n, int dominant) {
    double[] rest = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      rest[i] = i == dominant ? 0 : 0.2 + r.nextDouble();
      sum += rest[i];
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = i == dominant ? DOMINANT_SHARE : (1 - DOMINANT_SHARE) * rest[i] / sum;
    }
    return out;
  }

  /**
   * {@code users} rows of gold.user_features as of {@code asOf} drawn from {@code profiles}, plus
   * {@link #PLANTED}; deterministic for a seed and a number of partitions.
   */
  public static Dataset<Row> rows(
      SparkSession spark,
      List<Profile> profiles,
      long users,
      LocalDate asOf,
      long seed,
      int partitions) {
    Noise noise = new Noise(seed);
    Column u = col("_u");
    double cumulative = 0;
    Column planted = null;
    for (int c = 0; c < profiles.size() - 1; c++) {
      cumulative += profiles.get(c).weight();
      planted =
          planted == null ? when(u.lt(cumulative), lit(c)) : planted.when(u.lt(cumulative), lit(c));
    }
    planted = planted.otherwise(lit(profiles.size() - 1));
    Dataset<Row> d =
        spark
            .range(0, users, 1, partitions)
            .withColumn("_u", rand(seed))
            .withColumn(PLANTED, planted);
    ByProfile p = new ByProfile(profiles);

    d =
        d.withColumn(
                "active_days",
                least(
                        lit(WINDOW_DAYS),
                        greatest(
                            lit(1),
                            round(p.of(Profile::activeDays).multiply(noise.logNormal(0.35)))))
                    .cast("long"))
            .withColumn(
                "sessions",
                greatest(
                        col("active_days"),
                        round(
                            col("active_days")
                                .multiply(p.of(Profile::sessionsPerDay))
                                .multiply(noise.logNormal(0.3))))
                    .cast("long"))
            .withColumn(
                "page_views",
                greatest(
                        col("sessions"),
                        round(
                            col("sessions")
                                .multiply(p.of(Profile::pagesPerSession))
                                .multiply(noise.logNormal(0.3))))
                    .cast("long"))
            .withColumn(
                "article_reads",
                round(col("page_views").multiply(noise.uniform(0.4, 0.9))).cast("long"))
            .withColumn(
                "video_plays",
                floor(
                        col("sessions")
                            .multiply(p.of(Profile::videosPerSession))
                            .multiply(noise.uniform(0, 2)))
                    .cast("long"))
            .withColumn(
                "comments", floor(col("active_days").multiply(noise.uniform(0, 0.3))).cast("long"))
            .withColumn(
                "engaged_seconds",
                col("sessions")
                    .multiply(p.of(Profile::secondsPerSession))
                    .multiply(noise.logNormal(0.3)));
    d =
        d.withColumn(EventFields.USER_ID, concat(lit("bench-"), col("id").cast("string")))
            .withColumn("window_days", lit(WINDOW_DAYS))
            .withColumn(
                "recency_days",
                floor(
                        noise
                            .uniform(0, 1)
                            .multiply(lit((double) WINDOW_DAYS).divide(col("active_days"))))
                    .cast("int"))
            .withColumn("visits_per_week", col("sessions").multiply(7.0 / WINDOW_DAYS))
            .withColumn(
                "engaged_seconds_per_session", col("engaged_seconds").divide(col("sessions")))
            .withColumn("pages_per_session", col("page_views").divide(col("sessions")))
            .withColumn(
                "avg_scroll_depth",
                when(
                    col("article_reads").gt(0),
                    clip(p.of(Profile::scrollDepth).plus(noise.normal(0.1)))))
            .withColumn(
                "video_completion",
                when(
                    col("video_plays").gt(0),
                    clip(p.of(Profile::videoCompletion).plus(noise.normal(0.15)))))
            .withColumn(
                "weekend_share", clip(p.of(Profile::weekendShare).plus(noise.normal(0.08))));
    d =
        withShares(
            d,
            p,
            noise,
            FeatureTables.SECTIONS.stream().map(FeatureTables::sectionShare).toList(),
            Profile::sections);
    d =
        withShares(
            d,
            p,
            noise,
            FeatureTables.DEVICES.stream().map(FeatureTables::deviceShare).toList(),
            Profile::devices);
    d =
        d.withColumn(
            FeatureTables.deviceShare(FeatureTables.APP),
            col(FeatureTables.deviceShare("app_ios"))
                .plus(col(FeatureTables.deviceShare("app_android"))));
    d =
        withShares(
            d,
            p,
            noise,
            FeatureTables.DAYPARTS.stream().map(FeatureTables::daypartShare).toList(),
            Profile::dayparts);
    d =
        withShares(
            d,
            p,
            noise,
            FeatureTables.REFERRERS.stream().map(FeatureTables::referrerShare).toList(),
            Profile::referrers);
    Column subscribed = noise.uniform(0, 1);
    d =
        d.withColumn("newsletter_sends", floor(noise.uniform(0, 40)).cast("long"))
            .withColumn(
                "newsletter_open_rate", when(col("newsletter_sends").gt(0), noise.uniform(0, 0.6)))
            .withColumn("push_open_rate", noise.uniform(0, 0.3))
            .withColumn(
                "ad_impressions",
                floor(col("page_views").multiply(noise.uniform(0.5, 1.5))).cast("long"))
            .withColumn(
                "ad_clicks",
                floor(col("ad_impressions").multiply(noise.uniform(0, 0.02))).cast("long"))
            .withColumn("_subscribed", subscribed)
            .withColumn(
                "subscription_status",
                when(col("_subscribed").lt(p.of(Profile::subscribedShare)), lit("active"))
                    .when(
                        col("_subscribed").lt(p.of(Profile::subscribedShare).plus(0.1)),
                        lit("ended"))
                    .otherwise(lit("none")))
            .withColumn(
                "subscription_plan",
                when(
                    col("subscription_status").equalTo("active"),
                    element_at(
                        array(lit("digital"), lit("print"), lit("bundle")),
                        floor(noise.uniform(0, 3)).cast("int").plus(1))))
            .withColumn(
                "subscription_tenure_days",
                when(
                    col("subscription_status").equalTo("active"),
                    floor(noise.uniform(0, 1500)).cast("int")))
            // The churn signals of the table: plain noise here, segments do not read them.
            .withColumn("active_days_trend", noise.normal(0.05))
            .withColumn(
                "newsletter_open_rate_trend",
                when(col("newsletter_sends").gt(0), noise.normal(0.05)))
            .withColumn(
                "subscription_monthly_price_eur",
                when(col("subscription_status").equalTo("active"), noise.uniform(5, 30)))
            .withColumn(
                "days_to_renewal",
                when(
                    col("subscription_status").equalTo("active"),
                    floor(noise.uniform(0, 30)).cast("int")))
            .withColumn(
                "previous_subscriptions",
                when(col("subscription_status").equalTo("none"), lit(0L))
                    .otherwise(floor(noise.uniform(0, 1.3)).cast("long")))
            .withColumn("subscription_plan_changes", floor(noise.uniform(0, 1.1)).cast("long"))
            .withColumn("payment_failures", floor(noise.uniform(0, 1.05)).cast("long"))
            .withColumn("purchases", floor(noise.uniform(0, 1.5)).cast("long"))
            .withColumn("spend_eur", col("purchases").multiply(noise.uniform(2, 10)))
            .withColumn(FeatureTables.AS_OF_DATE, lit(Date.valueOf(asOf)));
    List<Column> out = new ArrayList<>();
    FeatureTables.USER_FEATURES.columnNames().forEach(c -> out.add(col(c)));
    out.add(col(PLANTED));
    return d.select(out.toArray(Column[]::new));
  }

  /** Each share around the profile's value with multiplicative noise, renormalised to sum to 1. */
  private static Dataset<Row> withShares(
      Dataset<Row> d,
      ByProfile p,
      Noise noise,
      List<String> columns,
      java.util.function.Function<Profile, double[]> shares) {
    Column sum = lit(0.0);
    for (int i = 0; i < columns.size(); i++) {
      int index = i;
      d =
          d.withColumn(
              "_raw_" + columns.get(i),
              p.of(profile -> shares.apply(profile)[index]).multiply(noise.logNormal(0.4)));
      sum = sum.plus(col("_raw_" + columns.get(i)));
    }
    d = d.withColumn("_sum", sum);
    for (String c : columns) {
      d = d.withColumn(c, col("_raw_" + c).divide(col("_sum"))).drop("_raw_" + c);
    }
    return d.drop("_sum");
  }

  private static Column clip(Column c) {
    return least(lit(1.0), greatest(lit(0.0), c));
  }

  /** A per-row value taken from the row's planted profile. */
  private record ByProfile(List<Profile> profiles) {
    Column of(java.util.function.ToDoubleFunction<Profile> value) {
      Column[] values =
          profiles.stream().map(p -> lit(value.applyAsDouble(p))).toArray(Column[]::new);
      return element_at(array(values), col(PLANTED).plus(1));
    }
  }

  /** Independent random columns: each call draws from a new seed. */
  private static final class Noise {
    private long seed;

    Noise(long seed) {
      this.seed = seed;
    }

    Column uniform(double from, double to) {
      return rand(++seed).multiply(to - from).plus(from);
    }

    Column normal(double sd) {
      return randn(++seed).multiply(sd);
    }

    /** Mean-one log-normal factor. */
    Column logNormal(double sd) {
      return exp(randn(++seed).multiply(sd).minus(sd * sd / 2));
    }
  }
}
