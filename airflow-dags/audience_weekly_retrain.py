"""Weekly retraining of the segment and churn models, then re-scoring, KPIs and dashboard with the new models."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from airflow.sdk import chain, dag
from airflow.timetables.interval import CronDataIntervalTimetable

from audience_lakehouse import DEFAULT_ARGS, JOBS, MACROS, PARAMS, spark_job
from audience_lakehouse.names import RESCORE_JOBS, TRAIN_JOBS

# Train both models on the weeks up to the last day of the run's week, then score that day again.
# The KPIs by segment and churn risk, and the dashboard, read those scores: they are rebuilt for that
# day too, or they would describe the scores the previous models gave it (the demo does the same).
RETRAIN_JOBS = [JOBS[name] for name in (*TRAIN_JOBS, *RESCORE_JOBS)]

# A weekly run's logical date is the Monday its week starts; the models see data up to its Sunday.
LAST_DAY_OF_WEEK = 6

DOC = """
### Audience Lakehouse, weekly retraining

For the week starting on the logical date (Monday, UTC), run after that week ends:
`segment train` and `churn train` fit new models on data up to the week's Sunday, then
`segment assign` and `churn score` rescore that Sunday with them, and `kpi` and `report` rebuild
that Sunday's KPI tables and dashboard from the new scores. `--date` is that Sunday (or the run's
`date` Param).
Same connection, Variables and pool as `audience_daily` (see `docs/airflow.md`); the pool keeps
these jobs from writing while a daily job does.
"""


@dag(
    dag_id="audience_weekly_retrain",
    schedule=CronDataIntervalTimetable("0 6 * * 1", timezone="UTC"),
    start_date=datetime(2026, 3, 2, tzinfo=UTC),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params=PARAMS,
    user_defined_macros=MACROS,
    tags=["audience", "lakehouse", "weekly", "ml"],
    doc_md=DOC,
    dagrun_timeout=timedelta(hours=12),
)
def audience_weekly_retrain():
    chain(*[spark_job(job, offset_days=LAST_DAY_OF_WEEK) for job in RETRAIN_JOBS])


audience_weekly_retrain()
