package fr.audience.ingest;

/**
 * The reason an exception gives, as the "why" of a one-line "Cannot ...: why. remedy" message: its
 * message's first line (or its type when it has none), without a final full stop.
 */
final class FailureReason {
  private FailureReason() {}

  static String of(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\\R", 2)[0];
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}
