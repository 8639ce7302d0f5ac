package fr.audience.churn;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.TableSpec;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.EventFields;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;

/** gold.churn_scores: one row per subscriber active at D. */
public final class ChurnTables {
  public static final String PROBABILITY = "churn_probability";

  /** Band names, lowest risk first; audience.churn.risk-bands holds the cut points between them. */
  public static final List<String> RISK_BANDS = List.of("faible", "moyen", "élevé", "critique");

  public static final TableSpec CHURN_SCORES =
      TableSpec.builder(
              "gold",
              "churn_scores",
              "Per subscriber active at D: probability of cancelling or lapsing within audience.churn.horizon-days after D, "
                  + "its risk band, the three features raising it most, and the revenue at risk. Features use only data before D.")
          .column(EventFields.USER_ID, StringType, "Account")
          .column(
              PROBABILITY,
              DoubleType,
              "P(cancel or lapse without renewal within horizon-days after D), 0..1")
          .column(
              "risk_band",
              StringType,
              "Band from the audience.churn.risk-bands cut points: faible, moyen, élevé, critique")
          .column(
              "top_drivers",
              DataTypes.createArrayType(StringType),
              "Up to three features pushing this user's score up most, in plain French (see docs/churn.md)")
          .column("plan", StringType, "Plan of the active subscription: digital, print, bundle")
          .column("monthly_revenue_eur", DoubleType, "Subscription revenue per 30 days, EUR")
          .column(
              "revenue_at_risk_eur",
              DoubleType,
              "churn_probability x monthly_revenue_eur x horizon-days / 30, EUR")
          .column(
              "model_version",
              StringType,
              "ops.model_registry.version of the churn model that scored")
          .column(FeatureTables.AS_OF_DATE, DateType, "D: the snapshot date (partition)")
          .partitionedBy(FeatureTables.AS_OF_DATE)
          .build();

  private ChurnTables() {}
}
