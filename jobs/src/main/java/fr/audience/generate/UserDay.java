package fr.audience.generate;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** One reader on one window day: the random stream, the event counter and the shared event. */
final class UserDay {
  private static final int SEQ_BITS = 20;
  private static final int ACTOR_BITS = 24;

  final World world;
  final UserProfile user;
  final int day;
  final long epochDay;
  final DayOfWeek weekday;
  final boolean subscribed;
  final Rng rng;
  final Event event;
  private final EventSink sink;
  private final long actor;
  private int seq;

  UserDay(World world, UserProfile user, int actor, int day, Rng rng, Event event, EventSink sink) {
    this.world = world;
    this.user = user;
    this.day = day;
    this.epochDay = world.windowStart + day;
    this.weekday = LocalDate.ofEpochDay(epochDay).getDayOfWeek();
    this.subscribed = user != null && user.subscribedOn(epochDay);
    this.rng = rng;
    this.event = event;
    this.sink = sink;
    this.actor = actor;
  }

  boolean weekend() {
    return weekday == DayOfWeek.SATURDAY || weekday == DayOfWeek.SUNDAY;
  }

  /** Starts the next event; its id key (day, actor, sequence) is unique within the run. */
  Event start(EventType type, long ts) {
    event.start(type, ts);
    event.idKey =
        ((long) day << (ACTOR_BITS + SEQ_BITS))
            | (actor << SEQ_BITS)
            | (seq++ & ((1 << SEQ_BITS) - 1));
    return event;
  }

  void emit() {
    sink.emit(event);
  }
}
