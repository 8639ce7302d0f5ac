package fr.audience.generate;

import java.time.LocalDate;

/**
 * Fast timestamp formatting (ISO-8601 for events, Apache's for access logs) without
 * allocation-heavy formatters.
 */
final class Clock {
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private Clock() {}

  /** 2026-03-02T08:15:30.250Z */
  static void appendIso(StringBuilder sb, long millis) {
    long day = Math.floorDiv(millis, World.DAY_MS);
    long ms = Math.floorMod(millis, World.DAY_MS);
    LocalDate date = LocalDate.ofEpochDay(day);
    pad(sb, date.getYear(), 4).append('-');
    pad(sb, date.getMonthValue(), 2).append('-');
    pad(sb, date.getDayOfMonth(), 2).append('T');
    appendTime(sb, ms, ':');
    sb.append('.');
    pad(sb, (int) (ms % 1000), 3).append('Z');
  }

  /** 02/Mar/2026:08:15:30 +0000 */
  static void appendApache(StringBuilder sb, long millis) {
    long day = Math.floorDiv(millis, World.DAY_MS);
    long ms = Math.floorMod(millis, World.DAY_MS);
    LocalDate date = LocalDate.ofEpochDay(day);
    pad(sb, date.getDayOfMonth(), 2)
        .append('/')
        .append(MONTHS[date.getMonthValue() - 1])
        .append('/');
    pad(sb, date.getYear(), 4).append(':');
    appendTime(sb, ms, ':');
    sb.append(" +0000");
  }

  private static void appendTime(StringBuilder sb, long msOfDay, char sep) {
    long s = msOfDay / 1000;
    pad(sb, (int) (s / 3600), 2).append(sep);
    pad(sb, (int) (s / 60 % 60), 2).append(sep);
    pad(sb, (int) (s % 60), 2);
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    int digits = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 10;
    for (int i = digits; i < width; i++) {
      sb.append('0');
    }
    return sb.append(value);
  }
}
