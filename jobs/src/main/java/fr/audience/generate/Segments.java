package fr.audience.generate;

import java.util.List;

/**
 * The eight planted segments. Each is a mix of features (sections, devices, hours, intensity,
 * referrers...) and every section, device and hour is shared by several segments. Measured on the
 * features, though, each topic segment's own section share alone still separates it from the rest
 * (ROC AUC about 0.99 at the default overlap): see docs/segments.md, "Do the planted segments overlap?".
 */
final class Segments {
  // Vector orders: sections (politique, international, sport, culture, economie, planete, societe,
  // sciences, accueil); devices (mobile, desktop, tablet, app_ios, app_android); newsletters as in
  // Newsletter; referrers (direct, search, social, newsletter, partner); plans (digital, print,
  // bundle); age bands (13-17, 18-24, 25-34, 35-49, 50-64, 65+).
  static final List<Segment> ALL = List.of(
      new Segment("sport-mobile-soir", 0.17,
          v(5, 4, 50, 5, 3, 2, 12, 5, 14), v(72, 8, 5, 7, 8), hours(21, 1.5, 3, 23.3, 1, 1.5, 12.5, 1, 0.5),
          1.3, 0.55, 2.0, 4.0, 50, 0.18, v(0.05, 0.15, 0.6, 0.02, 0.02, 0.03, 0.1), 0.22, 0.5, 1.5,
          v(35, 25, 25, 3, 12), 0.12, v(80, 5, 15), 0.15, v(6, 20, 30, 25, 14, 5)),
      new Segment("politique-matinaux-desktop", 0.14,
          v(50, 14, 2, 4, 8, 3, 9, 2, 8), v(22, 65, 7, 3, 3), hours(7.5, 1, 3.5, 9.5, 1.5, 1, 13, 1, 0.5),
          0.5, 0.72, 2.5, 5.0, 90, 0.05, v(0.7, 0.2, 0.02, 0.05, 0.05, 0.1, 0.1), 0.35, 0.3, 1.0,
          v(50, 25, 5, 10, 10), 0.35, v(50, 25, 25), 0.3, v(0, 2, 10, 28, 35, 25)),
      new Segment("culture-week-end", 0.12,
          v(4, 5, 3, 50, 3, 7, 12, 8, 8), v(28, 27, 40, 3, 2), hours(10.5, 1.5, 2, 16, 2, 1.5, 21, 1.5, 0.5),
          3.0, 0.3, 1.5, 5.0, 120, 0.08, v(0.05, 0.05, 0.01, 0.8, 0.05, 0.02, 0.1), 0.3, 0.2, 0.5,
          v(40, 25, 10, 15, 10), 0.2, v(30, 40, 30), 0.4, v(1, 4, 12, 23, 30, 30)),
      new Segment("economie-cadres-premium", 0.10,
          v(10, 12, 2, 3, 55, 3, 4, 5, 6), v(10, 38, 4, 45, 3), hours(12.5, 1, 2.5, 18.5, 1.2, 2.5, 7, 1, 0.7),
          0.4, 0.75, 3.0, 4.0, 80, 0.04, v(0.2, 0.1, 0.02, 0.02, 0.03, 0.8, 0.15), 0.35, 0.6, 2.0,
          v(40, 35, 5, 5, 15), 0.55, v(50, 10, 40), 0.25, v(0, 2, 25, 45, 22, 6)),
      new Segment("planete-newsletter", 0.10,
          v(4, 5, 2, 6, 4, 45, 12, 18, 4), v(45, 35, 10, 5, 5), hours(8, 1, 2.5, 18, 1.5, 1.5, 12.5, 1, 0.5),
          1.0, 0.35, 1.3, 3.0, 100, 0.07, v(0.2, 0.15, 0.02, 0.1, 0.9, 0.02, 0.3), 0.45, 0.2, 0.5,
          v(12, 12, 8, 60, 8), 0.18, v(70, 10, 20), 0.2, v(1, 8, 30, 30, 20, 11)),
      new Segment("international-app", 0.13,
          v(12, 50, 4, 4, 8, 5, 5, 5, 7), v(8, 6, 6, 50, 30), hours(7, 1, 2, 12.5, 1, 1.5, 22, 1.2, 2),
          0.9, 0.62, 3.5, 3.0, 60, 0.1, v(0.2, 0.1, 0.02, 0.02, 0.05, 0.1, 0.1), 0.25, 0.85, 3.0,
          v(80, 6, 6, 3, 5), 0.3, v(80, 5, 15), 0.15, v(1, 10, 30, 32, 20, 7)),
      new Segment("occasionnels-reseaux-sociaux", 0.19,
          v(10, 9, 13, 12, 6, 8, 24, 8, 10), v(80, 8, 6, 3, 3), hours(12.5, 1.5, 1.5, 19, 2, 1.5, 22, 1.5, 1.2),
          1.1, 0.2, 1.1, 2.0, 35, 0.12, v(0.02, 0.02, 0.03, 0.02, 0.02, 0.05, 0.03), 0.15, 0.3, 0.5,
          v(8, 18, 68, 1, 5), 0.03, v(90, 5, 5), 0.05, v(5, 25, 35, 22, 10, 3)),
      new Segment("video-jeunes", 0.05,
          v(2, 4, 12, 30, 2, 10, 14, 22, 4), v(45, 3, 4, 8, 40), hours(17, 1.5, 3, 21.5, 1.5, 1.5, 13, 1, 0.3),
          1.6, 0.45, 2.0, 3.0, 30, 0.8, v(0.01, 0.01, 0.05, 0.03, 0.02, 0.02, 0.02), 0.15, 0.6, 1.5,
          v(10, 12, 65, 1, 12), 0.02, v(100, 0, 0), 0.03, v(45, 40, 10, 3, 1, 1)));

  static final Segment POPULATION = average();

  private Segments() {}

  /** Blended profiles for a run's overlap, in {@link #ALL} order. */
  static Segment[] blended(double overlap) {
    return ALL.stream().map(s -> s.blend(POPULATION, overlap)).toArray(Segment[]::new);
  }

  static double[] weightsCumulative() {
    return Rng.cumulative(ALL.stream().mapToDouble(Segment::weight).toArray());
  }

  private static double[] v(double... weights) {
    return weights;
  }

  /** Local hour-of-day profile: a small floor (nights are quiet) plus Gaussian bumps (centre, width, height). */
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
      add(scalars, new double[] {s.weekendRatio(), s.activeProb(), s.sessionsPerDay(),
          s.pagesPerSession(), s.dwellSeconds(), s.videoRate(), s.newsletterOpen(), s.pushOptIn(),
          s.pushPerDay()}, w);
    }
    return new Segment("population", 1, sections, devices, hours, scalars[0], scalars[1], scalars[2],
        scalars[3], scalars[4], scalars[5], follow, scalars[6], scalars[7], scalars[8], referrers,
        0, null, 0, null);
  }

  private static void add(double[] into, double[] values, double weight) {
    for (int i = 0; i < into.length; i++) {
      into[i] += weight * values[i];
    }
  }
}
