package fr.audience.report;

import java.time.LocalDate;
import java.util.List;

/** What one report shows, read from the catalog and ready to render. */
public record Dashboard(
    LocalDate date,
    LocalDate historyFrom,
    List<Panel> panels,
    Segments segments,
    List<TableDefinition> definitions) {

  /** A KPI panel: its trend, or (trend null) the French sentence saying why there is none. */
  public record Panel(KpiPanel kpi, Trend trend, String problem) {}

  /** One line per series, values aligned on dates (null where a series has no value that day). */
  public record Trend(List<LocalDate> dates, List<Line> lines, int hiddenLines) {}

  public record Line(String name, List<Double> values) {
    public Double last() {
      for (int i = values.size() - 1; i >= 0; i--) {
        if (values.get(i) != null) {
          return values.get(i);
        }
      }
      return null;
    }
  }

  /** gold.segment_profiles at the latest date up to the report's, or (asOf null) why not. */
  public record Segments(LocalDate asOf, List<SegmentRow> rows, String problem) {}

  public record SegmentRow(
      int id, String label, long size, Double share, Double meanClv, Double churnRisk) {}

  /** A table's comment and commented columns as the catalog holds them. */
  public record TableDefinition(String table, String comment, List<Column> columns) {}

  public record Column(String name, String type, String comment) {}
}
