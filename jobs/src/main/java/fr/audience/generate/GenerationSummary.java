package fr.audience.generate;

import java.util.Map;

/**
 * What a run wrote, for printing. Byte counts are uncompressed; maps are in a fixed order.
 *
 * @param eventsByType generated events per event_type (bad-input rewrites included, duplicates
 *     once)
 * @param badByKind planted bad lines per kind, as in _truth/bad_records.csv
 * @param referenceRows data rows of the reference CSV files
 */
public record GenerationSummary(
    int users,
    int days,
    long eventLines,
    long eventBytes,
    long accessLines,
    long accessBytes,
    Map<String, Long> eventsByType,
    Map<String, Long> badByKind,
    long referenceRows) {

  /** A few human-readable lines. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("Generated %d users x %d days%n", users, days));
    sb.append(
        String.format("  events: %d lines, %.1f MB uncompressed%n", eventLines, eventBytes / 1e6));
    sb.append(
        String.format(
            "  access: %d lines, %.1f MB uncompressed%n", accessLines, accessBytes / 1e6));
    sb.append(String.format("  reference rows: %d%n", referenceRows));
    sb.append("  events by type: ").append(eventsByType).append(System.lineSeparator());
    sb.append("  planted bad lines: ").append(badByKind).append(System.lineSeparator());
    return sb.toString();
  }
}
