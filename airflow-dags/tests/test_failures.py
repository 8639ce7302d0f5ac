"""How the DAGs' job tasks fail: the real jar through the real spark-submit. A job that refuses its input
is not retried, an infrastructure failure is, and the one-line error reaches the alert webhook (a local
HTTP server)."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest
from airflow.sdk.exceptions import AirflowException, AirflowFailException
from conftest import REPO

JAR = str(REPO / "jobs" / "target" / "audience-jobs-app.jar")


def ingest_task(tmp_path, jar: str = JAR):
    from audience_lakehouse import AudienceJobOperator

    return AudienceJobOperator(
        task_id="ingest",
        conn_id="spark_default",
        application=jar,
        java_class="fr.audience.Main",
        application_args=[
            "ingest",
            "--date",
            "2026-03-02",
            "--conf-dir",
            str(tmp_path / "no-conf"),
            "--conf",
            f"audience.paths.lakehouse={tmp_path}/lakehouse",
            "--conf",
            f"audience.paths.raw={tmp_path}/raw",
            "--conf",
            f"audience.catalog.metastore-path={tmp_path}/metastore_db",
        ],
    )


class _Webhook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Webhook.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Webhook.received = []
    monkeypatch.setenv("AIRFLOW_VAR_AUDIENCE_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/alerts")
    yield _Webhook.received
    server.shutdown()


def test_a_refused_input_fails_without_retry_and_its_one_line_reaches_the_webhook(tmp_path, webhook):
    from audience_lakehouse import DEFAULT_ARGS, notify_failure

    # No raw delivery for the date: the job refuses its input (exit code 3).
    with pytest.raises(AirflowFailException) as refused:
        ingest_task(tmp_path).execute({})
    message = str(refused.value)
    assert message.startswith("ingest refused its input, not retried: Cannot run ingest for 2026-03-02:")
    assert "\n" not in message

    assert DEFAULT_ARGS["on_failure_callback"] is notify_failure
    ti = SimpleNamespace(dag_id="audience_daily", task_id="ingest", run_id="scheduled__2026-03-02", try_number=1)
    notify_failure({"ti": ti, "exception": refused.value})
    assert webhook == [
        {
            "dag_id": "audience_daily",
            "task_id": "ingest",
            "run_id": "scheduled__2026-03-02",
            "try_number": 1,
            "error": message.split(": ", 1)[1],
        }
    ]


def test_an_infrastructure_failure_keeps_its_retries(tmp_path):
    # The application jar is missing: spark-submit itself fails, which a retry may cure.
    with pytest.raises(AirflowException) as failed:
        ingest_task(tmp_path, jar=str(tmp_path / "missing.jar")).execute({})
    assert not isinstance(failed.value, AirflowFailException)
    assert os.path.exists(JAR)


def test_a_missed_deadline_reaches_the_webhook(webhook):
    import asyncio

    from audience_lakehouse import notify_deadline_missed

    # The context the scheduler hands a deadline callback (airflow.models.deadline.Deadline.handle_miss).
    context = {
        "dag_run": {
            "dag_id": "audience_daily",
            "run_id": "scheduled__2026-03-02T00:00:00+00:00",
            "logical_date": "2026-03-02T00:00:00Z",
            "state": "running",
        },
        "deadline": {"id": "d1", "deadline_time": "2026-03-03T08:00:00+00:00"},
    }
    asyncio.run(notify_deadline_missed(context=context))
    assert webhook == [
        {
            "dag_id": "audience_daily",
            "task_id": None,
            "run_id": "scheduled__2026-03-02T00:00:00+00:00",
            "try_number": None,
            "error": "Cannot publish the KPIs of 2026-03-02 by 2026-03-03T08:00:00+00:00: the run has not succeeded "
            "(state running). Look at its failed or waiting task.",
        }
    ]
