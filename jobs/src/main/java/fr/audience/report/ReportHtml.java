package fr.audience.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.audience.report.Dashboard.Column;
import fr.audience.report.Dashboard.Line;
import fr.audience.report.Dashboard.Panel;
import fr.audience.report.Dashboard.SegmentRow;
import fr.audience.report.Dashboard.TableDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard as one self-contained HTML file: text rendered here (HTML-escaped), chart data as
 * JSON (Jackson, made safe inside a script element), Chart.js and the page's script and style
 * inlined.
 */
final class ReportHtml {
  private static final Locale FR = Locale.FRANCE;
  private static final DateTimeFormatter LONG_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
  private static final DateTimeFormatter AXIS_DATE =
      DateTimeFormatter.ofPattern("d MMM", Locale.FRENCH);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NBSP = "\u202f";

  private ReportHtml() {}

  static String render(Dashboard d) {
    StringBuilder h = new StringBuilder(300_000);
    h.append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Tableau de bord de l'audience — ")
        .append(LONG_DATE.format(d.date()))
        .append("</title>\n")
        .append("<style>\n")
        .append(resource("report.css"))
        .append("</style>\n</head>\n<body>\n");
    header(h, d);
    h.append(
        "<main>\n<section id=\"indicateurs\">\n<h2>Indicateurs clés</h2>\n<div class=\"grille\">\n");
    List<Map<String, Object>> charts = new ArrayList<>();
    for (Panel p : d.panels()) {
      panel(h, p, d.date(), charts);
    }
    h.append("</div>\n</section>\n");
    segments(h, d);
    definitions(h, d.definitions());
    h.append("</main>\n<footer>Généré par <code>bin/audience report --date ")
        .append(d.date())
        .append(
            "</code>. Fichier autonome : il s'ouvre sans connexion ; graphiques dessinés par Chart.js ")
        .append(escape(ChartJs.VERSION))
        .append(" (licence MIT), inclus dans la page.</footer>\n")
        .append("<script>\n")
        .append(ChartJs.SOURCE)
        .append("\n</script>\n")
        .append("<script id=\"donnees\" type=\"application/json\">")
        .append(scriptSafeJson(Map.of("charts", charts)))
        .append("</script>\n<script>\n")
        .append(resource("report.js"))
        .append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, Dashboard d) {
    h.append(
            "<header>\n<h1>Tableau de bord de l'audience</h1>\n<p class=\"sous-titre\">Situation au <strong>")
        .append(LONG_DATE.format(d.date()))
        .append("</strong> · tendances du ")
        .append(LONG_DATE.format(d.historyFrom()))
        .append(" au ")
        .append(LONG_DATE.format(d.date()))
        .append("</p>\n<nav aria-label=\"Sommaire\"><ul>\n");
    for (Panel p : d.panels()) {
      h.append("<li><a href=\"#")
          .append(p.kpi().id())
          .append("\">")
          .append(escape(p.kpi().title()))
          .append("</a></li>\n");
    }
    h.append(
            "<li><a href=\"#segments\">Segments de lecteurs</a></li>\n<li><a href=\"#definitions\">Définitions</a></li>\n")
        .append("</ul></nav>\n</header>\n");
  }

  private static void panel(
      StringBuilder h, Panel p, LocalDate date, List<Map<String, Object>> charts) {
    KpiPanel kpi = p.kpi();
    h.append("<article class=\"panneau\" id=\"")
        .append(kpi.id())
        .append("\" data-table=\"")
        .append(escape(kpi.table()))
        .append("\">\n<h3>")
        .append(escape(kpi.title()))
        .append("</h3>\n<p class=\"question\">")
        .append(escape(kpi.question()))
        .append("</p>\n");
    if (p.trend() == null) {
      h.append("<p class=\"vide\">").append(escape(p.problem())).append("</p>\n");
    } else {
      String canvas = "graphique-" + kpi.id();
      h.append("<div class=\"graphique\"><canvas id=\"")
          .append(canvas)
          .append("\" role=\"img\" aria-label=\"")
          .append(escape(kpi.title()))
          .append(" (")
          .append(escape(kpi.unit()))
          .append(")\"></canvas></div>\n");
      LocalDate last = p.trend().dates().get(p.trend().dates().size() - 1);
      h.append("<table class=\"dernieres\"><caption>Au ")
          .append(LONG_DATE.format(last))
          .append("</caption>\n<tbody>\n");
      for (Line l : p.trend().lines()) {
        h.append("<tr><th scope=\"row\">")
            .append(escape(l.name()))
            .append("</th><td>")
            .append(number(l.last(), kpi.unit()))
            .append("</td></tr>\n");
      }
      h.append("</tbody></table>\n");
      if (p.trend().hiddenLines() > 0) {
        h.append("<p class=\"note\">")
            .append(p.trend().hiddenLines())
            .append(" autre(s) série(s) plus faibles, non tracées : voir la table.</p>\n");
      }
      charts.add(chart(canvas, kpi.unit(), p));
    }
    h.append("<p class=\"source\">Source : <code>")
        .append(escape(kpi.table()))
        .append("</code> · unité : ")
        .append(escape(kpi.unit()))
        .append("</p>\n</article>\n");
  }

  private static Map<String, Object> chart(String canvas, String unit, Panel p) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("canvas", canvas);
    c.put("unit", unit);
    c.put("labels", p.trend().dates().stream().map(AXIS_DATE::format).toList());
    c.put(
        "series",
        p.trend().lines().stream()
            .map(l -> Map.of("name", l.name(), "values", l.values()))
            .toList());
    return c;
  }

  private static void segments(StringBuilder h, Dashboard d) {
    h.append("<section id=\"segments\">\n<h2>Segments de lecteurs</h2>\n");
    if (d.segments().asOf() == null) {
      h.append("<p class=\"vide\">")
          .append(escape(d.segments().problem()))
          .append("</p>\n</section>\n");
      return;
    }
    h.append("<p>Profils au ")
        .append(LONG_DATE.format(d.segments().asOf()))
        .append(" (<code>")
        .append(DashboardReader.PROFILES)
        .append("</code>), du plus grand au plus petit.</p>\n")
        .append(
            "<table class=\"segments\">\n<thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">N°</th>")
        .append(
            "<th scope=\"col\">Lecteurs</th><th scope=\"col\">Part</th><th scope=\"col\">CLV moyenne</th>")
        .append("<th scope=\"col\">Risque de désabonnement</th></tr></thead>\n<tbody>\n");
    for (SegmentRow s : d.segments().rows()) {
      h.append("<tr><td>")
          .append(escape(s.label()))
          .append("</td><td>")
          .append(s.id())
          .append("</td><td>")
          .append(number((double) s.size(), ""))
          .append("</td><td>")
          .append(percent(s.share()))
          .append("</td><td>")
          .append(number(s.meanClv(), "€"))
          .append("</td><td>")
          .append(percent(s.churnRisk()))
          .append("</td></tr>\n");
    }
    h.append(
            "</tbody>\n</table>\n<p class=\"note\">« — » : pas encore calculé (modèle de CLV ou de désabonnement absent).</p>\n")
        .append("</section>\n");
  }

  private static void definitions(StringBuilder h, List<TableDefinition> definitions) {
    h.append(
            "<section id=\"definitions\">\n<h2>Définitions</h2>\n<p>Reprises des commentaires des tables et des colonnes ")
        .append(
            "du catalogue (ceux que montre <code>DESCRIBE TABLE</code>) : elles suivent les tables.</p>\n");
    if (definitions.isEmpty()) {
      h.append(
          "<p class=\"vide\">Aucune des tables du tableau de bord n'existe encore dans le catalogue.</p>\n");
    }
    for (TableDefinition t : definitions) {
      h.append("<details id=\"def-")
          .append(escape(t.table()))
          .append("\">\n<summary><code>")
          .append(escape(t.table()))
          .append("</code> — ")
          .append(escape(t.comment()))
          .append("</summary>\n<table class=\"colonnes\">\n")
          .append(
              "<thead><tr><th scope=\"col\">Colonne</th><th scope=\"col\">Type</th><th scope=\"col\">Définition</th></tr></thead>\n<tbody>\n");
      for (Column c : t.columns()) {
        h.append("<tr><td><code>")
            .append(escape(c.name()))
            .append("</code></td><td>")
            .append(escape(c.type()))
            .append("</td><td>")
            .append(escape(c.comment()))
            .append("</td></tr>\n");
      }
      h.append("</tbody>\n</table>\n</details>\n");
    }
    h.append("</section>\n");
  }

  static String number(Double value, String unit) {
    if (value == null) {
      return "—";
    }
    NumberFormat f = NumberFormat.getNumberInstance(FR);
    f.setMaximumFractionDigits(Math.abs(value) >= 100 ? 0 : 2);
    return escape(f.format(value) + (unit.isEmpty() || unit.equals("lecteurs") ? "" : NBSP + unit));
  }

  private static String percent(Double share) {
    return share == null ? "—" : number(100 * share, "%");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON that cannot end its script element nor open a comment there: <, > and & become \\u escapes
   * (valid JSON inside strings, where alone they can occur), as do the line separators JavaScript
   * rejects.
   */
  static String scriptSafeJson(Object value) {
    try {
      return JSON.writeValueAsString(value)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026")
          .replace("\u2028", "\\u2028")
          .replace("\u2029", "\\u2029");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode the report's data", e);
    }
  }

  static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource fr/audience/report/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Chart.js from its WebJar (jobs/pom.xml says why this library), ready to inline. */
  static final class ChartJs {
    private static final String BASE = "META-INF/resources/webjars/chart.js/";
    static final String VERSION = version();
    static final String SOURCE = source();

    private static String version() {
      Properties p = new Properties();
      try (InputStream in =
          ReportHtml.class
              .getClassLoader()
              .getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
        if (in == null) {
          throw new IllegalStateException(
              "Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p.getProperty("version");
    }

    private static String source() {
      try (InputStream in =
          ReportHtml.class
              .getClassLoader()
              .getResourceAsStream(BASE + VERSION + "/dist/chart.umd.min.js")) {
        if (in == null) {
          throw new IllegalStateException(
              "Chart.js " + VERSION + " WebJar lacks dist/chart.umd.min.js");
        }
        String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        // The source map is not shipped in the page: its reference would only make tools look for
        // it.
        return js.replaceAll("(?m)^//# sourceMappingURL=.*$", "")
            .replaceAll("(?i)</script", "<\\\\/script");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
