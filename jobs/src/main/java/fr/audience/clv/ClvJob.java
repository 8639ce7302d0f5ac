package fr.audience.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import fr.audience.core.AudienceException;
import fr.audience.core.DailyJob;
import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.RunCounts;
import fr.audience.core.Tables;
import fr.audience.ingest.EventFields;
import fr.audience.sessions.SilverTables;
import fr.audience.sessions.Subscriptions;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the CLV models as of the run's last date on the history up to it and scores every active
 * subscriber and every buyer: sBG per plan, start cohort and (when gold.segments exists) segment on
 * silver.subscriptions; BG/NBD and Gamma-Gamma on silver.transactions. A range is fitted once, as
 * of its last date: earlier dates of the range are history of that fit.
 */
public final class ClvJob implements DailyJob {
  public static final String NAME = "clv";
  public static final String SEGMENTS = fr.audience.segments.SegmentTables.SEGMENTS.fullName();
  static final String ALL = "all";
  private static final Logger LOG = LoggerFactory.getLogger(ClvJob.class);
  private static final int[] HORIZON_YEARS = {1, 2, 3};

  private final ClvSettings settings;

  public ClvJob(ClvSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A fitted model and where it applies. */
  record Fitted<M>(String model, String scopeType, String scope, ClvFit<M> fit) {}

  @Override
  public RunCounts run(SparkSession spark, DateRange dates, String runId) {
    LocalDate asOf = dates.to();
    Dataset<Row> subscriptions = snapshot(spark, asOf);
    Dataset<Row> transactions = requireTable(spark, SilverTables.TRANSACTIONS.fullName(), asOf);

    describe(spark, asOf, "sBG tenure statistics and fits");
    Dataset<Row> tenures = ClvStatistics.withTenure(subscriptions, asOf).cache();
    List<Fitted<ShiftedBetaGeometric>> sbg = fitSbg(scoped(spark, tenures, asOf), asOf);

    describe(spark, asOf, "BG/NBD and Gamma-Gamma statistics and fits");
    Dataset<Row> rfm = ClvStatistics.rfm(transactions, asOf, settings.unitDays()).cache();
    Fitted<BgNbd> bg =
        new Fitted<>(
            BgNbd.NAME, ALL, ALL, fitOrFail(asOf, BgNbd.NAME, () -> BgNbd.fit(rfmCounts(rfm))));
    Fitted<GammaGamma> gg =
        new Fitted<>(
            GammaGamma.NAME,
            ALL,
            ALL,
            fitOrFail(asOf, GammaGamma.NAME, () -> GammaGamma.fit(spendCounts(rfm))));

    // Scored (and counted) before anything is written, so a scoring failure publishes nothing.
    describe(spark, asOf, "score customers");
    Dataset<Row> purchases;
    try {
      purchases = ClvScoring.purchaseValue(rfm, bg.fit().model(), gg.fit().model(), settings);
    } catch (AudienceException e) {
      throw Errors.cannot(
          "run clv for " + asOf,
          "the fitted purchase model cannot be scored (" + e.why() + ")",
          "Too few repeat buyers for BG/NBD: leave clv out of audience.pipeline.jobs on small samples",
          e);
    }
    Dataset<Row> customers =
        ClvScoring.customers(
                ClvScoring.subscriptionValue(
                    tenures.filter(col(ClvStatistics.ACTIVE)), sbgForPlans(sbg), settings, asOf),
                purchases,
                asOf)
            .cache();
    long written = customers.count();

    describe(spark, asOf, "write gold.clv_params and gold.clv_customer");
    Tables.replace(
        spark,
        settings.lakehouse(),
        ClvTables.PARAMS,
        paramRows(spark, sbg, bg, gg, asOf),
        col(ClvTables.FIT_DATE).equalTo(lit(Date.valueOf(asOf))));
    Tables.replace(
        spark,
        settings.lakehouse(),
        ClvTables.CUSTOMER,
        customers,
        col(ClvTables.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))));
    customers.unpersist();
    tenures.unpersist();
    rfm.unpersist();
    return RunCounts.output(written);
  }

  private static void describe(SparkSession spark, LocalDate asOf, String phase) {
    spark.sparkContext().setJobDescription(NAME + " " + asOf + ": " + phase);
  }

  private static Dataset<Row> requireTable(SparkSession spark, String table, LocalDate asOf) {
    if (!spark.catalog().tableExists(table)) {
      throw Errors.inputMissing("run clv for " + asOf, table, "sessionize", DateRange.of(asOf));
    }
    return spark.table(table);
  }

  /**
   * silver.subscriptions is a snapshot; any snapshot as of {@code asOf} or later knows that day's
   * state.
   */
  private static Dataset<Row> snapshot(SparkSession spark, LocalDate asOf) {
    Dataset<Row> subscriptions = requireTable(spark, SilverTables.SUBSCRIPTIONS.fullName(), asOf);
    Date described = subscriptions.agg(max(col("as_of_date"))).first().getDate(0);
    if (described == null || described.toLocalDate().isBefore(asOf)) {
      throw Errors.inputMissing(
          "run clv for " + asOf,
          SilverTables.SUBSCRIPTIONS.fullName(),
          "describes "
              + (described == null ? "no date (it is empty)" : described.toString())
              + ", before "
              + asOf,
          "sessionize",
          DateRange.of(asOf));
    }
    return subscriptions;
  }

  /** Each subscription once per scope it belongs to: all, plan, start cohort and segment. */
  private Dataset<Row> scoped(SparkSession spark, Dataset<Row> tenures, LocalDate asOf) {
    Dataset<Row> base =
        tenures.select(
            col(EventFields.USER_ID),
            col(EventFields.PLAN),
            col(Subscriptions.START_DATE),
            col(ClvStatistics.TENURE),
            col(ClvStatistics.CHURNED));
    Dataset<Row> all =
        base.withColumn(ClvStatistics.SCOPE_TYPE, lit(ALL))
            .withColumn(ClvStatistics.SCOPE, lit(ALL));
    Dataset<Row> plans =
        base.withColumn(ClvStatistics.SCOPE_TYPE, lit("plan"))
            .withColumn(ClvStatistics.SCOPE, col(EventFields.PLAN));
    Dataset<Row> cohorts =
        base.withColumn(ClvStatistics.SCOPE_TYPE, lit("cohort"))
            .withColumn(
                ClvStatistics.SCOPE,
                date_format(col(Subscriptions.START_DATE), settings.cohortPattern()));
    Dataset<Row> scoped = all.unionByName(plans).unionByName(cohorts);
    Dataset<Row> segments = segmentsAsOf(spark, asOf);
    if (segments != null) {
      scoped =
          scoped.unionByName(
              base.join(segments, EventFields.USER_ID)
                  .withColumn(ClvStatistics.SCOPE_TYPE, lit("segment")));
    }
    return ClvStatistics.tenureCounts(scoped);
  }

  /** The latest segment assignment on or before {@code asOf}, or null when there is none. */
  private static Dataset<Row> segmentsAsOf(SparkSession spark, LocalDate asOf) {
    if (!spark.catalog().tableExists(SEGMENTS)) {
      LOG.info("{} does not exist: no per-segment sBG fits", SEGMENTS);
      return null;
    }
    Dataset<Row> segments =
        spark.table(SEGMENTS).filter(col("as_of_date").leq(lit(Date.valueOf(asOf))));
    Date latest = segments.agg(max(col("as_of_date"))).first().getDate(0);
    if (latest == null) {
      LOG.info("{} has no assignment on or before {}: no per-segment sBG fits", SEGMENTS, asOf);
      return null;
    }
    return segments
        .filter(col("as_of_date").equalTo(lit(latest)))
        .groupBy(EventFields.USER_ID)
        .agg(first(col("segment_id").cast("string")).as(ClvStatistics.SCOPE));
  }

  /**
   * Fits every scope with enough subscriptions; a scope the data cannot identify is skipped with a
   * log line, except "all", which every plan falls back on.
   */
  private List<Fitted<ShiftedBetaGeometric>> fitSbg(Dataset<Row> counts, LocalDate asOf) {
    Map<List<String>, List<ShiftedBetaGeometric.TenureCount>> byScope = new LinkedHashMap<>();
    for (Row r : counts.orderBy(ClvStatistics.SCOPE_TYPE, ClvStatistics.SCOPE).collectAsList()) {
      byScope
          .computeIfAbsent(List.of(r.getString(0), r.getString(1)), k -> new ArrayList<>())
          .add(new ShiftedBetaGeometric.TenureCount(r.getInt(2), r.getBoolean(3), r.getLong(4)));
    }
    List<Fitted<ShiftedBetaGeometric>> fits = new ArrayList<>();
    for (Map.Entry<List<String>, List<ShiftedBetaGeometric.TenureCount>> e : byScope.entrySet()) {
      String type = e.getKey().get(0);
      String scope = e.getKey().get(1);
      double n = e.getValue().stream().mapToDouble(ShiftedBetaGeometric.TenureCount::count).sum();
      if (type.equals(ALL)) {
        fits.add(
            new Fitted<>(
                "sBG",
                type,
                scope,
                fitOrFail(asOf, "sBG", () -> ShiftedBetaGeometric.fit(e.getValue()))));
      } else if (n < settings.minCustomersPerScope()) {
        LOG.info(
            "sBG {}={}: {} subscriptions, below audience.clv.min-customers-per-scope; not fitted",
            type,
            scope,
            n);
      } else {
        try {
          fits.add(new Fitted<>("sBG", type, scope, ShiftedBetaGeometric.fit(e.getValue())));
        } catch (AudienceException ex) {
          LOG.warn("sBG {}={}: not fitted: {}", type, scope, ex.getMessage());
        }
      }
    }
    if (fits.stream().noneMatch(f -> f.scopeType().equals(ALL))) {
      throw Errors.cannot(
          "run clv for " + asOf,
          "there is no subscription to fit the sBG model on",
          "Check that silver.subscriptions was filled by sessionize");
    }
    return fits;
  }

  /**
   * The model each plan is scored with: its own fit, else the fit on all subscriptions (key "all").
   */
  private static Map<String, Fitted<ShiftedBetaGeometric>> sbgForPlans(
      List<Fitted<ShiftedBetaGeometric>> fits) {
    Map<String, Fitted<ShiftedBetaGeometric>> byPlan = new LinkedHashMap<>();
    for (Fitted<ShiftedBetaGeometric> f : fits) {
      if (f.scopeType().equals("plan")) {
        byPlan.put(f.scope(), f);
      } else if (f.scopeType().equals(ALL)) {
        byPlan.put(ALL, f);
      }
    }
    return byPlan;
  }

  private static <M> ClvFit<M> fitOrFail(
      LocalDate asOf, String model, java.util.function.Supplier<ClvFit<M>> fit) {
    try {
      return fit.get();
    } catch (AudienceException e) {
      throw Errors.cannot(
          "run clv for " + asOf,
          "the " + model + " fit failed (" + e.why() + ")",
          "Check silver.subscriptions and silver.transactions for " + asOf,
          e);
    }
  }

  private List<BgNbd.RfmCount> rfmCounts(Dataset<Row> rfm) {
    return ClvStatistics.rfmGroups(rfm, settings.rfmGridDays(), settings.unitDays())
        .collectAsList()
        .stream()
        .map(r -> new BgNbd.RfmCount(r.getInt(0), r.getDouble(1), r.getDouble(2), r.getLong(3)))
        .toList();
  }

  private List<GammaGamma.SpendCount> spendCounts(Dataset<Row> rfm) {
    return ClvStatistics.spendGroups(rfm, settings.spendSignificantDigits())
        .collectAsList()
        .stream()
        .map(r -> new GammaGamma.SpendCount(r.getInt(0), r.getDouble(1), r.getLong(2)))
        .toList();
  }

  private Dataset<Row> paramRows(
      SparkSession spark,
      List<Fitted<ShiftedBetaGeometric>> sbg,
      Fitted<BgNbd> bg,
      Fitted<GammaGamma> gg,
      LocalDate asOf) {
    Date day = Date.valueOf(asOf);
    List<Row> rows = new ArrayList<>();
    for (Fitted<ShiftedBetaGeometric> f : sbg) {
      ShiftedBetaGeometric m = f.fit().model();
      rows.add(paramRow(f, Map.of("alpha", m.alpha(), "beta", m.beta()), "renewal period", day));
    }
    BgNbd b = bg.fit().model();
    rows.add(
        paramRow(
            bg,
            ordered("r", b.r(), "alpha", b.alpha(), "a", b.a(), "b", b.b()),
            settings.timeUnit(),
            day));
    GammaGamma g = gg.fit().model();
    rows.add(paramRow(gg, ordered("p", g.p(), "q", g.q(), "gamma", g.gamma()), null, day));
    return spark.createDataFrame(rows, ClvTables.PARAMS.schema());
  }

  private static Row paramRow(Fitted<?> f, Map<String, Double> params, String unit, Date day) {
    return RowFactory.create(
        f.model(),
        f.scopeType(),
        f.scope(),
        params,
        f.fit().standardErrors(),
        f.fit().logLikelihood(),
        f.fit().customers(),
        unit,
        day);
  }

  private static Map<String, Double> ordered(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }
}
