package fr.audience.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorDeterminismTest {
  @TempDir Path dir;

  @Test
  void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
    Generator.generate(Runs.settings(dir.resolve("a"), 300, 3, 7, 0.02));
    Generator.generate(Runs.settings(dir.resolve("b"), 300, 3, 7, 0.02));
    Generator.generate(Runs.settings(dir.resolve("c"), 300, 3, 8, 0.02));
    Map<String, byte[]> a = Runs.tree(dir.resolve("a"));
    Map<String, byte[]> b = Runs.tree(dir.resolve("b"));
    Map<String, byte[]> c = Runs.tree(dir.resolve("c"));

    assertThat(a.keySet())
        .contains(
            "events/event_date=2026-03-01/events-00.json.gz",
            "events/event_date=2026-03-03/events-01.json.gz",
            "access/event_date=2026-03-02/access-00.log.gz",
            "reference/articles.csv",
            "reference/campaigns.csv",
            "reference/subscriptions_history.csv",
            "reference/orders_history.csv",
            "_truth/users.csv",
            "_truth/params.json",
            "_truth/bad_records.csv",
            "_truth/bots.csv");
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String file : a.keySet()) {
      assertThat(Arrays.equals(a.get(file), b.get(file))).as(file).isTrue();
    }
    String events = "events/event_date=2026-03-01/events-00.json.gz";
    assertThat(Arrays.equals(a.get(events), c.get(events))).isFalse();
  }

  @Test
  void aRerunIntoTheSameFolderLeavesNoFileOfTheOlderRun() throws Exception {
    Generator.generate(Runs.settings(dir, 50, 3, 7, 0));
    Generator.generate(Runs.settings(dir, 50, 1, 7, 0));

    assertThat(Runs.tree(dir).keySet()).noneMatch(f -> f.contains("2026-03-02"));
  }
}
