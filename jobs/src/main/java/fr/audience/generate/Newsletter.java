package fr.audience.generate;

import java.time.DayOfWeek;

/**
 * A newsletter the group sends; {@code day} null means daily. Promotional ones carry a campaign.
 */
enum Newsletter {
  LA_MATINALE("nl-la-matinale", null, 6.5, false),
  LE_SOIR("nl-le-soir", null, 18.0, false),
  SPORT_HEBDO("nl-sport-hebdo", DayOfWeek.MONDAY, 8.0, false),
  CULTURE_WEEK_END("nl-culture-week-end", DayOfWeek.SATURDAY, 9.0, false),
  PLANETE_HEBDO("nl-planete-hebdo", DayOfWeek.THURSDAY, 7.5, false),
  ECO_HEBDO("nl-eco-hebdo", DayOfWeek.TUESDAY, 7.0, false),
  OFFRES_PARTENAIRES("nl-offres-partenaires", DayOfWeek.WEDNESDAY, 11.0, true);

  final String id;
  final DayOfWeek day;
  final double localHour;
  final boolean promotional;

  Newsletter(String id, DayOfWeek day, double localHour, boolean promotional) {
    this.id = id;
    this.day = day;
    this.localHour = localHour;
    this.promotional = promotional;
  }

  boolean sendsOn(DayOfWeek weekday) {
    return day == null || day == weekday;
  }

  double sendsPerWeek() {
    return day == null ? 7 : 1;
  }
}
