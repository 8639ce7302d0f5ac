package fr.audience.bench;

import java.time.Instant;

/** When, where and on which Spark the report tests' measurements were taken. */
final class ReportFixture {
  static final Instant STARTED = Instant.parse("2026-01-02T03:04:00Z");
  static final Machine MACHINE = new Machine("Test CPU", 2, 16, 8, "Java 17");
  static final String SPARK = "4.1.0";

  /** What every section's header says of {@link #STARTED} and {@link #MACHINE}. */
  static final String[] HEADER = {"2026-01-02 03:04 UTC", "Test CPU, 2 cores"};

  private ReportFixture() {}
}
