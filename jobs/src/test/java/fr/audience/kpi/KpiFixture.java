package fr.audience.kpi;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.core.Tables;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/** Writes hand-made rows (JSON, missing fields null) into a table of the lakehouse. */
final class KpiFixture {
  /** gold.churn_scores exactly as agreed with the churn job (it is not on this branch). */
  static final TableSpec CHURN_SCORES = TableSpec.builder("gold", "churn_scores",
          "Churn score of each active subscriber as of a date (test fixture of the agreed schema).")
      .column("user_id", StringType, "Account")
      .column("churn_probability", DoubleType, "P(cancel or lapse within horizon-days after D), 0..1")
      .column("risk_band", StringType, "faible, moyen, élevé or critique")
      .column("top_drivers", DataTypes.createArrayType(StringType), "Three features pushing the score up most")
      .column("plan", StringType, "digital, print or bundle")
      .column("monthly_revenue_eur", DoubleType, "Subscription revenue per 30 days, EUR")
      .column("revenue_at_risk_eur", DoubleType, "churn_probability x monthly_revenue_eur x horizon-days/30")
      .column("model_version", StringType, "ops.model_registry.version of model churn")
      .column("as_of_date", DateType, "Snapshot date (partition)")
      .partitionedBy("as_of_date")
      .build();

  private KpiFixture() {}

  static void write(SparkSession spark, LakehouseSettings lh, TableSpec spec, String... jsonLines) {
    Tables.replaceAll(spark, lh, spec, spark.read().schema(spec.schema())
        .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssX")
        .json(spark.createDataset(List.of(jsonLines), Encoders.STRING())));
  }
}
