"""Real Airflow for the tests: a throw-away AIRFLOW_HOME with a migrated SQLite database, set up
before Airflow is first imported, and the DAGs of this folder serialized into it."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1]
REPO = DAGS.parent
VENV_BIN = Path(sys.executable).parent

# Airflow reads its home and settings when first imported, so this happens at collection time.
_HOME = Path(tempfile.mkdtemp(prefix="airflow-home-"))
for name in [n for n in os.environ if n.startswith(("AIRFLOW_VAR_AUDIENCE_", "AIRFLOW_CONN_", "AIRFLOW__"))]:
    del os.environ[name]
os.environ.update(
    AIRFLOW_HOME=str(_HOME),
    AIRFLOW__CORE__DAGS_FOLDER=str(DAGS),
    AIRFLOW__CORE__LOAD_EXAMPLES="False",
    AIRFLOW_CONN_SPARK_DEFAULT='{"conn_type": "spark", "host": "local[2]"}',
    # spark-submit comes with PySpark in this venv.
    PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
)


def airflow_cli(*args: str) -> str:
    done = subprocess.run(
        [str(VENV_BIN / "airflow"), *args], capture_output=True, text=True, env=os.environ.copy(), check=False
    )
    assert done.returncode == 0, f"airflow {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def airflow_db():
    """A migrated metadata database holding the serialized DAGs and the lakehouse pool."""
    airflow_cli("db", "migrate")
    airflow_cli("dags", "reserialize")
    airflow_cli("pools", "set", "audience_lakehouse", "1", "One writer on the lakehouse at a time")
    yield _HOME
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def rendered_command(dagbag, dag_id: str, task_id: str, run_id: str) -> list[str]:
    """The spark-submit command line a task of an existing run would execute, templates rendered
    from that run and the current Variables and connection (the steps of `airflow tasks render`)."""
    from airflow.cli.commands.task_command import _get_template_context, _get_ti
    from airflow.utils.cli import get_db_dag

    ti, _ = _get_ti(
        get_db_dag(None, dag_id).get_task(task_id), -1, logical_date_or_run_id=run_id, create_if_necessary="memory"
    )
    # Rendering replaces the templates on the task: render a copy so the DAG can be rendered again.
    task = copy.deepcopy(dagbag.dags[dag_id]).get_task(task_id)
    context = _get_template_context(ti, task)
    context["task"].render_template_fields(context)
    task = context["task"]
    return task._get_hook()._build_spark_submit_command(task.application)
