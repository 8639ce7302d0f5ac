package fr.audience.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownSectionsTest {
  private static final String DOC =
      """
      # Benchmarks

      <!-- bench:clv:begin -->
      clv figures
      <!-- bench:clv:end -->

      <!-- bench:ingest:begin -->
      old ingest figures
      <!-- bench:ingest:end -->

      <!-- bench:churn:begin -->
      churn figures
      <!-- bench:churn:end -->
      """;

  @Test
  void replacesOnlyTheNamedSection() {
    String out = MarkdownSections.replace(DOC, "ingest", "new ingest figures\n");
    assertThat(out).isEqualTo(DOC.replace("old ingest figures", "new ingest figures"));
  }

  @Test
  void appendsAMissingSectionAfterTheOthers() {
    String out = MarkdownSections.replace(DOC, "segments", "segment figures");
    assertThat(out)
        .startsWith(DOC.stripTrailing())
        .endsWith(
            "\n\n<!-- bench:segments:begin -->\nsegment figures\n<!-- bench:segments:end -->\n");
  }

  @Test
  void startsAnEmptyDocument() {
    assertThat(MarkdownSections.replace("", "ingest", "x"))
        .isEqualTo("<!-- bench:ingest:begin -->\nx\n<!-- bench:ingest:end -->\n");
  }

  @Test
  void regeneratingTwiceGivesTheSameDocument() {
    String once = MarkdownSections.replace(DOC, "ingest", "figures");
    assertThat(MarkdownSections.replace(once, "ingest", "figures")).isEqualTo(once);
  }
}
