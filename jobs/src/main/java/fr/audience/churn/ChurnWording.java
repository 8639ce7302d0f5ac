package fr.audience.churn;

import fr.audience.features.FeatureTables;
import java.util.HashMap;
import java.util.Map;

/**
 * The plain-French words of a driver: one phrase for a value below the population's mean, one for a
 * value above it. A driver raises the risk either way (a low activity, a high price), so the phrase
 * follows the side of the mean the user is on.
 */
final class ChurnWording {
  record Phrase(String low, String high) {}

  private static final Map<String, Phrase> PHRASES = new HashMap<>();

  static {
    put("recency_days", "visite récente", "pas de visite depuis longtemps");
    put("active_days", "peu de jours de visite", "visites très régulières");
    put(
        "active_days_trend",
        "visites en baisse ces deux dernières semaines",
        "visites en hausse ces deux dernières semaines");
    put("visits_per_week", "peu de visites par semaine", "beaucoup de visites par semaine");
    put("sessions", "peu de visites", "beaucoup de visites");
    put("page_views", "peu de pages lues", "beaucoup de pages lues");
    put("article_reads", "peu d'articles lus", "beaucoup d'articles lus");
    put("engaged_seconds", "peu de temps passé à lire", "beaucoup de temps passé à lire");
    put("engaged_seconds_per_session", "visites courtes", "visites longues");
    put("pages_per_session", "peu de pages par visite", "beaucoup de pages par visite");
    put("video_plays", "peu de vidéos regardées", "beaucoup de vidéos regardées");
    put("comments", "ne commente pas", "commente souvent");
    put("newsletter_sends", "reçoit peu de newsletters", "reçoit beaucoup de newsletters");
    put("newsletter_open_rate", "ouvre peu ses newsletters", "ouvre souvent ses newsletters");
    put(
        "newsletter_open_rate_trend",
        "ouvre de moins en moins ses newsletters",
        "ouvre de plus en plus ses newsletters");
    put("push_open_rate", "ouvre peu les notifications", "ouvre souvent les notifications");
    put("subscription_tenure_days", "abonnement récent", "abonnement ancien");
    put("subscription_monthly_price_eur", "abonnement peu cher", "abonnement cher");
    put(
        "days_to_renewal",
        "échéance de renouvellement proche",
        "échéance de renouvellement lointaine");
    put("previous_subscriptions", "jamais résilié auparavant", "a déjà résilié un abonnement");
    put("subscription_plan_changes", "jamais changé de formule", "a changé de formule");
    put("payment_failures", "aucun échec de paiement", "échec de paiement passé");
    put("purchases", "peu d'achats ponctuels", "achats ponctuels fréquents");
    put("spend_eur", "peu de dépenses ponctuelles", "dépenses ponctuelles élevées");
    FeatureTables.SECTIONS.forEach(
        s ->
            put(
                FeatureTables.sectionShare(s),
                "lit peu la rubrique " + s,
                "lit surtout la rubrique " + s));
    put(
        ChurnModel.PLAN_PREFIX + "digital",
        "formule autre que numérique",
        "formule numérique seule");
    put(ChurnModel.PLAN_PREFIX + "print", "formule autre que papier", "formule papier");
    put(
        ChurnModel.PLAN_PREFIX + "bundle",
        "formule autre que couplée",
        "formule couplée papier et numérique");
  }

  private ChurnWording() {}

  private static void put(String feature, String low, String high) {
    PHRASES.put(feature, new Phrase(low, high));
  }

  static Phrase of(String feature) {
    return PHRASES.getOrDefault(feature, new Phrase(feature + " bas", feature + " élevé"));
  }
}
