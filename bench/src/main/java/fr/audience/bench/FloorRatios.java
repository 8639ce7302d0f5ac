package fr.audience.bench;

import java.util.List;

/**
 * One size of a benchmark that times a job against its floor, and the floor over the job, median
 * over median: the goal is >= {@link FloorReport#GOAL}.
 */
interface FloorRatios {
  int users();

  /** The floor's runs. */
  List<? extends Measured<?>> floor();

  /** The job's runs, in the same order. */
  List<? extends Measured<?>> job();

  /** Floor over the job in process CPU seconds. */
  default double cpuRatio() {
    return Measured.cpu(floor()).median() / Measured.cpu(job()).median();
  }

  /** Floor over the job in wall seconds. */
  default double wallRatio() {
    return Measured.wall(floor()).median() / Measured.wall(job()).median();
  }
}
