"""Daily Audience Lakehouse pipeline: wait for a date's raw input, then run the daily jobs on it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import AsyncCallback, DeadlineAlert, DeadlineReference, chain, dag, task
from airflow.timetables.interval import CronDataIntervalTimetable

from audience_lakehouse import (
    AWS_CONN_ID,
    DEFAULT_ARGS,
    JOBS,
    KPI_DEADLINE,
    MACROS,
    PARAMS,
    RAW,
    notify_deadline_missed,
    previous_day_done,
    raw_delivered,
    run_date_template,
    spark_job,
)
from audience_lakehouse.names import CATCH_UP, PIPELINE_JOBS

# The daily jobs in the order they run: reference.conf's audience.pipeline.jobs, through names.py.
DAILY_JOBS = [JOBS[name] for name in PIPELINE_JOBS]

DOC = """
### Audience Lakehouse, daily

For each logical date D (the day a run covers; the run starts after D ends, UTC):

1. `wait_for_previous_day` waits until the run of D - 1 has succeeded (no wait when there is none:
   the first day of a deployment or of a backfill), so a day never builds on a failed one.
2. `wait_for_raw` waits until the raw events and access logs delivered on D are complete: each
   folder holds its `_MANIFEST`, which the collector writes last (Variable `audience_raw`: a local
   folder, or `s3://`/`s3a://` with the Amazon provider).
3. `catch-up` ingests again the recent delivery folders that gained files since they were ingested
   (late files, through ops.ingested_files) and re-processes the dates marked in
   ops.pending_reprocessing, up to D - 1; usually it finds nothing and runs nothing.
4. `ingest` loads D into bronze; `sessionize` publishes silver for D - 1 and D (late events
   arriving on D land on their true date).
5. `features` computes gold.user_features as of D; `segment-assign` and `churn-score` score them
   with the latest models (each skips, saying so, while no model exists); `clv` refits and scores
   customer lifetime value; `kpi` publishes the nine gold.kpi_* tables behind their data-quality
   gates; `report` writes the dashboard `reports/D/index.html`.

If the run has not succeeded by 08:00 UTC the next morning (the KPIs' deadline), an Airflow deadline
alert posts it to the Variable `audience_alert_webhook`, like every failed task.

Every job is `spark-submit --class fr.audience.Main <audience_jar> <job> --date D --env <env>`
through the connection `spark_default`, in the pool `audience_lakehouse` (one writer at a time).
Re-running a date replaces that date only, so clearing a run or backfilling is safe.

Setup, Variables and backfills: `docs/airflow.md`.
"""


@dag(
    dag_id="audience_daily",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=datetime(2026, 3, 1, tzinfo=UTC),
    # A new deployment starts from today; past dates are filled on purpose with a backfill.
    catchup=False,
    # sessionize re-publishes the previous day: two runs at once would race on it.
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params=PARAMS,
    user_defined_macros=MACROS,
    tags=["audience", "lakehouse", "daily"],
    doc_md=DOC,
    dagrun_timeout=timedelta(hours=12),
    deadline=DeadlineAlert(
        reference=DeadlineReference.DAGRUN_LOGICAL_DATE,
        interval=KPI_DEADLINE,
        callback=AsyncCallback(notify_deadline_missed),
    ),
)
def audience_daily():
    @task.sensor(poke_interval=600, timeout=timedelta(hours=10).total_seconds(), mode="reschedule")
    def wait_for_previous_day(**context) -> bool:
        return previous_day_done(context)

    @task.sensor(poke_interval=600, timeout=timedelta(hours=10).total_seconds(), mode="reschedule")
    def wait_for_raw(raw: str, day: str, aws_conn_id: str) -> bool:
        return raw_delivered(raw, day, aws_conn_id)

    chain(
        wait_for_previous_day(),
        wait_for_raw(RAW, run_date_template(), AWS_CONN_ID),
        spark_job(JOBS[CATCH_UP]),
        # Scoring skips, saying so, until a model exists (audience_weekly_retrain trains them).
        *[spark_job(job, skip_without_model=True) for job in DAILY_JOBS],
    )


audience_daily()
