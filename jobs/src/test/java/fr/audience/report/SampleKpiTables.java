package fr.audience.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;

import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.kpi.KpiTables;
import fr.audience.quality.GatedTable;
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
 * A small lakehouse with the nine gold.kpi_* tables on their KpiTables schemas and
 * gold.segment_profiles, over a few dates: one row per combination of each table's dimension
 * values, measures that change smoothly with the date. One segment label is hostile HTML, to prove
 * escaping.
 */
final class SampleKpiTables {
  static final String HOSTILE = "<script>alert(\"x\")</script> & 'fidèles' </script><!--";

  /** segment_id, segment_label pairs as the KPI tables write them (null + tous = all segments). */
  private static final List<Object[]> SEGMENTS =
      List.of(
          new Object[] {null, "tous"},
          new Object[] {0, "mobile · sport · soirée"},
          new Object[] {1, HOSTILE},
          new Object[] {-1, "non segmenté"});

  private SampleKpiTables() {}

  /**
   * Each KPI table: its spec and the values of its dimensions (a segment is an id and label pair).
   */
  static final Map<TableSpec, Map<String, List<?>>> TABLES = new LinkedHashMap<>();

  static {
    add(KpiTables.CLV_BY_SEGMENT, Map.of("segment", SEGMENTS));
    add(
        KpiTables.CAC_VS_CLV,
        Map.of(
            "channel",
            List.of("search", "social", "newsletter"),
            "campaign_id",
            List.of("c-printemps", "c-sport")));
    add(
        KpiTables.REVENUE_DURABILITY,
        Map.of("month", List.of("2026-03", "2026-04"), "segment", SEGMENTS));
    add(
        KpiTables.COMMERCIAL_PRESSURE,
        Map.of("segment", SEGMENTS, "channel", List.of("newsletter", "push", "ad", "all")));
    add(
        KpiTables.CAMPAIGN_CARBON,
        Map.of(
            "campaign_id",
            List.of("c-printemps", "c-sport"),
            "channel",
            List.of("ad", "newsletter")));
    add(
        KpiTables.STRATEGIC_AUDIENCE,
        Map.of("target", List.of("jeunes actifs", "cadres", "total")));
    add(
        KpiTables.ENGAGEMENT,
        Map.of(
            "section",
            List.of("all", "sport", "politique"),
            "device",
            List.of("all", "mobile", "desktop")));
    add(
        KpiTables.CHURN_RISK,
        Map.of(
            "segment",
            SEGMENTS,
            "plan",
            List.of("digital", "print"),
            "risk_band",
            List.of("faible", "moyen", "élevé", "critique")));
    add(KpiTables.EXPOSURE_AUDIT, Map.of("public", List.of("13-17", "18-24")));
  }

  /** Writes every KPI table and gold.segment_profiles for each date. */
  static void write(SparkSession spark, LakehouseSettings lakehouse, List<LocalDate> dates) {
    for (Map.Entry<TableSpec, Map<String, List<?>>> t : TABLES.entrySet()) {
      List<Row> rows = new ArrayList<>();
      for (int d = 0; d < dates.size(); d++) {
        for (Map<String, Object> dims :
            combinations(new ArrayList<>(t.getValue().entrySet()), 0, new LinkedHashMap<>())) {
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

  /**
   * Creates the table with its rows in one Delta commit: comments and partitioning as Tables.ensure
   * gives them.
   */
  private static void create(
      SparkSession spark, LakehouseSettings lakehouse, TableSpec spec, List<Row> rows) {
    spark.sql(
        "CREATE DATABASE IF NOT EXISTS "
            + spec.database()
            + " LOCATION '"
            + lakehouse.databaseLocation(spec.database())
            + "'");
    try {
      spark
          .createDataFrame(rows, spec.schema())
          .writeTo(spec.fullName())
          .using("delta")
          .partitionedBy(functions.col("as_of_date"))
          .tableProperty("comment", spec.comment())
          .create();
    } catch (TableAlreadyExistsException e) {
      throw new IllegalStateException(
          spec.fullName() + " exists: start from TestSpark.freshLakehouse", e);
    }
  }

  private static Row profile(
      int id, String label, long size, double share, Double clv, Double churn, LocalDate date) {
    return RowFactory.create(
        id, id, size, share, label, List.of(), clv, churn, java.sql.Date.valueOf(date), "v1");
  }

  private static Row row(TableSpec spec, Map<String, Object> dims, LocalDate date, int dateIndex) {
    String key =
        dims.values().stream()
            .map(v -> v instanceof Object[] a ? java.util.Arrays.toString(a) : String.valueOf(v))
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
        double base =
            seed * (1 + 0.15 * dateIndex) * (1 + 0.3 * Math.sin(name.length() + dateIndex));
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

  private static List<Map<String, Object>> combinations(
      List<Map.Entry<String, List<?>>> dims, int i, Map<String, Object> chosen) {
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

  private static void add(GatedTable kpi, Map<String, List<?>> dims) {
    TABLES.put(kpi.spec(), dims);
  }
}
