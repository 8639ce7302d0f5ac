"""What the Audience Lakehouse DAGs share: every job and how it becomes a spark-submit task, which
date it processes, where the raw input is awaited, and the lakehouse tables as Assets. The job and
table names come from names.py, written from the jobs' own constants.

Nothing here reads a Variable, a connection or a file when imported: every setting is a Jinja
template rendered when a task runs, so parsing a DAG file stays cheap and offline.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import Asset, Param, Variable
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from audience_lakehouse import names

# The tables `kpi` publishes, as the DAGs' tests have always imported them.
from audience_lakehouse.names import KPI_TABLES as KPI_TABLES

# The repository this folder lives in: the Variables' defaults point into it, so a clone runs as it is.
REPO = Path(__file__).resolve().parents[2]

MAIN_CLASS = "fr.audience.Main"
SPARK_CONN_ID = "spark_default"
# One slot: a single job writes to the lakehouse at a time, whichever DAG runs it (the embedded
# catalog admits one JVM at a time, and sessionize re-publishes the previous day).
POOL = "audience_lakehouse"

DEFAULT_JAR = str(REPO / "jobs" / "target" / "audience-jobs-app.jar")
DEFAULT_CONF_DIR = str(REPO / "conf")
DEFAULT_RAW = str(REPO / "lakehouse" / "raw")
DEFAULT_ENV = "dev"

# Settings rendered when a task runs (Variables with defaults, a run's Params winning over them).
JAR = "{{ var.value.get('audience_jar', audience_defaults.jar) }}"
CONF_DIR = "{{ var.value.get('audience_conf_dir', audience_defaults.conf_dir) }}"
RAW = "{{ var.value.get('audience_raw', audience_defaults.raw) }}"
ENV = "{{ params.env or var.value.get('audience_env', audience_defaults.env) }}"
AWS_CONN_ID = "{{ var.value.get('audience_aws_conn_id', 'aws_default') }}"


def run_date_template(offset_days: int = 0) -> str:
    """The date a task processes, as a template (see run_date)."""
    return "{{ audience_run_date(params, dag_run, " + str(offset_days) + ") }}"


def run_date(params, dag_run, offset_days: int = 0) -> str:
    """The date to process: the run's `date` Param when given, else its logical date + offset_days.

    Airflow 3 allows runs without a logical date (a manual trigger may leave it out); such a run
    must name its date, because a job never guesses "today".
    """
    if params.get("date"):
        return _parse_date(params["date"]).isoformat()
    logical = getattr(dag_run, "logical_date", None)
    if logical is None:
        raise ValueError(
            "Cannot choose the date to process: this run has no logical date and no 'date' param. "
            'Trigger it with a logical date, or with the param {"date": "YYYY-MM-DD"}.'
        )
    return (logical.astimezone(UTC).date() + timedelta(days=offset_days)).isoformat()


def _parse_date(value: str) -> date:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"Cannot read the 'date' param: {value!r} is not a date. Give it as YYYY-MM-DD.") from None


@dataclass(frozen=True)
class Defaults:
    jar: str = DEFAULT_JAR
    conf_dir: str = DEFAULT_CONF_DIR
    raw: str = DEFAULT_RAW
    env: str = DEFAULT_ENV


MACROS = {"audience_run_date": run_date, "audience_defaults": Defaults()}

PARAMS = {
    "date": Param(
        None,
        type=["null", "string"],
        format="date",
        description="Date to process (YYYY-MM-DD); empty = the run's logical date.",
    ),
    "env": Param(
        None,
        type=["null", "string"],
        description="Config overlay conf/<env>.conf; empty = Variable audience_env (default dev).",
    ),
}

# The jobs' exit code when they refuse their input (Errors.EXIT_REFUSED_INPUT): incomplete, corrupt or
# too bad, or its upstream not published. Running the job again unchanged fails the same way.
REFUSED_INPUT_EXIT_CODE = 3

# Variable holding the URL a failed task's one-line error is posted to (JSON); unset = log only.
ALERT_WEBHOOK_VARIABLE = "audience_alert_webhook"

log = logging.getLogger(__name__)


def one_line_error(exception: BaseException | None) -> str:
    """The job's own one-line error ("Cannot ...") when the failure carries it, else the first line."""
    text = str(exception or "unknown failure")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        if "Cannot " in line:
            return line[line.index("Cannot ") :]
    return lines[0] if lines else text


def notify_failure(context) -> None:
    """on_failure_callback: post the failed task's one-line error to the webhook Variable, if set."""
    ti = context["ti"]
    message = {
        "dag_id": ti.dag_id,
        "task_id": ti.task_id,
        "run_id": ti.run_id,
        "try_number": ti.try_number,
        "error": one_line_error(context.get("exception")),
    }
    post_alert(message)


DEFAULT_ARGS = {
    "owner": "audience-data",
    # Infrastructure failures (a lost executor, a full disk) are retried; a refused input is not
    # (AudienceJobOperator).
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=3),
    "on_failure_callback": notify_failure,
}


def table(name: str) -> Asset:
    """A lakehouse table (database.table) as an Asset that downstream DAGs can be scheduled on."""
    database, _, short = name.partition(".")
    return Asset(name=name, uri=f"audience://{database}/{short}", group="audience-lakehouse")


@dataclass(frozen=True)
class Job:
    """A job of the jar: its name (names.py), its command (e.g. ("segment", "assign")) and the tables
    it publishes."""

    name: str
    command: tuple[str, ...]
    outlets: tuple[str, ...] = field(default=())
    # A scoring job fails without a model, unless told to skip the dates no model was trained for yet.
    needs_model: bool = False


# Every job a DAG runs, by name.
JOBS = {
    job.name: job
    for job in (
        # Late files and dates marked for re-processing, before the day's own jobs (docs/airflow.md).
        Job(names.CATCH_UP, ("catch-up",)),
        Job(names.INGEST, ("ingest",), ("bronze.events", "bronze.access_log", "bronze.quarantine")),
        Job(
            names.SESSIONIZE,
            ("sessionize",),
            (
                "silver.events",
                "silver.sessions",
                "silver.user_daily",
                "silver.identity_map",
                "silver.subscription_events",
                "silver.subscriptions",
                "silver.transactions",
            ),
        ),
        Job(names.FEATURES, ("features",), ("gold.user_features",)),
        Job(names.SEGMENT_ASSIGN, ("segment", "assign"), ("gold.segments", "gold.segment_profiles"), needs_model=True),
        Job(names.CLV, ("clv",), ("gold.clv_params", "gold.clv_customer")),
        Job(names.CHURN_SCORE, ("churn", "score"), ("gold.churn_scores",), needs_model=True),
        Job(names.KPI, ("kpi",), names.KPI_TABLES),
        Job(names.REPORT, ("report",)),
        Job(names.SEGMENT_TRAIN, ("segment", "train"), ("models.segments",)),
        Job(names.CHURN_TRAIN, ("churn", "train"), ("models.churn",)),
    )
}


class AudienceJobOperator(SparkSubmitOperator):
    """spark-submit of one job of the jar. A job that refused its input (exit code 3) fails at once,
    without retries, with the job's one-line error; any other failure keeps the task's retries."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as failure:
            process = getattr(getattr(self, "_hook", None), "_submit_sp", None)
            if process is not None and process.returncode == REFUSED_INPUT_EXIT_CODE:
                raise AirflowFailException(
                    f"{self.task_id} refused its input, not retried: {one_line_error(failure)}"
                ) from failure
            raise


def spark_job(job: Job, offset_days: int = 0, skip_without_model: bool = False) -> SparkSubmitOperator:
    """spark-submit of the application jar running one job for the run's date; with skip_without_model,
    a scoring job skips, saying so, the dates no model was trained for yet."""
    command = [*job.command, "--skip-without-model"] if skip_without_model and job.needs_model else list(job.command)
    return AudienceJobOperator(
        task_id=job.name,
        conn_id=SPARK_CONN_ID,
        application=JAR,
        java_class=MAIN_CLASS,
        name=f"audience-{job.name}",
        application_args=[
            *command,
            "--date",
            run_date_template(offset_days),
            "--env",
            ENV,
            "--conf-dir",
            CONF_DIR,
            "--conf",
            "audience.paths.raw=" + RAW,
        ],
        pool=POOL,
        outlets=[table(name) for name in job.outlets],
        doc_md=f"`{' '.join(command)}` for the run's date; publishes {', '.join(job.outlets) or 'nothing'}.",
    )


def previous_day_done(context) -> bool:
    """True once the DAG's run of the day before has succeeded, or when there is no such run (the
    first day of a deployment or of a backfill): a day never builds on a day that failed.

    A run without a logical date (a manual run naming its date) does not wait: its trigger chose it."""
    ti, dag_run = context["ti"], context["dag_run"]
    logical = getattr(dag_run, "logical_date", None)
    if logical is None:
        return True
    previous = [logical - timedelta(days=1)]
    if ti.get_dr_count(dag_id=ti.dag_id, logical_dates=previous) == 0:
        return True
    return ti.get_dr_count(dag_id=ti.dag_id, logical_dates=previous, states=["success"]) > 0


# When the KPIs of a day must be published: 08:00 UTC the next morning, as logical date (the day's
# start) + 32 h. The deadline alert posts to the webhook when the run has not succeeded by then.
KPI_DEADLINE = timedelta(days=1, hours=8)


async def notify_deadline_missed(context=None, **kwargs) -> None:
    """Deadline alert callback (runs in the triggerer): post that a day's run missed its deadline."""
    run = (context or {}).get("dag_run") or {}
    deadline = (context or {}).get("deadline") or {}
    message = {
        "dag_id": run.get("dag_id"),
        "task_id": None,
        "run_id": run.get("run_id"),
        "try_number": None,
        "error": (
            f"Cannot publish the KPIs of {str(run.get('logical_date', '?'))[:10]} by "
            f"{deadline.get('deadline_time', '?')}: the run has not succeeded (state {run.get('state', '?')}). "
            "Look at its failed or waiting task."
        ),
    }
    post_alert(message)


def post_alert(message: dict) -> None:
    """Posts an alert (JSON) to the webhook Variable, if set; logs it either way."""
    url = Variable.get(ALERT_WEBHOOK_VARIABLE, default=None)
    if not url:
        log.warning("Alert (no %s Variable, not posted): %s", ALERT_WEBHOOK_VARIABLE, message["error"])
        return
    request = urllib.request.Request(
        url, data=json.dumps(message).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10):
            pass
    except OSError as e:
        # An unreachable webhook must not hide the failure it reports.
        log.error("Cannot post an alert to %s: %s (%s)", url, e, message["error"])


# The file a collector writes last in a delivery folder (DeliveryManifest.FILE, docs/raw-formats.md).
MANIFEST = "_MANIFEST"


def raw_delivered(raw: str, day: str, aws_conn_id: str) -> bool:
    """True once both raw feeds of `day` are complete: each folder under `raw` (local path or s3://,
    s3a://) holds its manifest, which the collector writes after the files it lists."""
    manifests = [f"{raw.rstrip('/')}/{feed}/event_date={day}/{MANIFEST}" for feed in ("events", "access")]
    if raw.startswith(("s3://", "s3a://")):
        # Imported here: only S3 deployments need the Amazon provider.
        from airflow.providers.amazon.aws.hooks.s3 import S3Hook

        hook = S3Hook(aws_conn_id=aws_conn_id)
        found = []
        for manifest in manifests:
            bucket, key = S3Hook.parse_s3_url("s3://" + manifest.split("://", 1)[1])
            found.append(hook.check_for_key(key, bucket_name=bucket))
        return all(found)
    return all(Path(manifest).is_file() for manifest in manifests)
