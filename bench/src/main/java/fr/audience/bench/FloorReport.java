package fr.audience.bench;

import static fr.audience.bench.ReportHeader.fmt;
import static fr.audience.bench.ReportHeader.line;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The parts the ingest and sessionize sections share: a job measured against its floor. */
final class FloorReport {
  /** Floor over the job, in CPU and in wall time: the job at most twice the floor. */
  static final double GOAL = 0.5;

  private FloorReport() {}

  /**
   * The table of floor / {@code job} ratios, CPU and wall, at each size, then the goal; {@code
   * moreColumns} and {@code moreValues} add columns of plain ratios.
   */
  static <S extends FloorRatios> void ratios(
      StringBuilder md,
      String job,
      List<S> sizes,
      List<String> moreColumns,
      Function<S, List<Double>> moreValues) {
    md.append(fmt("| Users | **Floor / %s, CPU** | **Floor / %s, wall** |", job, job));
    moreColumns.forEach(c -> md.append(' ').append(c).append(" |"));
    md.append('\n').append("|---".repeat(3 + moreColumns.size())).append("|\n");
    for (S s : sizes) {
      md.append(
          fmt(
              "| %,d | **%.2f** (%s) | **%.2f** (%s) |",
              s.users(),
              s.cpuRatio(),
              verdict(s.cpuRatio()),
              s.wallRatio(),
              verdict(s.wallRatio())));
      moreValues.apply(s).forEach(v -> md.append(fmt(" %.2f |", v)));
      md.append('\n');
    }
    md.append('\n');
    line(
        md,
        "Goal: %s at most twice the floor, in CPU and in wall time (floor / %s >= %.1f).",
        job,
        job,
        GOAL);
    md.append('\n');
  }

  /** One side of a benchmark: its name and its runs at a size. */
  record Side<S>(String name, Function<S, List<? extends Measured<?>>> runs) {}

  /**
   * The rows of the table of each side's wall and CPU seconds at each size; {@code perCpu} gives a
   * size's further figures from a side's median CPU seconds.
   */
  static <S extends FloorRatios> void sides(
      StringBuilder md,
      List<S> sizes,
      List<Side<S>> sides,
      BiFunction<S, Double, List<Double>> perCpu) {
    for (S s : sizes) {
      for (Side<S> side : sides) {
        List<? extends Measured<?>> runs = side.runs().apply(s);
        Stats cpu = Measured.cpu(runs);
        md.append(
            fmt(
                "| %,d | %s | %s | %s |",
                s.users(), side.name(), range(Measured.wall(runs)), range(cpu)));
        perCpu.apply(s, cpu.median()).forEach(v -> md.append(fmt(" %.1f |", v)));
        md.append('\n');
      }
    }
  }

  /**
   * The table of each side's cost, median CPU seconds per {@code unit} of work, at the smallest and
   * the largest size, and its growth.
   */
  static <S extends FloorRatios> void growth(
      StringBuilder md, S small, S large, ToDoubleFunction<S> unit, List<Side<S>> sides) {
    line(md, "| Side | %,d users | %,d users | Growth |", small.users(), large.users());
    md.append("|---|---|---|---|\n");
    for (Side<S> side : sides) {
      double a = Measured.cpu(side.runs().apply(small)).median() / unit.applyAsDouble(small);
      double b = Measured.cpu(side.runs().apply(large)).median() / unit.applyAsDouble(large);
      line(md, "| %s | %.1f | %.1f | %.2f |", side.name(), a, b, b / a);
    }
  }

  /** Every run's wall / CPU seconds, one line per size. */
  static <S extends FloorRatios> void secondsPerRun(
      StringBuilder md, List<S> sizes, List<Side<S>> sides) {
    md.append("Seconds per run, wall / CPU:\n\n");
    for (S s : sizes) {
      line(
          md,
          "- %,d users: %s.",
          s.users(),
          sides.stream()
              .map(side -> side.name() + " " + runs(side.runs().apply(s)))
              .collect(Collectors.joining("; ")));
    }
    md.append('\n');
  }

  private static String runs(List<? extends Measured<?>> runs) {
    return runs.stream()
        .map(x -> fmt("%.1f / %.1f", x.wallSeconds(), x.cpuSeconds()))
        .collect(Collectors.joining(", "));
  }

  private static String range(Stats s) {
    return fmt("%.1f (%.1f..%.1f)", s.median(), s.min(), s.max());
  }

  private static String verdict(double ratio) {
    return ratio >= GOAL ? "reached" : "goal not reached";
  }
}
