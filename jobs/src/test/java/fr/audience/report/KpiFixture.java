package fr.audience.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.segments.SegmentTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * A small lakehouse with the nine gold.kpi_* tables on the schemas agreed for the KPI issue and
 * gold.segment_profiles, over a few dates: one row per combination of each table's dimension values,
 * measures that change smoothly with the date. One segment label is hostile HTML, to prove escaping.
 */
final class KpiFixture {
  static final String HOSTILE = "<script>alert(\"x\")</script> & 'fidèles' </script><!--";
  /** segment_id, segment_label pairs as the KPI tables write them (null + tous = all segments). */
  private static final List<Object[]> SEGMENTS = List.of(new Object[] {null, "tous"},
      new Object[] {0, "mobile · sport · soirée"}, new Object[] {1, HOSTILE}, new Object[] {-1, "non segmenté"});

  private KpiFixture() {}

  /** Each KPI table: its spec (contract columns, comments) and its dimension values. */
  static final Map<TableSpec, Map<String, List<?>>> TABLES = new LinkedHashMap<>();

  static {
    add(kpi("kpi_clv_by_segment", "CLV per segment and date.", segmentColumns(),
        c("customers", LongType), c("clv_mean_eur", DoubleType), c("clv_median_eur", DoubleType),
        c("clv_total_eur", DoubleType), c("clv_subscription_total_eur", DoubleType),
        c("clv_one_shot_total_eur", DoubleType), c("subscription_share", DoubleType), c("horizon_months", IntegerType)),
        Map.of("segment", SEGMENTS));
    add(kpi("kpi_cac_vs_clv", "Acquisition cost against customer value per campaign.", List.of(),
        c("channel", StringType), c("campaign_id", StringType), c("spend_eur", DoubleType), c("new_customers", LongType),
        c("cac_eur", DoubleType), c("mean_clv_eur", DoubleType), c("clv_to_cac", DoubleType),
        c("payback_months", DoubleType), c("attribution_window_days", IntegerType)),
        Map.of("channel", List.of("search", "social", "newsletter"), "campaign_id", List.of("c-printemps", "c-sport")));
    add(kpi("kpi_revenue_durability", "Recurring against one-shot revenue per month and segment.", List.of(c("month", StringType)),
        segmentColumns(), c("recurring_revenue_eur", DoubleType), c("one_shot_revenue_eur", DoubleType),
        c("durable_share", DoubleType), c("recurring_to_one_shot", DoubleType)),
        Map.of("month", List.of("2026-03", "2026-04"), "segment", SEGMENTS));
    add(kpi("kpi_commercial_pressure", "Messages per person and week by channel and segment.", segmentColumns(),
        c("channel", StringType), c("people", LongType), c("p50_per_week", DoubleType), c("p90_per_week", DoubleType),
        c("p99_per_week", DoubleType), c("threshold_per_week", DoubleType), c("share_above_threshold", DoubleType)),
        Map.of("segment", SEGMENTS, "channel", List.of("newsletter", "push", "ad", "all")));
    add(kpi("kpi_campaign_carbon", "Carbon footprint per campaign.", List.of(),
        c("campaign_id", StringType), c("channel", StringType), c("impressions", LongType), c("data_gb", DoubleType),
        c("network_kgco2e", DoubleType), c("device_kgco2e", DoubleType), c("total_kgco2e", DoubleType),
        c("gco2e_per_1000_impressions", DoubleType), c("new_customers", LongType), c("kgco2e_per_new_customer", DoubleType)),
        Map.of("campaign_id", List.of("c-printemps", "c-sport"), "channel", List.of("ad", "newsletter")));
    add(kpi("kpi_strategic_audience", "Active users and engaged time of the strategic targets.", List.of(),
        c("target", StringType), c("active_users", LongType), c("active_users_share", DoubleType),
        c("engaged_seconds", DoubleType), c("engaged_time_share", DoubleType)),
        Map.of("target", List.of("jeunes actifs", "cadres", "total")));
    add(kpi("kpi_engagement", "Daily active users and sessions by section and device.", List.of(),
        c("section", StringType), c("device", StringType), c("daily_active_users", LongType), c("sessions", LongType),
        c("sessions_per_user", DoubleType), c("engaged_seconds_per_user", DoubleType)),
        Map.of("section", List.of("all", "sport", "politique"), "device", List.of("all", "mobile", "desktop")));
    add(kpi("kpi_churn_risk", "Subscribers and revenue at risk by segment, plan and risk band.", segmentColumns(),
        c("plan", StringType), c("risk_band", StringType), c("subscribers", LongType), c("mean_churn_probability", DoubleType),
        c("monthly_revenue_eur", DoubleType), c("revenue_at_risk_eur", DoubleType)),
        Map.of("segment", SEGMENTS, "plan", List.of("digital", "print"), "risk_band", List.of("faible", "moyen", "élevé", "critique")));
    add(kpi("kpi_exposure_audit", "Commercial pressure on protected publics against the reference population.", List.of(),
        c("public", StringType), c("people", LongType), c("pressure_per_week", DoubleType),
        c("ad_impressions_per_week", DoubleType), c("reference_pressure_per_week", DoubleType),
        c("reference_ad_impressions_per_week", DoubleType), c("pressure_ratio", DoubleType), c("ad_exposure_ratio", DoubleType),
        c("ratio_limit", DoubleType), c("over_limit", BooleanType)),
        Map.of("public", List.of("13-17", "18-24")));
  }

  /** Writes every KPI table and gold.segment_profiles for each date. */
  static void write(SparkSession spark, LakehouseSettings lakehouse, List<LocalDate> dates) {
    for (Map.Entry<TableSpec, Map<String, List<?>>> t : TABLES.entrySet()) {
      List<Row> rows = new ArrayList<>();
      for (int d = 0; d < dates.size(); d++) {
        for (Map<String, Object> dims : combinations(new ArrayList<>(t.getValue().entrySet()), 0, new LinkedHashMap<>())) {
          rows.add(row(t.getKey(), dims, dates.get(d), d));
        }
      }
      create(spark, lakehouse, t.getKey(), rows);
    }
    List<Row> profiles = new ArrayList<>();
    for (LocalDate date : dates) {
      profiles.add(profile(0, "mobile · sport · soirée", 1200, 0.6, 84.5, 0.12, date));
      profiles.add(profile(1, HOSTILE, 800, 0.4, null, null, date));
    }
    create(spark, lakehouse, SegmentTables.PROFILES, profiles);
  }

  /** Creates the table with its rows in one Delta commit: comments and partitioning as Tables.ensure gives them. */
  private static void create(SparkSession spark, LakehouseSettings lakehouse, TableSpec spec, List<Row> rows) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + spec.database() + " LOCATION '" + lakehouse.databaseLocation(spec.database()) + "'");
    try {
      spark.createDataFrame(rows, spec.schema()).writeTo(spec.fullName()).using("delta")
          .partitionedBy(functions.col("as_of_date")).tableProperty("comment", spec.comment()).create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException(spec.fullName() + " exists: start from TestSpark.freshLakehouse", e);
    }
  }

  private static Row profile(int id, String label, long size, double share, Double clv, Double churn, LocalDate date) {
    return RowFactory.create(id, id, size, share, label, List.of(), clv, churn, java.sql.Date.valueOf(date), "v1");
  }

  private static Row row(TableSpec spec, Map<String, Object> dims, LocalDate date, int dateIndex) {
    String key = dims.values().stream().map(v -> v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v))
        .reduce("", String::concat);
    int seed = Math.abs(key.hashCode() % 97) + 3;
    List<Object> values = new ArrayList<>();
    for (StructField f : spec.schema().fields()) {
      String name = f.name();
      Object[] segment = (Object[]) dims.get("segment");
      if (name.equals("as_of_date")) {
        values.add(java.sql.Date.valueOf(date));
      } else if (segment != null && name.equals("segment_id")) {
        values.add(segment[0]);
      } else if (segment != null && name.equals("segment_label")) {
        values.add(segment[1]);
      } else if (dims.containsKey(name)) {
        values.add(dims.get(name));
      } else {
        double base = seed * (1 + 0.15 * dateIndex) * (1 + 0.3 * Math.sin(name.length() + dateIndex));
        values.add(measure(name, f.dataType(), base));
      }
    }
    return RowFactory.create(values.toArray());
  }

  private static Object measure(String name, DataType type, double base) {
    if (type.equals(BooleanType)) {
      return base > 80;
    }
    if (type.equals(IntegerType)) {
      return name.equals("horizon_months") ? 12 : 30;
    }
    if (type.equals(LongType)) {
      return Math.round(base * 100);
    }
    return name.contains("share") ? (base % 100) / 100.0 : base;
  }

  private static List<Map<String, Object>> combinations(List<Map.Entry<String, List<?>>> dims, int i, Map<String, Object> chosen) {
    if (i == dims.size()) {
      return List.of(new LinkedHashMap<>(chosen));
    }
    List<Map<String, Object>> all = new ArrayList<>();
    for (Object v : dims.get(i).getValue()) {
      chosen.put(dims.get(i).getKey(), v);
      all.addAll(combinations(dims, i + 1, chosen));
    }
    chosen.remove(dims.get(i).getKey());
    return all;
  }

  private static void add(TableSpec spec, Map<String, List<?>> dims) {
    TABLES.put(spec, dims);
  }

  private record Col(String name, DataType type) {}

  private static Col c(String name, DataType type) {
    return new Col(name, type);
  }

  private static List<Col> segmentColumns() {
    return List.of(c("segment_id", IntegerType), c("segment_label", StringType));
  }

  /** A KPI table: leading columns, then the rest, then as_of_date as its partition, each commented. */
  private static TableSpec kpi(String table, String comment, List<Col> lead, Object... rest) {
    TableSpec.Builder b = TableSpec.builder("gold", table, comment);
    List<Col> cols = new ArrayList<>(lead);
    for (Object o : rest) {
      if (o instanceof Col col) {
        cols.add(col);
      } else {
        @SuppressWarnings("unchecked")
        List<Col> more = (List<Col>) o;
        cols.addAll(more);
      }
    }
    for (Col col : cols) {
      b.column(col.name(), col.type(), "Fixture column " + col.name());
    }
    return b.column("as_of_date", DateType, "Snapshot date (partition)").partitionedBy("as_of_date").build();
  }
}
