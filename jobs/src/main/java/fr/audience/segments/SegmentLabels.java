package fr.audience.segments;

import fr.audience.features.FeatureTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Readable French labels from a segment's lifts (segment mean over population mean, per feature):
 * its most over-represented device, section and time of day, its origin when striking, and how
 * engaged it is, e.g. "mobile · sport · soirée · très engagés".
 */
public final class SegmentLabels {
  static final String SEPARATOR = " · ";
  private static final Map<String, String> DEVICES =
      words(
          "mobile",
          "mobile",
          "desktop",
          "ordinateur",
          "tablet",
          "tablette",
          "app_ios",
          "appli iOS",
          "app_android",
          "appli Android",
          "app",
          "appli");
  private static final Map<String, String> SECTIONS =
      words(
          "politique",
          "politique",
          "international",
          "international",
          "sport",
          "sport",
          "culture",
          "culture",
          "economie",
          "économie",
          "planete",
          "planète",
          "societe",
          "société",
          "sciences",
          "sciences",
          "accueil",
          "page d'accueil");
  private static final Map<String, String> TIMES =
      words(
          "nuit",
          "nuit",
          "matin",
          "matin",
          "midi",
          "midi",
          "apres_midi",
          "après-midi",
          "soir",
          "soirée");
  private static final Map<String, String> REFERRERS =
      words(
          "direct",
          "accès direct",
          "search",
          "recherche",
          "social",
          "réseaux sociaux",
          "newsletter",
          "newsletter",
          "campaign",
          "campagnes",
          "partner",
          "partenaires");

  /**
   * An origin is named only when the segment comes from it this many times more than the
   * population.
   */
  private static final double STRIKING_LIFT = 1.5;

  private SegmentLabels() {}

  public static String label(Map<String, Double> lifts) {
    List<String> parts = new ArrayList<>();
    best(lifts, DEVICES, FeatureTables::deviceShare, 1.0).ifPresent(parts::add);
    best(lifts, SECTIONS, FeatureTables::sectionShare, 1.0).ifPresent(parts::add);
    Map<String, String> times = new LinkedHashMap<>();
    TIMES.forEach((k, v) -> times.put(FeatureTables.daypartShare(k), v));
    times.put("weekend_share", "week-end");
    best(lifts, times, k -> k, 1.0).ifPresent(parts::add);
    best(lifts, REFERRERS, FeatureTables::referrerShare, STRIKING_LIFT).ifPresent(parts::add);
    parts.add(engagement(lifts.getOrDefault("active_days", 1.0)));
    return String.join(SEPARATOR, parts);
  }

  static String engagement(double activeDaysLift) {
    if (activeDaysLift >= 1.5) {
      return "très engagés";
    }
    if (activeDaysLift >= 1.1) {
      return "engagés";
    }
    return activeDaysLift <= 0.7 ? "occasionnels" : "réguliers";
  }

  /**
   * The word of the group's feature with the highest lift, when that lift exceeds {@code above}.
   */
  private static Optional<String> best(
      Map<String, Double> lifts,
      Map<String, String> group,
      java.util.function.Function<String, String> column,
      double above) {
    String word = null;
    double top = above;
    for (Map.Entry<String, String> e : group.entrySet()) {
      Double lift = lifts.get(column.apply(e.getKey()));
      if (lift != null && lift > top) {
        top = lift;
        word = e.getValue();
      }
    }
    return Optional.ofNullable(word);
  }

  private static Map<String, String> words(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
