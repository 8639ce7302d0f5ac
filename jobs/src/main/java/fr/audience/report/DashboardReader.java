package fr.audience.report;

import fr.audience.core.Errors;
import fr.audience.report.Dashboard.Column;
import fr.audience.report.Dashboard.Line;
import fr.audience.report.Dashboard.Panel;
import fr.audience.report.Dashboard.SegmentRow;
import fr.audience.report.Dashboard.Segments;
import fr.audience.report.Dashboard.TableDefinition;
import fr.audience.report.Dashboard.Trend;
import fr.audience.segments.SegmentTables;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the reports of a date range show in one pass per table (a few aggregated rows per date
 * and series), then cuts each date's dashboard from it: a range gives the same files as its dates
 * one by one.
 */
final class DashboardReader {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardReader.class);
  static final String PROFILES = SegmentTables.PROFILES.fullName();
  private static final DateTimeFormatter FRENCH_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);

  /** Read once for a range, a problem names each page's own date in its remedy. */
  private static final String DATE_PLACEHOLDER = "AAAA-MM-JJ";

  private record Point(LocalDate date, String series, Double value) {}

  /** A table's rows over the range, or the French sentence saying why they could not be read. */
  private record Read<T>(List<T> rows, String problem) {}

  private final ReportSettings settings;
  private final LocalDate from;
  private final Map<KpiPanel, Read<Point>> kpis = new LinkedHashMap<>();
  private final Read<Row> profiles;
  private final List<TableDefinition> definitions = new ArrayList<>();
  private long rowsRead;

  DashboardReader(SparkSession spark, ReportSettings settings, LocalDate first, LocalDate last) {
    this.settings = settings;
    this.from = historyFrom(first);
    for (KpiPanel kpi : KpiPanel.ALL) {
      kpis.put(kpi, readKpi(spark, kpi, last));
    }
    profiles = readProfiles(spark, last);
    for (String table : KpiPanel.ALL.stream().map(KpiPanel::table).toList()) {
      definition(spark, table);
    }
    definition(spark, PROFILES);
  }

  long rowsRead() {
    return rowsRead;
  }

  /** The first date a report for {@code date} shows: history-days days up to and including it. */
  LocalDate historyFrom(LocalDate date) {
    return date.minusDays(settings.historyDays() - 1L);
  }

  Dashboard dashboard(LocalDate date) {
    List<Panel> panels = new ArrayList<>();
    for (Map.Entry<KpiPanel, Read<Point>> e : kpis.entrySet()) {
      panels.add(panel(e.getKey(), e.getValue(), date));
    }
    return new Dashboard(date, historyFrom(date), panels, segments(date), definitions);
  }

  private Read<Point> readKpi(SparkSession spark, KpiPanel kpi, LocalDate last) {
    if (!spark.catalog().tableExists(kpi.table())) {
      return new Read<>(
          List.of(),
          "La table "
              + kpi.table()
              + " n'existe pas encore : elle est écrite par "
              + "« bin/audience kpi --date AAAA-MM-JJ ».");
    }
    String sql =
        "SELECT as_of_date, CAST("
            + kpi.series()
            + " AS STRING) AS series, CAST("
            + kpi.value()
            + " AS DOUBLE) AS value FROM "
            + kpi.table()
            + " WHERE as_of_date BETWEEN DATE'"
            + from
            + "' AND DATE'"
            + last
            + "' AND ("
            + kpi.rows()
            + ") GROUP BY 1, 2";
    try {
      List<Point> points = new ArrayList<>();
      for (Row r : spark.sql(sql).collectAsList()) {
        points.add(
            new Point(
                r.getDate(0).toLocalDate(),
                r.isNullAt(1) ? "non renseigné" : r.getString(1),
                r.isNullAt(2) || !Double.isFinite(r.getDouble(2)) ? null : r.getDouble(2)));
      }
      rowsRead += points.size();
      return new Read<>(points, null);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot read {} for the report: {}",
          kpi.table(),
          Errors.firstLine(e.getMessage(), "erreur inconnue"));
      return new Read<>(
          List.of(),
          "Impossible de lire "
              + kpi.table()
              + " ("
              + Errors.firstLine(e.getMessage(), "erreur inconnue")
              + ") : vérifiez que ses colonnes sont celles de docs/tables.md.");
    }
  }

  private Panel panel(KpiPanel kpi, Read<Point> read, LocalDate date) {
    if (read.problem() != null) {
      return new Panel(kpi, null, read.problem().replace(DATE_PLACEHOLDER, date.toString()));
    }
    LocalDate first = historyFrom(date);
    List<Point> points =
        read.rows().stream()
            .filter(p -> !p.date().isBefore(first) && !p.date().isAfter(date))
            .toList();
    if (points.isEmpty()) {
      return new Panel(
          kpi,
          null,
          "Aucune donnée dans "
              + kpi.table()
              + " du "
              + FRENCH_DATE.format(first)
              + " au "
              + FRENCH_DATE.format(date)
              + ".");
    }
    List<LocalDate> dates =
        new ArrayList<>(new TreeSet<>(points.stream().map(Point::date).toList()));
    Map<String, Double[]> bySeries = new LinkedHashMap<>();
    for (Point p : points) {
      bySeries
              .computeIfAbsent(displayName(p.series()), s -> new Double[dates.size()])[
              dates.indexOf(p.date())] =
          p.value();
    }
    List<Line> lines =
        bySeries.entrySet().stream()
            .map(e -> new Line(e.getKey(), Arrays.asList(e.getValue())))
            .sorted(
                Comparator.comparing(
                        (Line l) ->
                            l.last() == null ? Double.NEGATIVE_INFINITY : Math.abs(l.last()))
                    .reversed()
                    .thenComparing(Line::name))
            .toList();
    int shown = Math.min(lines.size(), settings.maxSeries());
    return new Panel(kpi, new Trend(dates, lines.subList(0, shown), lines.size() - shown), null);
  }

  /** Totals are written `all` or `tous` in the KPI tables; the page says it in French. */
  private static String displayName(String series) {
    return series.equals("all") || series.equals("total") || series.equals("tous")
        ? "ensemble"
        : series;
  }

  private Read<Row> readProfiles(SparkSession spark, LocalDate last) {
    if (!spark.catalog().tableExists(PROFILES)) {
      return new Read<>(
          List.of(),
          "La table "
              + PROFILES
              + " n'existe pas encore : elle est écrite par "
              + "« bin/audience segment assign --date AAAA-MM-JJ ».");
    }
    try {
      List<Row> rows =
          spark
              .sql(
                  "SELECT as_of_date, segment_id, label, size, share, mean_clv, churn_risk FROM "
                      + PROFILES
                      + " WHERE as_of_date BETWEEN DATE'"
                      + from
                      + "' AND DATE'"
                      + last
                      + "'")
              .collectAsList();
      rowsRead += rows.size();
      return new Read<>(rows, null);
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot read {} for the report: {}",
          PROFILES,
          Errors.firstLine(e.getMessage(), "erreur inconnue"));
      return new Read<>(
          List.of(),
          "Impossible de lire "
              + PROFILES
              + " ("
              + Errors.firstLine(e.getMessage(), "erreur inconnue")
              + ").");
    }
  }

  private Segments segments(LocalDate date) {
    if (profiles.problem() != null) {
      return new Segments(
          null, List.of(), profiles.problem().replace(DATE_PLACEHOLDER, date.toString()));
    }
    LocalDate first = historyFrom(date);
    LocalDate asOf =
        profiles.rows().stream()
            .map(r -> r.getDate(0).toLocalDate())
            .filter(d -> !d.isBefore(first) && !d.isAfter(date))
            .max(Comparator.naturalOrder())
            .orElse(null);
    if (asOf == null) {
      return new Segments(
          null,
          List.of(),
          "Aucun profil de segment dans "
              + PROFILES
              + " du "
              + FRENCH_DATE.format(first)
              + " au "
              + FRENCH_DATE.format(date)
              + ".");
    }
    List<SegmentRow> rows =
        profiles.rows().stream()
            .filter(r -> r.getDate(0).toLocalDate().equals(asOf))
            .map(
                r ->
                    new SegmentRow(
                        r.getInt(1),
                        r.isNullAt(2) ? "segment " + r.getInt(1) : r.getString(2),
                        r.isNullAt(3) ? 0 : r.getLong(3),
                        doubleOrNull(r, 4),
                        doubleOrNull(r, 5),
                        doubleOrNull(r, 6)))
            .sorted(
                Comparator.comparingLong(SegmentRow::size)
                    .reversed()
                    .thenComparingInt(SegmentRow::id))
            .toList();
    return new Segments(asOf, rows, null);
  }

  private static Double doubleOrNull(Row r, int i) {
    return r.isNullAt(i) ? null : ((Number) r.get(i)).doubleValue();
  }

  /** Definitions come from the catalog's comments, so the page says what DESCRIBE TABLE says. */
  private void definition(SparkSession spark, String table) {
    if (!spark.catalog().tableExists(table)) {
      return;
    }
    String comment;
    try {
      comment = spark.catalog().getTable(table).description();
    } catch (org.apache.spark.sql.AnalysisException e) {
      return; // dropped since tableExists: nothing to define
    }
    List<Column> columns = new ArrayList<>();
    for (StructField f : spark.table(table).schema().fields()) {
      columns.add(
          new Column(f.name(), f.dataType().simpleString(), f.getComment().getOrElse(() -> "")));
    }
    definitions.add(new TableDefinition(table, comment == null ? "" : comment, columns));
  }
}
