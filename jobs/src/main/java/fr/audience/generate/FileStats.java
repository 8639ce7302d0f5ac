package fr.audience.generate;

/** What one day's file (or the whole run, once merged) holds. */
final class FileStats {
  long eventLines;
  long eventBytes;
  long accessLines;
  long accessBytes;
  final long[] byType = new long[EventType.values().length];
  final long[] bad = new long[BadKind.values().length];

  void add(FileStats other) {
    eventLines += other.eventLines;
    eventBytes += other.eventBytes;
    accessLines += other.accessLines;
    accessBytes += other.accessBytes;
    for (int i = 0; i < byType.length; i++) {
      byType[i] += other.byType[i];
    }
    for (int i = 0; i < bad.length; i++) {
      bad[i] += other.bad[i];
    }
  }
}
