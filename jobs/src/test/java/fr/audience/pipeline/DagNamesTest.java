package fr.audience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import fr.audience.catalog.TableRegistry;
import fr.audience.churn.ChurnTrainer;
import fr.audience.core.TableSpec;
import fr.audience.kpi.KpiTables;
import fr.audience.quality.GatedTable;
import fr.audience.segments.SegmentTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The DAGs cannot read the jobs' classes, nor read reference.conf when Airflow parses them (no I/O
 * at the top of a DAG file): they import the job and table names from a Python module written from
 * the jobs' own constants. This test fails when that module says something else, and leaves the
 * up-to-date module in target/ to copy over it.
 */
class DagNamesTest {
  static final Path MODULE = Path.of("..", "airflow-dags", "audience_lakehouse", "names.py");
  private static final Path WRITTEN = Path.of("target", "names.py");

  @Test
  void theDagsNameTheJobsAndTablesAsTheJobsDo() throws IOException {
    String expected = module();
    String committed = Files.exists(MODULE) ? Files.readString(MODULE) : "";
    if (!committed.equals(expected)) {
      Files.createDirectories(WRITTEN.getParent());
      Files.writeString(WRITTEN, expected);
    }
    assertThat(committed)
        .as(
            "airflow-dags/audience_lakehouse/names.py is stale: from jobs/, run cp %s %s",
            WRITTEN, MODULE)
        .isEqualTo(expected);
  }

  static String module() {
    List<String> trainings = List.of(SegmentTrainer.NAME, ChurnTrainer.NAME);
    String constants =
        Stream.of(Pipeline.ORDER, trainings, List.of(Pipeline.CATCH_UP))
            .flatMap(List::stream)
            .map(name -> constant(name) + " = \"" + name + "\"\n")
            .collect(Collectors.joining());
    return """
        \"""The names the DAGs share with the jobs, written from the jobs' constants: do not edit.

        jobs/src/test/java/fr/audience/pipeline/DagNamesTest.java fails when this file differs from what
        the jobs say, and writes the up-to-date file to jobs/target/names.py.
        \"""

        # Every job a DAG runs, by its one name: its task id and its name in ops.job_runs.
        %s
        # The daily pipeline in the order it runs: audience.pipeline.jobs in reference.conf.
        PIPELINE_JOBS = %s

        # The model trainings of the weekly retraining.
        TRAIN_JOBS = %s

        # The jobs that use the models, run again once new models exist (as the demo does).
        RESCORE_JOBS = %s

        # Every table the jobs write (fr.audience.catalog.TableRegistry).
        TABLES = %s

        # The KPI tables `kpi` publishes (fr.audience.kpi.KpiTables, docs/kpi.md).
        KPI_TABLES = %s
        """
        .formatted(
            constants,
            constants(Pipeline.ORDER),
            constants(trainings),
            constants(Demo.RESCORE_JOBS),
            strings(TableRegistry.ALL.stream().map(TableSpec::fullName).sorted().toList()),
            strings(
                KpiTables.ALL.stream().map(GatedTable::spec).map(TableSpec::fullName).toList()));
  }

  /** The Python constant of a job name: segment-assign is SEGMENT_ASSIGN. */
  private static String constant(String job) {
    return job.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static String constants(List<String> jobs) {
    return tuple(jobs.stream().map(DagNamesTest::constant).toList());
  }

  private static String strings(List<String> names) {
    return tuple(names.stream().map(n -> "\"" + n + "\"").toList());
  }

  /** A Python tuple, one item per line, as ruff formats it. */
  private static String tuple(List<String> items) {
    return items.stream()
        .map(item -> "    " + item + ",\n")
        .collect(Collectors.joining("", "(\n", ")"));
  }
}
