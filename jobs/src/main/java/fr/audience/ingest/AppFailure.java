package fr.audience.ingest;

/** Short descriptions of low-level failures for one-line messages. */
final class AppFailure {
  private AppFailure() {}

  static String describe(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\R", 2)[0];
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}
