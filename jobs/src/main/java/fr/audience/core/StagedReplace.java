package fr.audience.core;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.DeltaOptions;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.commands.DMLUtils;
import org.apache.spark.sql.delta.commands.WriteIntoDelta;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A replace of one slice of a Delta table in two steps: {@link #write} writes the new files and
 * works out the files they replace without committing anything, {@link #commit} publishes them in
 * one Delta commit. Between the two the caller checks what was written (counts, a quarantine share)
 * and, when the check fails, simply does not commit: readers never see the rows, and the written
 * files are orphans that VACUUM removes. A job that must refuse a bad delivery can then parse its
 * input once, where counting before writing would parse it twice.
 *
 * <p>Delta has no public API for "write now, commit later": this drives the same command a {@code
 * replaceWhere} overwrite runs (WriteIntoDelta), stopping between its write and its commit, so the
 * commit is the one {@link Tables#replace} makes (same operation, predicate, statistics, schema
 * checks and replaceWhere constraint). It depends on Delta internals of the pinned version;
 * StagedReplaceTest pins the behaviour.
 */
public final class StagedReplace {
  private final TableSpec spec;
  private final String predicate;
  private final OptimisticTransaction txn;
  private final DMLUtils.TaggedCommitData<Action> written;
  private boolean committed;

  private StagedReplace(
      TableSpec spec,
      String predicate,
      OptimisticTransaction txn,
      DMLUtils.TaggedCommitData<Action> written) {
    this.spec = spec;
    this.predicate = predicate;
    this.txn = txn;
    this.written = written;
  }

  /**
   * Writes {@code rows} as the new content of the rows matching {@code predicate} (SQL over the
   * table's columns, e.g. {@code event_date = DATE'2026-03-02'}); nothing is visible until {@link
   * #commit}. Every row must match the predicate, as with {@link Tables#replace}; Delta checks that
   * on each row without optimising the predicate, so write ranges with comparisons, not BETWEEN
   * (which fails unresolved there).
   */
  public static StagedReplace write(
      SparkSession spark,
      LakehouseSettings lakehouse,
      TableSpec spec,
      Dataset<Row> rows,
      String predicate) {
    Tables.ensure(spark, lakehouse, spec);
    CatalogTable table;
    try {
      table =
          spark
              .sessionState()
              .catalog()
              .getTableMetadata(new TableIdentifier(spec.table(), Option.apply(spec.database())));
    } catch (org.apache.spark.sql.AnalysisException e) {
      throw new IllegalStateException(spec.fullName() + " vanished while being written", e);
    }
    DeltaLog log = DeltaLog.forTable(spark, table);
    DeltaOptions options =
        new DeltaOptions(
            org.apache.spark.sql.catalyst.util.CaseInsensitiveMap$.MODULE$.apply(
                scala.collection.immutable.Map$.MODULE$
                    .<String, String>empty()
                    .updated(DeltaOptions.REPLACE_WHERE_OPTION(), predicate)),
            spark.sessionState().conf());
    WriteIntoDelta command =
        new WriteIntoDelta(
            log,
            SaveMode.Overwrite,
            options,
            CollectionConverters.asScala(List.<String>of()).toSeq(),
            scala.collection.immutable.Map$.MODULE$.<String, String>empty(),
            Tables.conform(spec, rows),
            Option.apply(table),
            Option.empty());
    // A new transaction, the thread's active one while the files are written, as in
    // WriteIntoDelta.run; it stays open, uncommitted, when the write returns.
    OptimisticTransaction[] txn = new OptimisticTransaction[1];
    scala.Function1<OptimisticTransaction, DMLUtils.TaggedCommitData<Action>> write =
        t -> {
          txn[0] = t;
          return command.writeAndReturnCommitData(t, spark, Option.empty(), false);
        };
    DMLUtils.TaggedCommitData<Action> written =
        log.withNewTransaction(Option.apply(table), Option.empty(), write);
    return new StagedReplace(spec, predicate, txn[0], written);
  }

  /** Rows in the written files, from their Delta statistics; -1 when a file has none. */
  public long rowsWritten() {
    long rows = 0;
    for (Action a : CollectionConverters.asJava(written.actions())) {
      if (a instanceof AddFile add) {
        Option<Object> n = add.numLogicalRecords();
        if (n.isEmpty()) {
          return -1;
        }
        rows += (Long) n.get();
      }
    }
    return rows;
  }

  /** Publishes the written files and removes the replaced ones, in one Delta commit. */
  public void commit() {
    if (committed) {
      throw new IllegalStateException(spec.fullName() + " replace already committed");
    }
    committed = true;
    DeltaOperations.Write operation =
        new DeltaOperations.Write(
            SaveMode.Overwrite,
            Option.apply(CollectionConverters.asScala(List.<String>of()).toSeq()),
            Option.apply(predicate),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty());
    txn.commitIfNeeded(written.actions(), operation, written.stringTags());
  }

  public TableSpec spec() {
    return spec;
  }
}
