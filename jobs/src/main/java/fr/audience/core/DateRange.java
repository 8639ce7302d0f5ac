package fr.audience.core;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/** The logical dates a run processes, inclusive at both ends. */
public record DateRange(LocalDate from, LocalDate to) {
  public DateRange {
    if (from.isAfter(to)) {
      throw Errors.badRange(from, to);
    }
  }

  public static DateRange of(LocalDate date) {
    return new DateRange(date, date);
  }

  public List<LocalDate> dates() {
    return Stream.iterate(from, d -> !d.isAfter(to), d -> d.plusDays(1)).toList();
  }

  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + ".." + to;
  }
}
