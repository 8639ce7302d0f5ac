package fr.audience.segments;

import static org.apache.spark.sql.functions.col;

import fr.audience.core.DateRange;
import fr.audience.core.Errors;
import fr.audience.core.ModelRegistry;
import fr.audience.core.RunCounts;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the segment model for a date on gold.user_features as of that date, carries the previous
 * model's segment ids over to the clusters that match them, saves the model and registers it.
 */
public final class SegmentTrainer implements fr.audience.core.ModelTrainer {
  public static final String NAME = "segment-train";
  public static final String MODEL = "segments";
  private static final Logger LOG = LoggerFactory.getLogger(SegmentTrainer.class);

  private final SegmentSettings settings;

  public SegmentTrainer(SegmentSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String model() {
    return "segment model";
  }

  @Override
  public fr.audience.core.LakehouseSettings lakehouse() {
    return settings.lakehouse();
  }

  /**
   * Version of the model trained for {@code date} with the configured algorithm: re-training
   * replaces it.
   */
  public String version(LocalDate date) {
    return date + "-" + settings.algorithm().configName;
  }

  public SegmentMetrics train(SparkSession spark, LocalDate date) {
    Dataset<Row> users =
        SegmentScoring.usersAt(spark, settings, date, "train the segment model")
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      if (users.isEmpty()) {
        throw Errors.inputMissing(
            "train the segment model for " + date,
            FeatureTables.USER_FEATURES.fullName(),
            "has no active user as of "
                + date
                + " (features needs silver data for the days before)",
            "features",
            DateRange.of(date));
      }
      String version = version(date);
      Integer previousK =
          ModelRegistry.latest(spark, MODEL, date, true, settings.algorithm().configName)
              .map(e -> ModelStore.loadMetrics(spark, e.path()).k())
              .orElse(null);
      SegmentModel.Fitted fitted =
          SegmentModel.fit(users, settings, version, date.toString(), previousK);
      SegmentMetrics metrics = withIdentity(spark, fitted, date, users);
      String dir = settings.modelDir(version);
      ModelStore.save(spark, dir, fitted.model(), metrics);
      ModelRegistry.register(
          spark,
          settings.lakehouse(),
          new ModelRegistry.Entry(
              MODEL, version, date, settings.algorithm().configName, metrics.toJson(), dir));
      LOG.info(
          "segment model {}: k = {} ({} users), {} of users changed segment",
          version,
          metrics.k(),
          metrics.trainingUsers(),
          metrics.changedShare() == null ? "no previous model, none" : metrics.changedShare());
      return metrics;
    } finally {
      users.unpersist();
    }
  }

  @Override
  public RunCounts trainRecorded(SparkSession spark, LocalDate date) {
    return RunCounts.output(train(spark, date).trainingUsers());
  }

  private SegmentMetrics withIdentity(
      SparkSession spark, SegmentModel.Fitted fitted, LocalDate date, Dataset<Row> users) {
    SegmentMetrics m = fitted.metrics();
    Optional<ModelRegistry.Entry> previous =
        ModelRegistry.latest(spark, MODEL, date, true, settings.algorithm().configName);
    if (previous.isEmpty()) {
      int[] ids = SegmentIdentity.fresh(m.sizes());
      return m.withIdentity(ids, macro(m, ids), SegmentIdentity.max(ids) + 1, null, null);
    }
    SegmentMetrics old = ModelStore.loadMetrics(spark, previous.get().path());
    if (!old.features().equals(m.features())) {
      LOG.warn(
          "segment model {}: features differ from {}; segments get new ids",
          m.version(),
          old.version());
      int[] ids = SegmentIdentity.fresh(m.sizes());
      for (int i = 0; i < ids.length; i++) {
        ids[i] += old.nextSegmentId() - 1;
      }
      return m.withIdentity(ids, macro(m, ids), SegmentIdentity.max(ids) + 1, old.version(), null);
    }
    double[][] oldCentroids =
        SegmentModel.rescale(old.centroids(), SegmentModel.scaler(fitted.model()));
    int[] ids =
        SegmentIdentity.match(
            m.scaledCentroids(),
            m.sizes(),
            oldCentroids,
            old.segmentIds(),
            settings.maxMatchDistance(),
            old.nextSegmentId());
    int next = Math.max(old.nextSegmentId(), SegmentIdentity.max(ids) + 1);
    SegmentMetrics identified = m.withIdentity(ids, macro(m, ids), next, old.version(), null);
    double changed =
        changedShare(
            spark,
            users,
            ModelStore.loadModel(previous.get().path()),
            old,
            fitted.model(),
            identified);
    return identified.withIdentity(ids, identified.macroSegmentIds(), next, old.version(), changed);
  }

  private int[] macro(SegmentMetrics m, int[] ids) {
    return SegmentIdentity.macro(
        m.scaledCentroids(), m.sizes(), ids, Math.min(settings.macroSegments(), m.k()));
  }

  /**
   * Share of today's users whose segment id under the new model differs from the previous model's.
   */
  private static double changedShare(
      SparkSession spark,
      Dataset<Row> users,
      PipelineModel oldModel,
      SegmentMetrics old,
      PipelineModel newModel,
      SegmentMetrics neu) {
    Dataset<Row> before =
        SegmentScoring.assign(spark, oldModel, old, users)
            .select(col(EventFields.USER_ID), col(SegmentTables.SEGMENT_ID).as("_before"));
    Dataset<Row> after =
        SegmentScoring.assign(spark, newModel, neu, users)
            .select(col(EventFields.USER_ID), col(SegmentTables.SEGMENT_ID).as("_after"));
    Row r =
        before
            .join(after, EventFields.USER_ID)
            .selectExpr("count(*)", "count_if(_before <> _after)")
            .first();
    return r.getLong(0) == 0 ? 0 : (double) r.getLong(1) / r.getLong(0);
  }
}
