package fr.audience.core;

/**
 * What a run read and what became of it. Ingestion and cleaning keep {@code rowsIn = rowsOut +
 * rowsQuarantined + rowsDeduplicated}.
 */
public record RunCounts(long rowsIn, long rowsOut, long rowsQuarantined, long rowsDeduplicated) {
  public static RunCounts output(long rowsOut) {
    return new RunCounts(rowsOut, rowsOut, 0, 0);
  }

  public RunCounts plus(RunCounts o) {
    return new RunCounts(
        rowsIn + o.rowsIn,
        rowsOut + o.rowsOut,
        rowsQuarantined + o.rowsQuarantined,
        rowsDeduplicated + o.rowsDeduplicated);
  }

  public boolean balanced() {
    return rowsIn == rowsOut + rowsQuarantined + rowsDeduplicated;
  }

  public double quarantinedShare() {
    return rowsIn == 0 ? 0 : (double) rowsQuarantined / rowsIn;
  }
}
