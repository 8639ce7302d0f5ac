"""The names the DAGs share with the jobs, written from the jobs' constants: do not edit.

jobs/src/test/java/fr/audience/pipeline/DagNamesTest.java fails when this file differs from what
the jobs say, and writes the up-to-date file to jobs/target/names.py.
"""

# Every job a DAG runs, by its one name: its task id and its name in ops.job_runs.
INGEST = "ingest"
SESSIONIZE = "sessionize"
FEATURES = "features"
SEGMENT_ASSIGN = "segment-assign"
CLV = "clv"
CHURN_SCORE = "churn-score"
KPI = "kpi"
REPORT = "report"
SEGMENT_TRAIN = "segment-train"
CHURN_TRAIN = "churn-train"
CATCH_UP = "catch-up"

# The daily pipeline in the order it runs: audience.pipeline.jobs in reference.conf.
PIPELINE_JOBS = (
    INGEST,
    SESSIONIZE,
    FEATURES,
    SEGMENT_ASSIGN,
    CLV,
    CHURN_SCORE,
    KPI,
    REPORT,
)

# The model trainings of the weekly retraining.
TRAIN_JOBS = (
    SEGMENT_TRAIN,
    CHURN_TRAIN,
)

# The jobs that use the models, run again once new models exist (as the demo does).
RESCORE_JOBS = (
    SEGMENT_ASSIGN,
    CHURN_SCORE,
    KPI,
    REPORT,
)

# Every table the jobs write (fr.audience.catalog.TableRegistry).
TABLES = (
    "bronze.access_log",
    "bronze.articles",
    "bronze.campaigns",
    "bronze.events",
    "bronze.orders_history",
    "bronze.quarantine",
    "bronze.subscriptions_history",
    "gold.churn_scores",
    "gold.clv_customer",
    "gold.clv_params",
    "gold.kpi_cac_vs_clv",
    "gold.kpi_campaign_carbon",
    "gold.kpi_churn_risk",
    "gold.kpi_clv_by_segment",
    "gold.kpi_commercial_pressure",
    "gold.kpi_engagement",
    "gold.kpi_exposure_audit",
    "gold.kpi_revenue_durability",
    "gold.kpi_strategic_audience",
    "gold.segment_profiles",
    "gold.segments",
    "gold.user_features",
    "ops.dq_results",
    "ops.ingested_files",
    "ops.job_runs",
    "ops.model_registry",
    "ops.pending_reprocessing",
    "silver.events",
    "silver.identity_map",
    "silver.sessions",
    "silver.subscription_events",
    "silver.subscriptions",
    "silver.transactions",
    "silver.user_daily",
)

# The KPI tables `kpi` publishes (fr.audience.kpi.KpiTables, docs/kpi.md).
KPI_TABLES = (
    "gold.kpi_clv_by_segment",
    "gold.kpi_cac_vs_clv",
    "gold.kpi_revenue_durability",
    "gold.kpi_commercial_pressure",
    "gold.kpi_campaign_carbon",
    "gold.kpi_strategic_audience",
    "gold.kpi_engagement",
    "gold.kpi_churn_risk",
    "gold.kpi_exposure_audit",
)
