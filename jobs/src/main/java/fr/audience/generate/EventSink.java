package fr.audience.generate;

/** Receives each generated event; the writer decides its file and whether it becomes bad input. */
interface EventSink {
  void emit(Event e);
}
