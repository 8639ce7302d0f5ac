package fr.audience.sessions;

import static fr.audience.sessions.BronzeEvents.bronze;
import static fr.audience.sessions.BronzeEvents.event;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.ingest.EventFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Where a visit came from: campaign, newsletter, direct, search, social, or partner for anything
 * else.
 */
class ReferrerClassTest {

  /** Landing referrer, utm_campaign and utm_medium of one event, and the class expected for it. */
  private record Landing(String referrer, String campaign, String medium, String expected) {}

  private static Landing landing(String referrer, String expected) {
    return new Landing(referrer, null, null, expected);
  }

  /** Classifies every landing in one Spark job and checks each against its expected class. */
  private static void assertClasses(Landing... landings) {
    List<BronzeEvents.Event> events = new ArrayList<>();
    for (int i = 0; i < landings.length; i++) {
      events.add(
          event("e" + i)
              .device("d" + i)
              .at("2026-03-02T10:00:00Z")
              .set(EventFields.REFERRER, landings[i].referrer())
              .set(EventFields.UTM_CAMPAIGN, landings[i].campaign())
              .set(EventFields.UTM_MEDIUM, landings[i].medium()));
    }
    Map<String, String> actual = new LinkedHashMap<>();
    for (Row r :
        bronze(events)
            .select(
                col(EventFields.EVENT_ID),
                Sessionization.referrerClass(
                        col(EventFields.REFERRER),
                        col(EventFields.UTM_CAMPAIGN),
                        col(EventFields.UTM_MEDIUM))
                    .as("c"))
            .collectAsList()) {
      actual.put(r.getString(0), r.getString(1));
    }
    for (int i = 0; i < landings.length; i++) {
      assertThat(actual.get("e" + i)).as(landings[i].toString()).isEqualTo(landings[i].expected());
    }
  }

  @Test
  void aCampaignParameterWinsOverAnyReferrer() {
    assertClasses(
        new Landing("https://www.google.fr/", "camp-42", null, "campaign"),
        new Landing("https://www.facebook.com/", "camp-42", "social", "campaign"),
        new Landing(null, "camp-42", "email", "campaign"),
        // An empty utm_campaign is no campaign.
        new Landing("https://www.google.fr/", "", null, "search"));
  }

  @Test
  void emailMediumsAndNewsletterLinksAreNewsletter() {
    assertClasses(
        new Landing(null, null, "email", "newsletter"),
        new Landing("", null, "Newsletter", "newsletter"),
        new Landing("https://www.google.fr/", null, "EMAIL", "newsletter"),
        landing("https://newsletter.lemonde.fr/la-matinale", "newsletter"),
        new Landing(null, null, "cpc", "direct"));
  }

  @Test
  void noReferrerIsDirect() {
    assertClasses(landing(null, "direct"), landing("", "direct"));
  }

  @Test
  void searchEnginesAreSearchWhateverTheCountryOrCase() {
    assertClasses(
        landing("https://www.google.com/", "search"),
        landing("https://www.google.fr/search?q=municipales", "search"),
        landing("HTTPS://WWW.BING.COM/", "search"),
        landing("https://www.qwant.com/?q=retraites", "search"),
        landing("https://duckduckgo.com/", "search"),
        landing("https://www.ecosia.org/search?q=climat", "search"),
        landing("https://fr.search.yahoo.com/", "search"),
        landing("https://www.lilo.org/", "search"));
  }

  @Test
  void socialNetworksAreSocial() {
    assertClasses(
        landing("https://www.facebook.com/", "social"),
        landing("https://m.facebook.com/story.php", "social"),
        landing("https://t.co/AbC123", "social"),
        landing("https://x.com/lemonde/status/1", "social"),
        landing("https://twitter.com/", "social"),
        landing("https://www.linkedin.com/feed/", "social"),
        landing("https://www.instagram.com/", "social"),
        landing("https://www.tiktok.com/@lemonde", "social"),
        landing("https://www.reddit.com/r/france/", "social"),
        landing("https://bsky.app/profile/lemonde.fr", "social"));
  }

  @Test
  void otherSitesUnknownAndMalformedReferrersArePartner() {
    assertClasses(
        landing("https://www.msn.com/fr-fr/actualite", "partner"),
        landing("https://news.ycombinator.com/", "partner"),
        landing("unknown", "partner"),
        landing("not a url", "partner"),
        landing("::::", "partner"),
        // A bare name without the dot of a host is no search engine.
        landing("google", "partner"),
        landing("https://www.lequipe.fr/", "partner"));
  }

  @Test
  @Disabled(
      "Known bug: referrerClass matches engines and networks anywhere in the URL, so news.google.com "
          + "(a partner referrer of the generator) and these slugs classify as search or social; enable with the fix")
  void partnerSitesArePartnerEvenWhenAnEngineOrNetworkAppearsInTheirAddress() {
    assertClasses(
        // The generator plants Google News as a partner referrer (SessionSimulator.PARTNER).
        landing("https://news.google.com/", "partner"),
        // A news site's article slug ending in an engine's or network's name is still that site.
        landing(
            "https://www.numerama.com/tech/1612345-amende-record-contre-google.html", "partner"),
        landing(
            "https://www.20minutes.fr/high-tech/4081234-20240301-panne-facebook.html", "partner"));
  }
}
