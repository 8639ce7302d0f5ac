"""A day waits for the day before: real Airflow runs of the daily DAG (dag.test), with the sensors'
intervals cut to a second and every job marked done without running, so only the waiting is tested."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

DAY_BEFORE = datetime(2026, 3, 2, tzinfo=UTC)
DAY = datetime(2026, 3, 3, tzinfo=UTC)
# Every task but the two sensors is marked successful instead of run (no jar, no Spark).
ONLY_SENSORS = r"(?!wait_for_).*"


@pytest.fixture
def daily(airflow_db, tmp_path, monkeypatch):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import DagRun
    from airflow.utils.session import create_session
    from conftest import DAGS
    from sqlalchemy import select

    with create_session() as session:
        for run in session.scalars(select(DagRun).where(DagRun.dag_id == "audience_daily")):
            session.delete(run)
    # No raw delivery arrives: wait_for_raw gives up after its (cut) timeout.
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_RAW", str(tmp_path / "raw"))
    dag = DagBag(dag_folder=str(DAGS)).dags["audience_daily"]
    for task in dag.tasks:
        task.retries = 0
        if task.task_id.startswith("wait_for_"):
            task.poke_interval = 1
            task.timeout = 3
    return dag


def states(run) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}


def test_a_day_waits_until_the_day_before_has_succeeded(daily):
    from airflow.models import DagRun
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState

    # The first day of a deployment has no day before: it does not wait (its raw input never comes).
    first = daily.test(logical_date=DAY_BEFORE, mark_success_pattern=ONLY_SENSORS)
    assert states(first)["wait_for_previous_day"] == "success"
    assert states(first)["wait_for_raw"] == "failed"
    assert first.state == DagRunState.FAILED

    # The next day waits for it, and gives up while it stays failed: none of its jobs runs.
    second = daily.test(logical_date=DAY, mark_success_pattern=ONLY_SENSORS)
    assert states(second)["wait_for_previous_day"] == "failed"
    assert states(second)["catch-up"] == "upstream_failed"
    assert second.state == DagRunState.FAILED

    # Once the day before has succeeded (cleared and run again, here set), the day goes on.
    with create_session() as session:
        run = session.get(DagRun, first.id)
        run.state = DagRunState.SUCCESS
    third = daily.test(logical_date=DAY, mark_success_pattern=ONLY_SENSORS)
    assert states(third)["wait_for_previous_day"] == "success"
