"""audience_daily really runs our jobs: spark-submit in local mode over a small generated dataset,
and a second run of the same date leaves every table as the first one did."""

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

JAR = REPO / "jobs" / "target" / "audience-jobs-app.jar"
DAY = "2026-06-01"

# Rows of each table for DAY (ops.job_runs: successful runs for DAY, which a re-run adds to).
TABLES = {
    "bronze.events": "event_date",
    "bronze.access_log": "event_date",
    "silver.events": "event_date",
    "silver.sessions": "session_date",
    "silver.user_daily": "event_date",
    "silver.transactions": "order_date",
    "gold.user_features": "as_of_date",
    "gold.clv_customer": "as_of_date",
    **{f"gold.{name.split('.')[1]}": "as_of_date" for name in KPI_TABLES if name != "gold.kpi_churn_risk"},
}
# Gold tables that must have rows for DAY after a run (without a trained model: segments and churn
# scores come with audience_weekly_retrain, and kpi_churn_risk with the churn scores).
GOLD_WITH_ROWS = [name for name in TABLES if name.startswith("gold.")]

pytestmark = pytest.mark.skipif(not JAR.exists(), reason=f"{JAR} is missing: build it with `make build`")


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
    input, and the Variables that point the DAG at them."""
    root = tmp_path_factory.mktemp("e2e")
    conf = root / "conf"
    shutil.copytree(REPO / "conf", conf)
    (conf / "e2e.conf").write_text(
        "audience {\n"
        f'  paths.lakehouse = "{root}/lakehouse"\n'
        f'  catalog.metastore-path = "{root}/metastore_db"\n'
        f'  report.root = "{root}/reports"\n'
        "  spark.shuffle-partitions = 1\n"
        "  ingest.output-files = 1\n"
        "}\n"
    )
    # Short JVMs on a shared 2-core machine: the quick JIT and one GC thread halve the CPU a job takes.
    spark_conf = root / "spark-conf"
    spark_conf.mkdir()
    (spark_conf / "spark-defaults.conf").write_text(
        "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
        f"-Dlog4j.configurationFile=file:{conf}/log4j2.properties\n"
    )
    settings = ["--env", "e2e", "--conf-dir", str(conf)]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)  # Derby and Spark leave their scratch files in the working directory
        patch.setenv("SPARK_CONF_DIR", str(spark_conf))
        patch.setenv("AUDIENCE_CONF_DIR", str(conf))
        submit("generate", "--users", "300", "--days", "2", "--start-date", DAY, "--out", str(root / "raw"), *settings)
        patch.setenv("AIRFLOW_VAR_AUDIENCE_JAR", str(JAR))
        patch.setenv("AIRFLOW_VAR_AUDIENCE_CONF_DIR", str(conf))
        patch.setenv("AIRFLOW_VAR_AUDIENCE_ENV", "e2e")
        patch.setenv("AIRFLOW_VAR_AUDIENCE_RAW", str(root / "raw"))
        yield Deployment(root, settings)


@dataclass(frozen=True)
class Deployment:
    root: Path
    settings: list[str]


def counts_before_and_now(settings: list[str], before: str) -> dict[str, tuple[int, int]]:
    """Rows of each table for DAY as of `before` (Delta time travel) and now, in one Spark run."""
    as_of = f"TIMESTAMP AS OF '{before}'"
    parts = [
        f"SELECT '{name}' AS name, (SELECT count(*) FROM {name} {as_of} WHERE {column} = DATE'{DAY}') AS before, "
        f"(SELECT count(*) FROM {name} WHERE {column} = DATE'{DAY}') AS now"
        for name, column in TABLES.items()
    ]
    runs = f"FROM ops.job_runs %s WHERE date_from = DATE'{DAY}' AND status = 'SUCCEEDED'"
    parts.append(f"SELECT 'ops.job_runs', (SELECT count(*) {runs % as_of}), (SELECT count(*) {runs % ''})")
    rows = csv.DictReader(io.StringIO(submit("sql", "--csv", " UNION ALL ".join(parts), *settings)))
    return {row["name"]: (int(row["before"]), int(row["now"])) for row in rows}


def forget_other_runs(dag_id: str) -> None:
    """dag.test also works on runs other tests left queued (with their dates and Params): drop them."""
    from airflow.models import DagRun
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        for run in session.scalars(select(DagRun).where(DagRun.dag_id == dag_id)):
            session.delete(run)


def test_a_second_run_of_a_date_leaves_the_same_tables(deployment):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils.state import DagRunState

    forget_other_runs("audience_daily")
    # A DAG parsed afresh: rendering other runs' templates merged their Params into the shared one.
    dag = DagBag(dag_folder=str(DAGS)).dags["audience_daily"]
    for task in dag.tasks:
        task.retries = 0  # a failing job fails the test now, not after its backoff
    logical_date = datetime.fromisoformat(DAY).replace(tzinfo=UTC)

    assert dag.test(logical_date=logical_date).state == DagRunState.SUCCESS
    between = datetime.now(UTC).isoformat(timespec="milliseconds")
    time.sleep(1)
    assert dag.test(logical_date=logical_date).state == DagRunState.SUCCESS

    counts = counts_before_and_now(deployment.settings, between)
    jobs = len(DAILY_JOBS)
    assert counts.pop("ops.job_runs") == (jobs, 2 * jobs), f"each run records its {jobs} jobs"
    for name, (first, second) in counts.items():
        assert first == second, f"{name}: {first} rows for {DAY} after the first run, {second} after the second"
    for name in ["bronze.events", "silver.events", "silver.sessions", "silver.user_daily", *GOLD_WITH_ROWS]:
        assert counts[name][0] > 0, f"{name} has no rows for {DAY}"
    page = deployment.root / "reports" / DAY / "index.html"
    assert page.is_file(), f"the report task wrote no {page}"
    assert "Chart" in page.read_text(encoding="utf-8"), "the dashboard has no charts"
