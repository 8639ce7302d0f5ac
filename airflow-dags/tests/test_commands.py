"""The spark-submit command line each task renders, for runs made the ways Airflow makes them."""

from __future__ import annotations

import pytest
from conftest import REPO, airflow_cli, rendered_command

DAILY = "audience_daily"
WEEKLY = "audience_weekly_retrain"
JAR = str(REPO / "jobs" / "target" / "audience-jobs-app.jar")
# Each daily task and the jar's command it runs.
DAILY_COMMANDS = {
    "ingest": ["ingest"],
    "sessionize": ["sessionize"],
    "features": ["features"],
    "segment-assign": ["segment", "assign", "--skip-without-model"],
    "clv": ["clv"],
    "churn-score": ["churn", "score", "--skip-without-model"],
    "kpi": ["kpi"],
    "report": ["report"],
}


def trigger(dag_id: str, run_id: str, *args: str) -> str:
    airflow_cli("dags", "trigger", dag_id, "--run-id", run_id, *args)
    return run_id


def job_args(command: list[str]) -> list[str]:
    """What follows the jar on the command line: the job's own arguments."""
    return command[command.index(JAR) + 1 :]


def test_a_scheduled_date_runs_each_job_for_that_date_with_the_default_settings(airflow_db, dagbag):
    run = trigger(DAILY, "day", "--logical-date", "2026-03-02T00:00:00+00:00")
    conf_args = ["--env", "dev", "--conf-dir", str(REPO / "conf"), "--conf", f"audience.paths.raw={REPO}/lakehouse/raw"]
    for task_id, job in DAILY_COMMANDS.items():
        assert rendered_command(dagbag, DAILY, task_id, run) == [
            "spark-submit",
            "--master",
            "local[2]",
            "--name",
            f"audience-{task_id}",
            "--class",
            "fr.audience.Main",
            JAR,
            *job,
            "--date",
            "2026-03-02",
            *conf_args,
        ]


def test_a_backfill_runs_each_date_of_its_range(airflow_db, dagbag):
    airflow_cli("backfill", "create", "--dag-id", DAILY, "--from-date", "2026-04-01", "--to-date", "2026-04-03")
    from airflow.models import DagRun
    from airflow.utils.types import DagRunType

    runs = DagRun.find(dag_id=DAILY, run_type=DagRunType.BACKFILL_JOB)
    backfill = [r.run_id for r in sorted(runs, key=lambda r: r.logical_date)]
    assert len(backfill) == 3
    for task_id, job in DAILY_COMMANDS.items():
        dates = [job_args(rendered_command(dagbag, DAILY, task_id, run))[: len(job) + 2] for run in backfill]
        assert dates == [[*job, "--date", d] for d in ("2026-04-01", "2026-04-02", "2026-04-03")]


def test_a_run_without_logical_date_takes_its_date_param(airflow_db, dagbag):
    run = trigger(DAILY, "manual-with-date", "--conf", '{"date": "2026-05-10", "env": "cluster"}')
    assert job_args(rendered_command(dagbag, DAILY, "sessionize", run))[:5] == [
        "sessionize",
        "--date",
        "2026-05-10",
        "--env",
        "cluster",
    ]


def test_a_run_without_logical_date_nor_date_param_fails_saying_how_to_fix_it(airflow_db, dagbag):
    run = trigger(DAILY, "manual-without-date")
    with pytest.raises(ValueError, match=r"no logical date and no 'date' param\. Trigger it with a logical date"):
        rendered_command(dagbag, DAILY, "ingest", run)


def test_variables_and_the_connection_move_a_deployment_without_code_changes(airflow_db, dagbag, monkeypatch):
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_JAR", "/opt/audience/audience-jobs-app.jar")
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_ENV", "cluster")
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_CONF_DIR", "/etc/audience")
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_RAW", "s3a://audience-raw/prod")
    monkeypatch.setenv(
        "AIRFLOW_CONN_SPARK_DEFAULT",
        '{"conn_type": "spark", "host": "yarn", "extra": {"deploy-mode": "cluster", "queue": "batch"}}',
    )
    run = trigger(DAILY, "on-yarn", "--logical-date", "2026-03-05T00:00:00+00:00")
    command = rendered_command(dagbag, DAILY, "ingest", run)
    assert command[:11] == [
        "spark-submit",
        "--master",
        "yarn",
        "--name",
        "audience-ingest",
        "--class",
        "fr.audience.Main",
        "--queue",
        "batch",
        "--deploy-mode",
        "cluster",
    ]
    assert command[command.index("/opt/audience/audience-jobs-app.jar") + 1 :] == [
        "ingest",
        "--date",
        "2026-03-05",
        "--env",
        "cluster",
        "--conf-dir",
        "/etc/audience",
        "--conf",
        "audience.paths.raw=s3a://audience-raw/prod",
    ]


def test_weekly_retraining_works_on_the_last_day_of_its_week(airflow_db, dagbag):
    run = trigger(WEEKLY, "week", "--logical-date", "2026-03-02T06:00:00+00:00")
    expected = {
        "segment-train": ["segment", "train"],
        "churn-train": ["churn", "train"],
        "segment-assign": ["segment", "assign"],
        "churn-score": ["churn", "score"],
        "kpi": ["kpi"],
        "report": ["report"],
    }
    for task_id, command in expected.items():
        args = job_args(rendered_command(dagbag, WEEKLY, task_id, run))
        assert args[: len(command) + 2] == [*command, "--date", "2026-03-08"], task_id
