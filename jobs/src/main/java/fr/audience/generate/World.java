package fr.audience.generate;

import java.time.ZoneId;
import java.time.ZoneOffset;

/** Everything shared by all users of a run: settings, blended segments, catalog, window bounds. */
final class World {
  static final long DAY_MS = 86_400_000L;
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  final GeneratorSettings settings;
  final Segment[] segments;
  final double[] segmentCum;
  final Catalog catalog;

  /** Epoch days: history start, first window day, first day after the window (the as-of date). */
  final long historyStart;

  final long windowStart;
  final long windowEnd;
  final long windowStartMs;

  /** Per window day: Paris UTC offset in ms, since reading habits follow local time. */
  final long[] localOffsetMs;

  World(GeneratorSettings s) {
    settings = s;
    segments = Segments.blended(s.segmentOverlap());
    segmentCum = Segments.weightsCumulative();
    catalog = new Catalog(s);
    historyStart = s.startDate().minusMonths(s.historyMonths()).toEpochDay();
    windowStart = s.startDate().toEpochDay();
    windowEnd = windowStart + s.days();
    windowStartMs = s.startDate().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    localOffsetMs = new long[s.days()];
    for (int d = 0; d < s.days(); d++) {
      localOffsetMs[d] =
          1000L
              * PARIS
                  .getRules()
                  .getOffset(s.startDate().plusDays(d).atTime(12, 0).toInstant(ZoneOffset.UTC))
                  .getTotalSeconds();
    }
  }

  long dayStartMs(int day) {
    return windowStartMs + day * DAY_MS;
  }

  /**
   * UTC instant of a local time of day on window day {@code day}. Local times before UTC midnight
   * wrap to the end of the UTC day, so every event of a day is generated inside that day.
   */
  long utcOf(int day, double localHour) {
    long ms = (long) (localHour * 3_600_000) - localOffsetMs[day];
    return dayStartMs(day) + Math.floorMod(ms, DAY_MS);
  }
}
