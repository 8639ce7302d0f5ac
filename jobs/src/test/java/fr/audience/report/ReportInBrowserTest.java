package fr.audience.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import fr.audience.TestSpark;
import fr.audience.core.AudienceException;
import fr.audience.core.DateRange;
import fr.audience.core.LakehouseSettings;
import fr.audience.core.TableSpec;
import fr.audience.kpi.KpiTables;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as the marketing direction opens it: written by the report job over a fixture
 * lakehouse, then loaded from disk in a real headless Chromium, which must log nothing, request
 * nothing from the network and draw every chart.
 */
class ReportInBrowserTest {
  private static final LocalDate FIRST = LocalDate.parse("2026-04-01");
  private static final LocalDate LAST = LocalDate.parse("2026-04-04");
  private static final LocalDate BEFORE = FIRST.minusDays(2);

  /** First colour of report.js's palette: every chart draws its first series with it. */
  private static final int FIRST_SERIES_RGB = 0x0072B2;

  @TempDir Path dir;

  @Test
  void dashboardOpensOfflineInFrenchAndDrawsEveryPanel() throws Exception {
    HeadlessChromium.requireInstalled();
    SparkSession spark = TestSpark.spark();
    LakehouseSettings lakehouse = TestSpark.freshLakehouse(dir.resolve("lakehouse"));
    ReportJob job = job(lakehouse, dir.resolve("reports"));
    // Before any KPI job ran the job refuses; the page it would draw says every table is missing.
    assertThatThrownBy(() -> job.run(spark, DateRange.of(BEFORE), "test-missing"))
        .isInstanceOfSatisfying(AudienceException.class, e -> assertThat(e.refusedInput()).isTrue())
        .hasMessage(
            "Cannot run report for "
                + BEFORE
                + ": gold.kpi_engagement does not exist. Run: bin/audience kpi --date "
                + BEFORE);
    Path missing = draw(spark, lakehouse, dir.resolve("before-kpi"), BEFORE);
    SampleKpiTables.write(spark, lakehouse, new DateRange(FIRST, LAST).dates());
    // A range with one date the kpi job has not published is refused before any page is written.
    assertThatThrownBy(() -> job.run(spark, new DateRange(BEFORE, LAST), "test-gap"))
        .isInstanceOfSatisfying(AudienceException.class, e -> assertThat(e.refusedInput()).isTrue())
        .hasMessage(
            "Cannot run report for "
                + BEFORE
                + ": gold.kpi_engagement has no rows for "
                + BEFORE
                + " (kpi has not published that date). Run: bin/audience kpi --date "
                + BEFORE);
    assertThat(dir.resolve("reports")).doesNotExist();
    // One pass over the range: LAST's page sees four dates.
    job.run(spark, new DateRange(FIRST, LAST), "test");
    assertThat(new DateRange(FIRST, LAST).dates())
        .allSatisfy(d -> assertThat(Path.of(job.page(d).toUri())).exists());
    assertThat(Path.of(job.page(LAST).toUri()).getParent())
        .as("no checksum file beside the page")
        .isDirectoryNotContaining("glob:**.crc");
    // The page of a date whose history window holds no row of the tables.
    Path empty = draw(spark, lakehouse, dir.resolve("empty-window"), BEFORE);

    Path page = Path.of(job.page(LAST).toUri());
    String html = Files.readString(page, StandardCharsets.UTF_8);
    assertNoExternalReference(html);
    assertThat(html)
        .doesNotContain(SampleKpiTables.HOSTILE)
        .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    Path shots = Path.of("target", "report-screenshots");
    Files.createDirectories(shots);

    try (HeadlessChromium browser = HeadlessChromium.start()) {
      browser.load(page.toUri());
      browser.screenshotTo(shots.resolve("report.png"));
      assertThat(browser.problems())
          .as("console errors, exceptions, failed loads, dialogs, requests")
          .isEmpty();
      assertFrench(browser);
      JsonNode panels = panels(browser);
      assertThat(panels).hasSize(KpiPanel.ALL.size());
      for (JsonNode p : panels) {
        assertThat(p.path("empty").isNull())
            .as(p.path("id") + " has a chart, not a message: " + p.path("empty"))
            .isTrue();
        assertDrawn(browser, p);
      }
      JsonNode segments =
          browser.evaluate(
              "[...document.querySelectorAll('table.segments tbody tr')]"
                  + ".map(r => [...r.cells].map(c => c.textContent))");
      assertThat(segments).hasSize(2);
      assertThat(segments.get(0).get(0).asText()).isEqualTo("mobile · sport · soirée");
      assertThat(segments.get(1).get(0).asText())
          .as("hostile label shown as text")
          .isEqualTo(SampleKpiTables.HOSTILE);
      assertThat(segments.get(0).get(3).asText()).isEqualTo("60\u202f%");
      TableSpec engagement = KpiTables.ENGAGEMENT.spec();
      assertThat(
              browser.evaluate(
                  "[...document.querySelectorAll('#definitions summary')].map(s => s.textContent)"))
          .as("definitions from the catalog's comments")
          .hasSize(KpiPanel.ALL.size() + 1)
          .anySatisfy(
              s ->
                  assertThat(s.asText())
                      .isEqualTo(engagement.fullName() + " — " + engagement.comment()));
      assertThat(browser.evaluate("document.querySelector('#definitions').textContent").asText())
          .contains(
              engagement.schema().apply("daily_active_users").getComment().get(),
              "Users in the segment");

      browser.load(empty.toUri());
      assertThat(browser.problems()).as("page with empty tables").isEmpty();
      assertThat(browser.evaluate("document.querySelectorAll('canvas').length").asInt()).isZero();
      assertThat(
              browser
                  .evaluate("document.querySelector('#kpi-engagement .vide').textContent")
                  .asText())
          .isEqualTo("Aucune donnée dans gold.kpi_engagement du 31 décembre 2025 au 30 mars 2026.");
      assertThat(browser.evaluate("document.querySelector('#segments .vide').textContent").asText())
          .isEqualTo(
              "Aucun profil de segment dans gold.segment_profiles du 31 décembre 2025 au 30 mars 2026.");

      browser.load(missing.toUri());
      browser.screenshotTo(shots.resolve("report-missing.png"));
      assertThat(browser.problems()).as("page with missing tables").isEmpty();
      assertThat(
              browser
                  .evaluate("document.querySelector('#kpi-engagement .vide').textContent")
                  .asText())
          .isEqualTo(
              "La table gold.kpi_engagement n'existe pas encore : elle est écrite par « bin/audience kpi --date 2026-03-30 ».");
      assertThat(
              browser.evaluate("document.querySelectorAll('article.panneau .vide').length").asInt())
          .isEqualTo(KpiPanel.ALL.size());
      assertFrench(browser);
    }
  }

  /** The page the job would write for {@code date}, drawn from what the tables hold now. */
  private static Path draw(
      SparkSession spark, LakehouseSettings lakehouse, Path root, LocalDate date)
      throws java.io.IOException {
    ReportSettings settings = settings(lakehouse, root);
    Path page = root.resolve(date.toString()).resolve("index.html");
    Files.createDirectories(page.getParent());
    Files.writeString(
        page,
        ReportHtml.render(new DashboardReader(spark, settings, date, date).dashboard(date)),
        StandardCharsets.UTF_8);
    return page;
  }

  private static ReportJob job(LakehouseSettings lakehouse, Path root) {
    return new ReportJob(settings(lakehouse, root));
  }

  private static ReportSettings settings(LakehouseSettings lakehouse, Path root) {
    return ReportSettings.from(
        TestSpark.config(Path.of(lakehouse.lakehouse()), "audience.report.root=" + root));
  }

  /** Each panel's id, chart rectangle in document coordinates, and its "no data" message if any. */
  private static JsonNode panels(HeadlessChromium browser) {
    return browser.evaluate(
        "[...document.querySelectorAll('article.panneau')].map(p => {"
            + " const c = p.querySelector('canvas'); const r = (c || p).getBoundingClientRect();"
            + " const v = p.querySelector('.vide');"
            + " return {id: p.id, x: r.left + scrollX, y: r.top + scrollY, w: r.width, h: r.height,"
            + " empty: v ? v.textContent : null}; })");
  }

  /** The chart's pixels vary (not blank) and its first series' colour is drawn. */
  private static void assertDrawn(HeadlessChromium browser, JsonNode p) throws Exception {
    assertThat(p.path("w").asDouble() * p.path("h").asDouble())
        .as(p.path("id") + " chart area")
        .isGreaterThan(10_000);
    BufferedImage img =
        browser.screenshot(
            p.path("x").asDouble(),
            p.path("y").asDouble(),
            p.path("w").asDouble(),
            p.path("h").asDouble());
    double sum = 0;
    double sumSq = 0;
    int seriesPixels = 0;
    int n = img.getWidth() * img.getHeight();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        double lum = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
        sum += lum;
        sumSq += lum * lum;
        if (close(rgb, FIRST_SERIES_RGB)) {
          seriesPixels++;
        }
      }
    }
    double stdDev = Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n)));
    assertThat(stdDev)
        .as(p.path("id") + " luminance standard deviation (0 = blank)")
        .isGreaterThan(5);
    assertThat(seriesPixels)
        .as(p.path("id") + " pixels of the first series' line")
        .isGreaterThan(40);
  }

  private static boolean close(int rgb, int target) {
    return Math.abs((rgb >> 16 & 0xff) - (target >> 16 & 0xff)) < 40
        && Math.abs((rgb >> 8 & 0xff) - (target >> 8 & 0xff)) < 40
        && Math.abs((rgb & 0xff) - (target & 0xff)) < 40;
  }

  /**
   * The page declares French and its own words (all but the catalog's quoted definitions) are
   * French.
   */
  private static void assertFrench(HeadlessChromium browser) {
    assertThat(browser.evaluate("document.documentElement.lang").asText()).isEqualTo("fr");
    assertThat(browser.evaluate("[...document.querySelectorAll('h1, h2')].map(h => h.textContent)"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "Tableau de bord de l'audience",
            "Indicateurs clés",
            "Segments de lecteurs",
            "Définitions");
    String text =
        browser
            .evaluate(
                "(() => { const b = document.body.cloneNode(true);"
                    + " b.querySelectorAll('#definitions details, script').forEach(e => e.remove()); return b.innerText; })()")
            .asText();
    int french =
        count(text, "\\b(le|la|les|des|du|de|et|au|aux|par|sur|une|un|est|pour|dans|pas|plus)\\b");
    int english = count(text, "\\b(the|and|of|to|is|for|with|no|by|per|data|loading|error)\\b");
    assertThat(french).as("French words in the page's own text").isGreaterThan(40);
    assertThat(english).as("English words in the page's own text").isLessThan(french / 10);
  }

  private static int count(String text, String regex) {
    Matcher m =
        Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS)
            .matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * Nothing the browser would fetch: no remote src/href/url(), no import, no link, frame or image
   * element.
   */
  private static void assertNoExternalReference(String html) {
    List<String> found = new ArrayList<>();
    Matcher m =
        Pattern.compile(
                "(?i)(?:\\b(?:src|href|action|poster|srcset)\\s*=\\s*[\"']?\\s*(?:https?:)?//"
                    + "|url\\(\\s*[\"']?\\s*(?:https?:)?//|@import|<link\\b|<iframe\\b|<img\\b|<object\\b|<embed\\b"
                    + "|\\bfetch\\s*\\(\\s*[\"']https?:|XMLHttpRequest)")
            .matcher(html);
    while (m.find()) {
      found.add(html.substring(Math.max(0, m.start() - 40), Math.min(html.length(), m.end() + 40)));
    }
    assertThat(found).as("references to resources outside the file").isEmpty();
  }
}
