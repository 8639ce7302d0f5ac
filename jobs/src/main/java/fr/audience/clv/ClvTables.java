package fr.audience.clv;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.TableSpec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The gold tables of the clv job. */
public final class ClvTables {
  public static final String FIT_DATE = "fit_date";
  public static final String AS_OF_DATE = "as_of_date";
  private static final DataType NUMBERS = DataTypes.createMapType(StringType, DoubleType);

  public static final TableSpec PARAMS =
      TableSpec.builder(
              "gold",
              "clv_params",
              "CLV model fits per scope as of fit_date: parameters, standard errors, log-likelihood, customers.")
          .column(
              "model",
              StringType,
              "sBG (subscriptions), BG/NBD (one-off purchase counts) or Gamma-Gamma (spend per purchase)")
          .column(
              "scope_type",
              StringType,
              "all, plan, cohort (start quarter of the subscription) or segment (gold.segments)")
          .column("scope", StringType, "The plan, cohort (e.g. 2025-Q3), segment id, or all")
          .column(
              "parameters",
              NUMBERS,
              "Fitted parameters: sBG alpha, beta (per renewal period); BG/NBD r, alpha (in time_unit), a, b; Gamma-Gamma p, q, gamma (EUR)")
          .column(
              "standard_errors",
              NUMBERS,
              "Asymptotic standard error of each parameter (inverse observed information), same units")
          .column("log_likelihood", DoubleType, "Maximised log-likelihood of the fit")
          .column(
              "customers",
              DoubleType,
              "Subscriptions (sBG), buyers (BG/NBD) or repeat buyers (Gamma-Gamma) fitted on")
          .column(
              "time_unit",
              StringType,
              "Time unit of BG/NBD times (audience.clv.time-unit); for sBG the renewal period")
          .column(FIT_DATE, DateType, "Date the history was cut at (the run's last date)")
          .build();

  public static final TableSpec CUSTOMER =
      TableSpec.builder(
              "gold",
              "clv_customer",
              "Per customer (active subscriber or one-off buyer) as of as_of_date: P(alive), expected purchases and spend, DERL, CLV at 12 and 36 months (EUR incl. VAT, discounted monthly).")
          .column("user_id", StringType, "Account")
          .column(
              "models",
              StringType,
              "Models and scopes that scored the customer, e.g. 'sBG plan=digital; BG/NBD all; Gamma-Gamma all'")
          .column(
              "p_alive",
              DoubleType,
              "BG/NBD probability that the buyer still buys, 0..1; null for a customer without a purchase")
          .column(
              "expected_purchases_12m",
              DoubleType,
              "BG/NBD expected purchase days in the next 12 months; null without a purchase")
          .column(
              "expected_spend_per_purchase",
              DoubleType,
              "Gamma-Gamma expected amount of a future purchase day, EUR; null without a purchase")
          .column(
              "subscription_derl",
              DoubleType,
              "Discounted expected residual lifetime of the active subscriptions, in renewal periods (the next payment counts 1); null without an active subscription")
          .column(
              "clv_subscription_12m",
              DoubleType,
              "Expected discounted renewal payments of the active subscriptions over the next 12 months, EUR")
          .column("clv_subscription_36m", DoubleType, "Same over the next 36 months, EUR")
          .column(
              "clv_purchases_12m",
              DoubleType,
              "Expected discounted one-off purchases over the next 12 months, EUR")
          .column("clv_purchases_36m", DoubleType, "Same over the next 36 months, EUR")
          .column("clv_12m", DoubleType, "clv_subscription_12m + clv_purchases_12m, EUR")
          .column("clv_36m", DoubleType, "clv_subscription_36m + clv_purchases_36m, EUR")
          .column(
              AS_OF_DATE,
              DateType,
              "Date the history was cut at; values are for the months after it (partition)")
          .partitionedBy(AS_OF_DATE)
          .build();

  private ClvTables() {}
}
