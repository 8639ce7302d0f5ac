package fr.audience.generate;

import java.util.List;

/**
 * The eight planted segments, built so that they overlap the way real audiences do. Each segment
 * combines three traits: a {@link Topic} (what and how deeply it reads), a {@link DeviceUse} (one
 * device at 78-86% of its reading) and a {@link Habit} (when and how often it comes, and from
 * where). Every topic, device use and habit is held by exactly two segments, and two segments share
 * at most one trait. A single feature therefore separates a segment from at most six of the seven
 * others (its twin on that trait reads the same), which caps its ROC AUC near 0.93 with near-equal
 * weights, while any two segments still differ in at least two traits, which is what clustering
 * needs. docs/segments.md records how this design was reached and what it measures.
 */
final class Segments {
  // Vector orders: sections (politique, international, sport, culture, economie, planete, societe,
  // sciences, accueil); devices (mobile, desktop, tablet, app_ios, app_android); newsletters as in
  // Newsletter; referrers (direct, search, social, newsletter, partner); plans (digital, print,
  // bundle); age bands (13-17, 18-24, 25-34, 35-49, 50-64, 65+).

  /**
   * What a segment reads and how: sections, pages per visit, seconds per page, video, newsletters.
   */
  record Topic(
      String name,
      double[] sections,
      double pagesPerSession,
      double dwellSeconds,
      double videoRate,
      double[] newsletterFollow) {}

  /** The device a segment mostly reads on, and the push notifications that go with it. */
  record DeviceUse(String name, double[] devices, double pushOptIn, double pushPerDay) {}

  /** When and how often a segment comes, and from where. */
  record Habit(
      String name,
      double[] hours,
      double weekendRatio,
      double activeProb,
      double sessionsPerDay,
      double[] referrers,
      double newsletterOpen) {}

  /** Who the segment's readers are as customers: subscription, plans, one-off purchases, ages. */
  record Customers(
      double subscriberShare, double[] planMix, double buyerShare, double[] ageBands) {}

  static final Topic SPORT =
      new Topic(
          "sport",
          v(4, 4, 45, 5, 3, 3, 14, 5, 12),
          2.5,
          40,
          0.3,
          v(0.05, 0.15, 0.6, 0.02, 0.03, 0.02, 0.1));
  static final Topic CULTURE =
      new Topic(
          "culture",
          v(3, 4, 3, 45, 3, 10, 12, 14, 6),
          4.0,
          130,
          0.1,
          v(0.05, 0.08, 0.01, 0.7, 0.08, 0.02, 0.1));
  static final Topic ECONOMIE =
      new Topic(
          "economie",
          v(8, 12, 2, 3, 45, 8, 6, 8, 8),
          3.0,
          100,
          0.03,
          v(0.25, 0.1, 0.02, 0.02, 0.03, 0.7, 0.15));
  static final Topic POLITIQUE =
      new Topic(
          "politique",
          v(45, 14, 2, 4, 7, 4, 12, 3, 9),
          5.0,
          65,
          0.06,
          v(0.6, 0.25, 0.02, 0.05, 0.05, 0.1, 0.1));

  static final DeviceUse MOBILE = new DeviceUse("mobile", v(80, 8, 4, 4, 4), 0.3, 1.0);
  static final DeviceUse TABLETTE = new DeviceUse("tablette", v(8, 8, 78, 3, 3), 0.2, 0.5);
  static final DeviceUse DESKTOP = new DeviceUse("desktop", v(8, 80, 4, 4, 4), 0.2, 0.5);
  static final DeviceUse APPLI = new DeviceUse("appli", v(6, 4, 4, 48, 38), 0.8, 2.5);

  /** Evenings at home, from social networks. */
  static final Habit SOIR =
      new Habit("soir", hours(21, 1.5, 3, 12.5, 1, 0.4), 1.3, 0.6, 2.0, v(20, 15, 50, 8, 7), 0.25);

  /** Saturday and Sunday mornings and afternoons, from search. */
  static final Habit WEEK_END =
      new Habit(
          "week-end", hours(10.5, 1.5, 2, 16, 2, 1.5), 3.0, 0.3, 1.8, v(25, 45, 10, 10, 10), 0.35);

  /** Weekdays at the office, lunch break and afternoon, straight to the site. */
  static final Habit BUREAU =
      new Habit(
          "bureau", hours(12.5, 1, 2.5, 15.5, 1.2, 2), 0.3, 0.75, 2.5, v(60, 25, 5, 5, 5), 0.35);

  /** On the way to work in the morning and back in the early evening, from newsletters. */
  static final Habit TRAJET =
      new Habit(
          "trajet", hours(8, 0.8, 3.5, 18.5, 1, 1.5), 0.5, 0.7, 2.0, v(25, 10, 20, 40, 5), 0.5);

  static final List<Segment> ALL =
      List.of(
          segment(
              0.14,
              SPORT,
              MOBILE,
              SOIR,
              new Customers(0.10, v(80, 5, 15), 0.12, v(6, 22, 32, 25, 12, 3))),
          segment(
              0.12,
              SPORT,
              TABLETTE,
              WEEK_END,
              new Customers(0.15, v(50, 30, 20), 0.20, v(3, 10, 20, 30, 25, 12))),
          segment(
              0.12,
              CULTURE,
              TABLETTE,
              SOIR,
              new Customers(0.20, v(45, 30, 25), 0.25, v(2, 8, 20, 28, 25, 17))),
          segment(
              0.12,
              CULTURE,
              DESKTOP,
              WEEK_END,
              new Customers(0.26, v(35, 35, 30), 0.30, v(1, 3, 10, 22, 32, 32))),
          segment(
              0.13,
              ECONOMIE,
              DESKTOP,
              BUREAU,
              new Customers(0.32, v(50, 15, 35), 0.20, v(0, 2, 22, 45, 24, 7))),
          segment(
              0.12,
              ECONOMIE,
              APPLI,
              TRAJET,
              new Customers(0.25, v(75, 5, 20), 0.12, v(1, 12, 35, 35, 14, 3))),
          segment(
              0.12,
              POLITIQUE,
              APPLI,
              BUREAU,
              new Customers(0.25, v(70, 5, 25), 0.15, v(1, 8, 28, 35, 20, 8))),
          segment(
              0.13,
              POLITIQUE,
              MOBILE,
              TRAJET,
              new Customers(0.18, v(55, 20, 25), 0.18, v(2, 12, 25, 30, 20, 11))));

  static final Segment POPULATION = average();

  private Segments() {}

  /** Blended profiles for a run's overlap, in {@link #ALL} order. */
  static Segment[] blended(double overlap) {
    return ALL.stream().map(s -> s.blend(POPULATION, overlap)).toArray(Segment[]::new);
  }

  static double[] weightsCumulative() {
    return Rng.cumulative(ALL.stream().mapToDouble(Segment::weight).toArray());
  }

  /** A segment named after its traits, e.g. "sport-mobile-soir". */
  static Segment segment(double weight, Topic t, DeviceUse d, Habit h, Customers c) {
    return new Segment(
        t.name() + "-" + d.name() + "-" + h.name(),
        weight,
        t.sections(),
        d.devices(),
        h.hours(),
        h.weekendRatio(),
        h.activeProb(),
        h.sessionsPerDay(),
        t.pagesPerSession(),
        t.dwellSeconds(),
        t.videoRate(),
        t.newsletterFollow(),
        h.newsletterOpen(),
        d.pushOptIn(),
        d.pushPerDay(),
        h.referrers(),
        c.subscriberShare(),
        c.planMix(),
        c.buyerShare(),
        c.ageBands());
  }

  private static double[] v(double... weights) {
    return weights;
  }

  /**
   * Local hour-of-day profile: a small floor (nights are quiet) plus Gaussian bumps (centre, width,
   * height).
   */
  private static double[] hours(double... bumps) {
    double[] out = new double[24];
    for (int h = 0; h < 24; h++) {
      out[h] = h < 6 ? 0.01 : 0.05;
      for (int b = 0; b < bumps.length; b += 3) {
        double d = Math.abs(h + 0.5 - bumps[b]);
        d = Math.min(d, 24 - d);
        out[h] += bumps[b + 2] * Math.exp(-0.5 * (d / bumps[b + 1]) * (d / bumps[b + 1]));
      }
    }
    return Rng.normalised(out);
  }

  private static Segment average() {
    Segment first = ALL.get(0);
    double[] sections = new double[first.sections().length];
    double[] devices = new double[first.devices().length];
    double[] hours = new double[24];
    double[] follow = new double[first.newsletterFollow().length];
    double[] referrers = new double[first.referrers().length];
    double[] scalars = new double[9];
    for (Segment s : ALL) {
      double w = s.weight();
      add(sections, Rng.normalised(s.sections()), w);
      add(devices, Rng.normalised(s.devices()), w);
      add(hours, s.hours(), w);
      add(follow, s.newsletterFollow(), w);
      add(referrers, Rng.normalised(s.referrers()), w);
      add(
          scalars,
          new double[] {
            s.weekendRatio(),
            s.activeProb(),
            s.sessionsPerDay(),
            s.pagesPerSession(),
            s.dwellSeconds(),
            s.videoRate(),
            s.newsletterOpen(),
            s.pushOptIn(),
            s.pushPerDay()
          },
          w);
    }
    return new Segment(
        "population",
        1,
        sections,
        devices,
        hours,
        scalars[0],
        scalars[1],
        scalars[2],
        scalars[3],
        scalars[4],
        scalars[5],
        follow,
        scalars[6],
        scalars[7],
        scalars[8],
        referrers,
        0,
        null,
        0,
        null);
  }

  private static void add(double[] into, double[] values, double weight) {
    for (int i = 0; i < into.length; i++) {
      into[i] += weight * values[i];
    }
  }
}
