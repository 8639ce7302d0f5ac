"""Real services for the S3 and cluster tests, each in its own process and stopped even when a test
fails: moto's S3 server over HTTP, a Spark standalone master with two workers (PySpark's own Spark
4.1.0 jars and bin/spark-class), and the jar run through bin/audience and spark-submit."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
# PySpark's package folder is a Spark distribution (jars/, bin/spark-class); its scripts need SPARK_HOME.
SPARK_HOME = Path(__import__("pyspark").__file__).parent
JAR = REPO / "jobs/target/audience-jobs-app.jar"
S3A_JARS = REPO / "jobs/target/s3a-jars"
DATE = "2026-03-02"
BUCKET = "lake"
# The daily jobs that have something to do on a one-day sample (clv needs months of history).
JOBS = "audience.pipeline.jobs=[ingest,sessionize]"
TABLES = ["bronze.events", "bronze.access_log", "bronze.quarantine", "silver.events", "silver.sessions",
          "silver.user_daily", "silver.identity_map", "silver.subscriptions", "silver.transactions"]
# Order-independent content checksum of a table whose rows carry no run id or file path.
CHECKSUM_TABLE = "silver.sessions"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, ready, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.3)
    raise AssertionError(f"{what} did not come up within {timeout:.0f} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except Exception as e:  # noqa: BLE001 - any HTTP answer, even an error status, means it is up
        return hasattr(e, "code")


class Processes:
    """Background processes, each in its own process group, all killed at the end."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: list[subprocess.Popen] = []

    def start(self, name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        self.running.append(p)
        return p

    def stop_all(self) -> None:
        for p in reversed(self.running):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in reversed(self.running):
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


@pytest.fixture(scope="session")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="audience-cluster-tests-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def processes(workdir):
    logs = workdir / "logs"
    logs.mkdir()
    procs = Processes(logs)

    def stop_then_exit(signum, frame):  # a CI timeout's SIGTERM would otherwise skip the teardown below
        procs.stop_all()
        os._exit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop_then_exit)
    try:
        yield procs
    finally:
        procs.stop_all()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def s3(processes):
    """moto's S3 server on a free port, with an empty bucket."""
    port = free_port()
    p = processes.start("moto", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], base_env())
    endpoint = f"http://127.0.0.1:{port}"
    wait_for("moto_server", lambda: p.poll() is None and answers(endpoint))
    client = s3_client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    return endpoint


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
                        region_name="us-east-1")


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "AUDIENCE_", "SPARK_", "PYSPARK_", "HADOOP_"))}
    env.update(SPARK_LOCAL_IP="127.0.0.1", SPARK_HOME=str(SPARK_HOME), PATH=f"{VENV_BIN}{os.pathsep}{os.environ['PATH']}",
               AUDIENCE_JAVA_OPTS="-Xmx2g")
    return env


def s3_env(endpoint: str, prefix: str) -> dict[str, str]:
    env = base_env()
    env.update(AUDIENCE_S3_ENDPOINT=endpoint, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
               AUDIENCE_LAKEHOUSE=f"s3a://{BUCKET}/{prefix}/lakehouse", AUDIENCE_RAW=f"s3a://{BUCKET}/raw",
               AUDIENCE_MODELS=f"s3a://{BUCKET}/{prefix}/models")
    return env


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def run(cmd: list[str], env: dict[str, str], timeout: float = 600) -> Run:
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False,
                          start_new_session=True)
    return Run(done.returncode, done.stdout, done.stderr, time.monotonic() - start)


def ok(r: Run, what: str) -> Run:
    assert r.returncode == 0, f"{what} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}"
    return r


def audience(*args: str, env: dict[str, str]) -> Run:
    return run([str(REPO / "bin/audience"), *args], env)


def metastore_conf(folder: Path) -> list[str]:
    """The run's own embedded catalog, and the small Spark of the project's tests (local[2] unless submitted)."""
    return ["--conf", f"audience.catalog.metastore-path={folder / 'metastore_db'}",
            "--conf", "audience.spark.master=local[2]", "--conf", "audience.spark.shuffle-partitions=2"]


def table_summary(env: dict[str, str], extra: list[str]) -> dict[str, str]:
    """Row count of every table and the checksum of CHECKSUM_TABLE, in one JVM."""
    parts = [f"SELECT '{t}' AS name, CAST(count(*) AS STRING) AS value FROM {t}" for t in TABLES]
    parts.append(f"SELECT 'checksum {CHECKSUM_TABLE}', CAST(sum(CAST(xxhash64(*) AS DECIMAL(38,0))) AS STRING) "
                 f"FROM {CHECKSUM_TABLE}")
    parts.append("SELECT concat('runs ', status), CAST(count(*) AS STRING) FROM ops.job_runs GROUP BY status")
    r = ok(audience("sql", "--csv", " UNION ALL ".join(parts), *extra, env=env), "sql summary")
    return {row["name"]: row["value"] for row in csv.DictReader(io.StringIO(r.stdout))}


@pytest.fixture(scope="session")
def raw(workdir, s3):
    """A one-day sample generated locally, uploaded to s3a://lake/raw/ (the collectors' drop zone)."""
    out = workdir / "raw"
    ok(audience("generate", "--users", "300", "--days", "1", "--start-date", DATE, "--seed", "11",
                "--history-months", "1", "--out", str(out), env=base_env()), "generate")
    client = s3_client(s3)
    for path in sorted(out.rglob("*")):
        if path.is_file() and "_truth" not in path.parts:
            client.upload_file(str(path), BUCKET, "raw/" + path.relative_to(out).as_posix())
    return out


@pytest.fixture(scope="session")
def local_summary(workdir, raw):
    """The same date run in local mode on a local lakehouse: what S3 and the cluster must reproduce."""
    lake = workdir / "local"
    env = base_env()
    env.update(AUDIENCE_LAKEHOUSE=str(lake / "lakehouse"), AUDIENCE_RAW=str(raw),
               AUDIENCE_MODELS=str(lake / "models"))
    extra = ["--conf", JOBS, *metastore_conf(lake)]
    ok(audience("run", "--date", DATE, *extra, env=env), "local run")
    return table_summary(env, metastore_conf(lake))


@pytest.fixture(scope="session")
def spark_cluster(processes, workdir):
    """A standalone master and two workers (1 core, 1 GB each), separate JVMs of PySpark's Spark."""
    env = base_env()
    env["SPARK_WORKER_DIR"] = str(workdir / "work")
    port, ui = free_port(), free_port()
    master = f"spark://127.0.0.1:{port}"
    processes.start("master", [str(SPARK_HOME / "bin/spark-class"), "org.apache.spark.deploy.master.Master",
                               "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui)], env)
    wait_for("Spark master", lambda: answers(f"http://127.0.0.1:{ui}/json/"))
    for i in (1, 2):
        processes.start(f"worker{i}", [str(SPARK_HOME / "bin/spark-class"), "org.apache.spark.deploy.worker.Worker",
                                       "--cores", "1", "--memory", "1g", "--host", "127.0.0.1",
                                       "--webui-port", str(free_port()), master], env)

    def two_workers() -> bool:
        import json

        with urllib.request.urlopen(f"http://127.0.0.1:{ui}/json/", timeout=2) as r:
            return sum(w["state"] == "ALIVE" for w in json.load(r)["workers"]) == 2

    wait_for("two Spark workers", two_workers)
    return master
