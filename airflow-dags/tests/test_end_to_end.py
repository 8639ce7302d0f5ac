"""The DAGs really run our jobs: spark-submit in local mode over a small generated dataset.

The weekly retraining trains both models on a day's features and rescores that day; the daily run
of that day then fills every gold table, and running it again leaves every table as it was."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DAGS, REPO, VENV_BIN

from audience_daily import DAILY_JOBS
from audience_lakehouse import KPI_TABLES
from audience_weekly_retrain import RETRAIN_JOBS

JAR = REPO / "jobs" / "target" / "audience-jobs-app.jar"
# A Sunday: the weekly run of the week starting on WEEK (a Monday) works on it.
DAY = "2026-05-31"
DAY_BEFORE = "2026-05-30"
WEEK = "2026-05-25T06:00:00+00:00"

# Rows of each table for DAY (ops.job_runs: successful runs for DAY, which a re-run adds to).
TABLES = {
    "bronze.events": "event_date",
    "bronze.access_log": "event_date",
    "silver.events": "event_date",
    "silver.sessions": "session_date",
    "silver.user_daily": "event_date",
    "silver.transactions": "order_date",
    "gold.user_features": "as_of_date",
    "gold.segments": "as_of_date",
    "gold.segment_profiles": "as_of_date",
    "gold.clv_customer": "as_of_date",
    "gold.churn_scores": "as_of_date",
    **{f"gold.{name.split('.')[1]}": "as_of_date" for name in KPI_TABLES},
}
# Gold tables that must have rows for DAY once the models exist.
GOLD_WITH_ROWS = [name for name in TABLES if name.startswith("gold.")]
SCORING_JOBS = ("segment-assign", "churn-score")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not JAR.exists(), reason=f"{JAR} is missing: build it with `make build`"),
]


def submit(*job_args: str) -> str:
    """Runs the application jar through PySpark's spark-submit in local mode; returns its stdout."""
    done = subprocess.run(
        [str(VENV_BIN / "spark-submit"), "--master", "local[2]", "--class", "fr.audience.Main", str(JAR), *job_args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(job_args[:1])} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, airflow_db):
    """A lakehouse of its own in a temp folder: a config overlay pointing there, two days of raw
    input with the day before DAY already loaded and DAY's features computed (features as of a day
    read the days before it), and the Variables that point the DAGs at them."""
    root = tmp_path_factory.mktemp("e2e")
    conf = root / "conf"
    shutil.copytree(REPO / "conf", conf)
    (conf / "e2e.conf").write_text(
        "audience {\n"
        f'  paths.lakehouse = "{root}/lakehouse"\n'
        f'  paths.raw = "{root}/raw"\n'
        f'  catalog.metastore-path = "{root}/metastore_db"\n'
        f'  report.root = "{root}/reports"\n'
        "  spark.shuffle-partitions = 1\n"
        "  ingest.output-files = 1\n"
        # Models that train in seconds: one k, one candidate of each family with few trees.
        "  segments { k-min = 4, k-max = 4 }\n"
        "  churn { lr-reg-params = [0.01], gbt-max-depths = [2], gbt-max-iterations = 10 }\n"
        "}\n"
    )
    # Short JVMs on a shared 2-core machine: the quick JIT and one GC thread halve the CPU a job takes.
    spark_conf = root / "spark-conf"
    spark_conf.mkdir()
    (spark_conf / "spark-defaults.conf").write_text(
        # With the quick JIT alone the JVM reserves 48 MB for compiled code, which a KPI job fills;
        # a full code cache fails method handle links ("no such method: ...linkToVirtual").
        "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=256m -XX:+UseSerialGC "
        "-XX:-DontCompileHugeMethods "
        f"-Dlog4j.configurationFile=file:{conf}/log4j2.properties\n"
    )
    settings = ["--env", "e2e", "--conf-dir", str(conf)]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # Derby and Spark leave their scratch files in the working directory
        patch.setenv("SPARK_CONF_DIR", str(spark_conf))
        patch.setenv("AUDIENCE_CONF_DIR", str(conf))
        # Enough readers for churners and stayers in every churn snapshot (labels come from the
        # subscription history the generator writes, so two days of events are enough).
        submit(
            "generate",
            "--users",
            "600",
            "--days",
            "2",
            "--start-date",
            DAY_BEFORE,
            "--out",
            str(root / "raw"),
            *settings,
        )
        submit(
            "run",
            "--from",
            DAY_BEFORE,
            "--to",
            DAY,
            "--conf",
            "audience.pipeline.jobs=[ingest, sessionize, features]",
            *settings,
        )
        patch.setenv("AIRFLOW_VAR_AUDIENCE_JAR", str(JAR))
        patch.setenv("AIRFLOW_VAR_AUDIENCE_CONF_DIR", str(conf))
        patch.setenv("AIRFLOW_VAR_AUDIENCE_ENV", "e2e")
        patch.setenv("AIRFLOW_VAR_AUDIENCE_RAW", str(root / "raw"))
        yield Deployment(root, settings)


@dataclass(frozen=True)
class Deployment:
    root: Path
    settings: list[str]


@dataclass(frozen=True)
class State:
    """What the test reads back from the lakehouse, in one Spark run (a spark-submit costs ~25 s)."""

    models: list[tuple[str, str]]  # (model, trained_for_date) of every registered model
    scored: dict[str, list[int]]  # rows_out of each successful scoring run for DAY, in run order
    counts: dict[str, tuple[int, int]]  # rows of each table for DAY as of `before` and now


def state(settings: list[str], before: str) -> State:
    """The models, the scoring runs and the rows of each table for DAY as of `before` (Delta time
    travel) and now."""
    as_of = f"TIMESTAMP AS OF '{before}'"
    parts = [
        f"SELECT 'count' AS kind, '{name}' AS name, "
        f"CAST((SELECT count(*) FROM {name} {as_of} WHERE {column} = DATE'{DAY}') AS STRING) AS a, "
        f"CAST((SELECT count(*) FROM {name} WHERE {column} = DATE'{DAY}') AS STRING) AS b, "
        "CAST(NULL AS TIMESTAMP) AS at"
        for name, column in TABLES.items()
    ]
    runs = f"FROM ops.job_runs %s WHERE date_from = DATE'{DAY}' AND status = 'SUCCEEDED'"
    parts.append(
        f"SELECT 'count', 'ops.job_runs', CAST((SELECT count(*) {runs % as_of}) AS STRING), "
        f"CAST((SELECT count(*) {runs % ''}) AS STRING), CAST(NULL AS TIMESTAMP)"
    )
    parts.append("SELECT 'model', model, CAST(trained_for_date AS STRING), '', registered_at FROM ops.model_registry")
    parts.append(
        f"SELECT 'scored', job, CAST(rows_out AS STRING), '', started_at {runs % ''} AND job IN {SCORING_JOBS}"
    )
    rows = query(settings, " UNION ALL ".join(parts) + " ORDER BY kind, at, name")
    return State(
        models=sorted((r["name"], r["a"]) for r in rows if r["kind"] == "model"),
        scored={job: [int(r["a"]) for r in rows if r["kind"] == "scored" and r["name"] == job] for job in SCORING_JOBS},
        counts={r["name"]: (int(r["a"]), int(r["b"])) for r in rows if r["kind"] == "count"},
    )


def query(settings: list[str], sql: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(submit("sql", "--csv", sql, *settings))))


def forget_other_runs(dag_id: str) -> None:
    """dag.test also works on runs other tests left queued (with their dates and Params): drop them."""
    from airflow.models import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        for run in session.scalars(select(DagRun).where(DagRun.dag_id == dag_id)):
            session.delete(run)


def fresh_dag(dag_id: str):
    """A DAG parsed afresh (rendering other runs' templates merged their Params into the shared one),
    whose failing job fails the test now, not after its backoff."""
    from airflow.dag_processing.dagbag import DagBag

    forget_other_runs(dag_id)
    dag = DagBag(dag_folder=str(DAGS)).dags[dag_id]
    for task in dag.tasks:
        task.retries = 0
    # dag.test (Airflow 3.3.2) keeps deadline alerts serialized where the scheduler keeps their ids
    # and fails when a run with one succeeds; the alert is tested in test_dags and test_failures.
    dag.deadline = None
    return dag


def run_and_check(dag, logical_date: str) -> None:
    from airflow.utils.state import DagRunState

    run = dag.test(logical_date=datetime.fromisoformat(logical_date).astimezone(UTC))
    failed = [ti.task_id for ti in run.get_task_instances() if ti.state != "success"]
    assert run.state == DagRunState.SUCCESS, f"{dag.dag_id} for {logical_date}: tasks {failed} did not succeed"


def test_the_weekly_retraining_then_the_daily_run_fill_every_gold_table_and_a_rerun_changes_none(deployment):
    daily, weekly = fresh_dag("audience_daily"), fresh_dag("audience_weekly_retrain")

    run_and_check(weekly, WEEK)
    run_and_check(daily, DAY)
    between = datetime.now(UTC).isoformat(timespec="milliseconds")
    time.sleep(1)
    run_and_check(daily, DAY)

    after = state(deployment.settings, between)
    assert after.models == [("churn", DAY), ("segments", DAY)]
    for job in SCORING_JOBS:
        rows = after.scored[job]
        assert len(rows) == 3, f"{job}: one run in the weekly run and one per daily run, got {rows}"
        assert rows[0] > 0 and rows == [rows[0]] * 3, f"{job}: the weekly and daily scorings differ: {rows}"

    counts = after.counts
    before, now = counts.pop("ops.job_runs")
    assert (before, now) == (len(DAILY_JOBS) + len(RETRAIN_JOBS), 2 * len(DAILY_JOBS) + len(RETRAIN_JOBS))
    for name, (first, second) in counts.items():
        assert first == second, f"{name}: {first} rows for {DAY} after the first daily run, {second} after the second"
    for name in ["bronze.events", "silver.events", "silver.sessions", "silver.user_daily", *GOLD_WITH_ROWS]:
        assert counts[name][0] > 0, f"{name} has no rows for {DAY}"
    page = deployment.root / "reports" / DAY / "index.html"
    assert page.is_file(), f"the report task wrote no {page}"
    assert "Chart" in page.read_text(encoding="utf-8"), "the dashboard has no charts"
