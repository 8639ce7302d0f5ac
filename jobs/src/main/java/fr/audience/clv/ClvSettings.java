package fr.audience.clv;

import com.typesafe.config.Config;
import fr.audience.core.Errors;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.Settings;
import java.util.Map;

/** Settings of the clv job (audience.clv.*), read and checked before Spark starts. */
public record ClvSettings(
    LakehouseSettings lakehouse,
    String timeUnit,
    double monthlyDiscountRate,
    int minCustomersPerScope,
    String cohort,
    int rfmGridDays,
    int spendSignificantDigits) {

  /** Average month, days: the calendar's months without favouring any. */
  public static final double DAYS_PER_MONTH = 365.25 / 12;

  private static final Map<String, Double> DAYS_PER_UNIT =
      Map.of("day", 1.0, "week", 7.0, "month", DAYS_PER_MONTH);
  private static final Map<String, String> COHORT_FORMATS =
      Map.of("month", "yyyy-MM", "quarter", "yyyy-'Q'q", "year", "yyyy");

  public static ClvSettings from(Config config) {
    return Settings.read(
        config,
        c -> {
          String unit = c.getString("audience.clv.time-unit");
          if (!DAYS_PER_UNIT.containsKey(unit)) {
            throw Errors.badConfigValue(
                "audience.clv.time-unit", "must be day, week or month, not '" + unit + "'");
          }
          String cohort = c.getString("audience.clv.cohort");
          if (!COHORT_FORMATS.containsKey(cohort)) {
            throw Errors.badConfigValue(
                "audience.clv.cohort", "must be month, quarter or year, not '" + cohort + "'");
          }
          double rate = c.getDouble("audience.clv.monthly-discount-rate");
          if (!(rate > 0 && rate < 1)) {
            throw Errors.badConfigValue(
                "audience.clv.monthly-discount-rate", "must be above 0 and below 1, not " + rate);
          }
          return new ClvSettings(
              LakehouseSettings.from(c),
              unit,
              rate,
              Settings.positive(c, "audience.clv.min-customers-per-scope"),
              cohort,
              Settings.positive(c, "audience.clv.rfm-grid-days"),
              Settings.positive(c, "audience.clv.spend-significant-digits"));
        });
  }

  /** Days in one BG/NBD time unit. */
  public double unitDays() {
    return DAYS_PER_UNIT.get(timeUnit);
  }

  /** Spark date pattern naming a start cohort. */
  public String cohortPattern() {
    return COHORT_FORMATS.get(cohort);
  }

  /** Discount rate over a period of {@code days} days, compounding the monthly rate. */
  public double discountRateOver(double days) {
    return Math.pow(1 + monthlyDiscountRate, days / DAYS_PER_MONTH) - 1;
  }
}
