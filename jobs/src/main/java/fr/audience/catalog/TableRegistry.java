package fr.audience.catalog;

import fr.audience.churn.ChurnTables;
import fr.audience.clv.ClvTables;
import fr.audience.core.ModelRegistry;
import fr.audience.core.Reprocessing;
import fr.audience.core.RunLog;
import fr.audience.core.TableSpec;
import fr.audience.features.FeatureTables;
import fr.audience.ingest.BronzeTables;
import fr.audience.ingest.IngestLedger;
import fr.audience.kpi.KpiTables;
import fr.audience.quality.GatedTable;
import fr.audience.quality.QualityGate;
import fr.audience.segments.SegmentTables;
import fr.audience.sessions.SilverTables;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every table the jobs write, in one place: docs/tables.md is generated from this list. A new table
 * is one more line here (order does not matter: the docs sort by database and name);
 * TableRegistryTest fails when a TableSpec constant of the project is missing from it.
 */
public final class TableRegistry {
  public static final List<TableSpec> ALL =
      Stream.of(
              Stream.of(
                  BronzeTables.EVENTS,
                  BronzeTables.ACCESS_LOG,
                  BronzeTables.QUARANTINE,
                  BronzeTables.ARTICLES,
                  BronzeTables.CAMPAIGNS,
                  BronzeTables.SUBSCRIPTIONS_HISTORY,
                  BronzeTables.ORDERS_HISTORY,
                  SilverTables.EVENTS,
                  SilverTables.IDENTITY_MAP,
                  SilverTables.SESSIONS,
                  SilverTables.USER_DAILY,
                  SilverTables.SUBSCRIPTION_EVENTS,
                  SilverTables.SUBSCRIPTIONS,
                  SilverTables.TRANSACTIONS,
                  FeatureTables.USER_FEATURES,
                  SegmentTables.SEGMENTS,
                  SegmentTables.PROFILES,
                  ClvTables.PARAMS,
                  ClvTables.CUSTOMER,
                  RunLog.JOB_RUNS,
                  IngestLedger.INGESTED_FILES,
                  Reprocessing.PENDING,
                  ModelRegistry.MODEL_REGISTRY,
                  QualityGate.DQ_RESULTS,
                  ChurnTables.CHURN_SCORES),
              KpiTables.ALL.stream().map(GatedTable::spec))
          .flatMap(s -> s)
          .toList();

  private TableRegistry() {}
}
