"""The DAG files import cleanly and have the structure operations rely on."""

from __future__ import annotations

import re
import subprocess
from datetime import timedelta

import pytest
from conftest import DAGS, REPO, VENV_BIN

from audience_lakehouse import JOBS, MAIN_CLASS, POOL, SPARK_CONN_ID
from audience_lakehouse.names import PIPELINE_JOBS, TABLES

DAILY = "audience_daily"
WEEKLY = "audience_weekly_retrain"


def test_every_dag_file_imports_without_error_or_warning_from_our_code(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == [DAILY, WEEKLY]
    ours = [w for warnings in dagbag.captured_warnings.values() for w in warnings if str(DAGS) in w.split(":")[0]]
    assert ours == []


def test_ruff_with_airflow_rules_finds_nothing():
    for args in (["check", "."], ["format", "--check", "."]):
        done = subprocess.run([str(VENV_BIN / "ruff"), *args], cwd=DAGS, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_names_py_holds_the_pipeline_list_of_reference_conf():
    # names.py is written from the jobs (DagNamesTest); this checks it against reference.conf too,
    # with a regex since the list is one line of bare words.
    conf = (REPO / "jobs" / "src" / "main" / "resources" / "reference.conf").read_text()
    jobs = re.search(r"^\s*pipeline\s*\{[^}]*?^\s*jobs\s*=\s*\[([^\]]*)\]", conf, re.MULTILINE | re.DOTALL)
    assert jobs, "audience.pipeline.jobs not found in reference.conf"
    assert tuple(name.strip() for name in jobs.group(1).split(",")) == PIPELINE_JOBS


def test_daily_runs_the_jobs_in_order_after_the_raw_input_is_there(dagbag):
    dag = dagbag.dags[DAILY]
    order = [t.task_id for t in dag.topological_sort()]
    jobs = ["ingest", "sessionize", "features", "segment-assign", "clv", "churn-score", "kpi", "report"]
    assert order == ["wait_for_previous_day", "wait_for_raw", "catch-up", *jobs]
    assert tuple(jobs) == PIPELINE_JOBS
    # A straight chain: each task starts once the previous one succeeded.
    for before, job in zip(order, order[1:], strict=False):
        assert dag.get_task(job).upstream_task_ids == {before}, job


def test_weekly_trains_both_models_then_rescores_and_rebuilds_the_kpis(dagbag):
    dag = dagbag.dags[WEEKLY]
    order = [t.task_id for t in dag.topological_sort()]
    assert order == ["segment-train", "churn-train", "segment-assign", "churn-score", "kpi", "report"]


def test_every_job_publishes_tables_the_jobs_write():
    for job in JOBS.values():
        unknown = [name for name in job.outlets if name not in TABLES and not name.startswith("models.")]
        assert unknown == [], job.name


@pytest.mark.parametrize("dag_id", [DAILY, WEEKLY])
def test_dag_settings_operations_rely_on(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert {"audience", "lakehouse"} <= set(dag.tags)
    assert "docs/airflow.md" in dag.doc_md
    assert set(dag.params) == {"date", "env"}
    for task in dag.tasks:
        assert task.retries >= 2, task.task_id
        assert task.retry_exponential_backoff, task.task_id
        assert task.max_retry_delay == timedelta(hours=1)
        assert task.execution_timeout is not None


@pytest.mark.parametrize("dag_id", [DAILY, WEEKLY])
def test_every_job_is_a_spark_submit_of_the_jar_in_the_writer_pool(dagbag, dag_id):
    from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

    jobs = [t for t in dagbag.dags[dag_id].tasks if not t.task_id.startswith("wait_for_")]
    assert jobs
    for task in jobs:
        assert isinstance(task, SparkSubmitOperator)
        assert task.pool == POOL
        assert task._conn_id == SPARK_CONN_ID
        assert task._java_class == MAIN_CLASS
        assert task.outlets or task.task_id in ("report", "catch-up")


def test_every_failure_is_reported(dagbag):
    from audience_lakehouse import AudienceJobOperator, notify_failure

    daily = dagbag.dags[DAILY]
    for task in daily.tasks:
        assert notify_failure in (task.on_failure_callback or []) or task.on_failure_callback is notify_failure
        if not task.task_id.startswith("wait_for_"):
            assert isinstance(task, AudienceJobOperator)


@pytest.mark.parametrize("sensor_id", ["wait_for_previous_day", "wait_for_raw"])
def test_the_sensors_hold_no_writer_slot(dagbag, sensor_id):
    sensor = dagbag.dags[DAILY].get_task(sensor_id)
    assert sensor.pool != POOL
    assert sensor.mode == "reschedule"


def test_a_missed_kpi_deadline_raises_an_airflow_deadline_alert(dagbag):
    from airflow.sdk import AsyncCallback, DeadlineReference

    from audience_lakehouse import notify_deadline_missed

    deadlines = dagbag.dags[DAILY].deadline
    assert len(deadlines) == 1
    alert = deadlines[0]
    assert alert.reference == DeadlineReference.DAGRUN_LOGICAL_DATE
    # The logical date is the day's start: 08:00 UTC the next morning.
    assert alert.interval == timedelta(days=1, hours=8)
    assert alert.callback == AsyncCallback(notify_deadline_missed)


def test_published_tables_are_assets_downstream_dags_can_schedule_on(dagbag):
    from airflow.sdk import Asset

    outlets = {a.name: a for t in dagbag.dags[DAILY].tasks for a in t.outlets}
    assert all(isinstance(a, Asset) for a in outlets.values())
    assert {"silver.sessions", "silver.user_daily", "bronze.events", "gold.user_features", "gold.segments"} <= set(
        outlets
    )
    assert {f"gold.kpi_{name}" for name in ("clv_by_segment", "churn_risk", "exposure_audit")} <= set(outlets)
    assert outlets["silver.sessions"].uri == "audience://silver/sessions"
    weekly = {a.name for t in dagbag.dags[WEEKLY].tasks for a in t.outlets}
    assert {"gold.segments", "gold.churn_scores", "gold.kpi_churn_risk", "gold.kpi_clv_by_segment"} <= weekly
