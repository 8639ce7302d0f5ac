package fr.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users meet it: help, one-line errors, and a real run in its own JVM. */
class CommandLineTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result inProcess(String... args) {
    CommandRun run = CommandRun.of(args);
    return new Result(run.code(), run.out(), run.err());
  }

  /**
   * Runs {@code fr.audience.Main} in a new JVM with the test classpath, as bin/audience does with
   * the jar's.
   */
  private Result subprocess(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
    cmd.addAll(
        List.of(System.getProperty("spark.jvm.flags", "").split(" ")).stream()
            .filter(s -> !s.isBlank())
            .toList());
    cmd.addAll(
        List.of(
            "-Dderby.stream.error.file=" + dir.resolve("derby.log"),
            "-cp",
            System.getProperty("java.class.path"),
            "fr.audience.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private String[] conf(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--conf-dir",
            dir.resolve("no-conf").toString(),
            "--conf",
            "audience.paths.lakehouse=" + dir.resolve("lakehouse"),
            "--conf",
            "audience.paths.raw=" + dir.resolve("raw"),
            "--conf",
            "audience.catalog.metastore-path=" + dir.resolve("metastore_db"),
            "--conf",
            "audience.spark.master=local[2]",
            "--conf",
            "audience.spark.shuffle-partitions=2"));
    return all.toArray(String[]::new);
  }

  @Test
  void helpListsEveryCommandAndTheirOptions() {
    Result top = inProcess("--help");
    assertThat(top.code).isZero();
    assertThat(top.out)
        .contains("generate", "ingest", "sessionize", "run", "demo", "sql", "tables");
    Result ingest = inProcess("ingest", "--help");
    assertThat(ingest.out).contains("--date", "--from", "--to", "--env", "--conf");
  }

  @Test
  void missingDateIsOneLineAndExitCodeOne() {
    Result r = inProcess("ingest");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err.strip())
        .isEqualTo(
            "Cannot choose the dates to process: neither --date nor --from/--to was given. "
                + "Give --date YYYY-MM-DD, or --from and --to for a range");
  }

  @Test
  void unknownConfigKeyFailsBeforeSparkStarts() {
    Result r =
        inProcess("ingest", "--date", "2026-03-02", "--conf", "audience.ingest.max-quarantine=0.3");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err.strip())
        .startsWith("Cannot load configuration: unknown key 'audience.ingest.max-quarantine'")
        .doesNotContain("\n");
  }

  @Test
  void badDateIsOneLine() {
    Result r = inProcess("sessionize", "--date", "2026-13-02");
    assertThat(r.err.strip())
        .isEqualTo(
            "Cannot read --date: '2026-13-02' is not a date in YYYY-MM-DD form. Give it like --date 2026-03-02");
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void generateRunThenQueryAsCsvInSeparateJvms() throws Exception {
    Result gen =
        subprocess(
            conf(
                "generate",
                "--users",
                "150",
                "--days",
                "2",
                "--start-date",
                "2026-03-02",
                "--seed",
                "7"));
    assertThat(gen.code).as(gen.err).isZero();
    // 150 readers over 2 days are too few to fit the CLV models: the pipeline runs without clv.
    Result run =
        subprocess(
            conf(
                "run",
                "--from",
                "2026-03-02",
                "--to",
                "2026-03-03",
                "--conf",
                "audience.pipeline.jobs=[ingest, sessionize, features, segment-assign]"));
    assertThat(run.code).as(run.err).isZero();

    Result sql =
        subprocess(conf("sql", "--csv", "SELECT count(*) AS sessions FROM silver.sessions"));
    assertThat(sql.code).as(sql.err).isZero();
    String[] lines = sql.out.strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).isEqualTo("sessions");
    assertThat(Long.parseLong(lines[1].strip())).isPositive();

    Result tables = subprocess(conf("tables"));
    assertThat(tables.out)
        .contains("silver.sessions  Visits:", "ops.job_runs  One row per job run");

    Result badSql = subprocess(conf("sql", "SELECT * FROM silver.nope"));
    assertThat(badSql.code).isEqualTo(1);
    assertThat(badSql.err.strip().lines().filter(l -> l.startsWith("Cannot")).toList())
        .singleElement()
        .asString()
        .startsWith("Cannot run the query:");
  }
}
