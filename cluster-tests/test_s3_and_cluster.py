"""The daily pipeline with raw input and lakehouse on S3 (moto's server over HTTP), in local mode and
on a Spark standalone cluster, compared with the same date run on the local file system; and the
one-line errors of a wrong endpoint or missing credentials."""

from __future__ import annotations

import pytest
from conftest import (DATE, JAR, JOBS, REPO, S3A_JARS, audience, metastore_conf, ok, run, s3_env,
                      table_summary)


@pytest.mark.slow
def test_pipeline_on_s3_matches_local_and_a_rerun_on_the_standalone_cluster_changes_nothing(
        s3, raw, local_summary, spark_cluster, workdir):
    """The date runs on S3 in local mode, then again on the standalone cluster over the same lakehouse:
    the first run must give the local file system's tables, and the re-run, done by executors on two
    workers, must leave them as they were (a re-run replaces the date, and the cluster computes what
    local mode computes)."""
    env = s3_env(s3, "s3")
    meta = metastore_conf(workdir / "s3")
    ok(audience("run", "--date", DATE, "--conf", JOBS, "--env", "s3-compatible", *meta, env=env), "run on S3")
    first = table_summary(env, ["--env", "s3-compatible", *meta])

    submitted = ok(run([
        "spark-submit", "--master", spark_cluster, "--deploy-mode", "client",
        "--driver-memory", "2g", "--executor-memory", "1g", "--executor-cores", "1", "--total-executor-cores", "2",
        "--jars", ",".join(str(j) for j in sorted(S3A_JARS.glob("*.jar"))),
        "--class", "fr.audience.Main", str(JAR),
        "run", "--date", DATE, "--env", "s3-compatible", "--conf-dir", str(REPO / "conf"), "--conf", JOBS, *meta,
    ], env), "re-run by spark-submit to the standalone cluster")
    # The work was done by executors on the two workers (1 core each), not by a local master in the driver.
    assert submitted.stderr.count("Granted executor ID") == 2, submitted.stderr[-3000:]
    second = table_summary(env, ["--env", "s3-compatible", *meta])

    assert int(first["silver.sessions"]) > 100, first
    assert first.pop("runs SUCCEEDED") == "2"
    assert second.pop("runs SUCCEEDED") == "4"
    local = dict(local_summary)
    local.pop("runs SUCCEEDED")
    assert first == local, "S3 and the local file system give different tables"
    assert second == first, "the re-run of the date on the cluster changed the tables"


def one_line_error(r) -> str:
    assert r.returncode == 1, f"expected failure, got {r.returncode}:\n{r.stderr[-3000:]}"
    lines = [line for line in r.stderr.splitlines() if line.startswith("Cannot ")]
    assert len(lines) == 1, r.stderr[-3000:]
    assert "Exception" not in r.stderr.split(lines[0])[1], "a stack trace follows the one-line error"
    return lines[0]


def test_wrong_endpoint_is_a_one_line_error_naming_the_setting(s3, workdir):
    env = s3_env("http://127.0.0.1:9", "nowhere")
    r = audience("ingest", "--date", DATE, "--env", "s3-compatible", *metastore_conf(workdir / "bad"), env=env)
    line = one_line_error(r)
    assert line.startswith("Cannot reach s3a://lake/nowhere/lakehouse: no S3 service answered at http://127.0.0.1:9")
    assert "audience.s3.endpoint" in line and "AUDIENCE_S3_ENDPOINT" in line
    assert r.seconds < 60, f"took {r.seconds:.0f} s: retries were not bounded"


def test_missing_credentials_is_a_one_line_error_naming_the_variables(s3, workdir):
    env = s3_env(s3, "nocreds")
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    r = audience("ingest", "--date", DATE, "--env", "s3-compatible", *metastore_conf(workdir / "bad"), env=env)
    line = one_line_error(r)
    assert line.startswith("Cannot reach s3a://lake/nocreds/lakehouse: no AWS credentials were found.")
    assert "AWS_ACCESS_KEY_ID" in line and "audience.s3.access-key" in line
    assert r.seconds < 60, f"took {r.seconds:.0f} s: retries were not bounded"


def test_the_app_jar_carries_no_aws_sdk_and_the_s3a_jars_no_bundle():
    import zipfile

    with zipfile.ZipFile(JAR) as jar:
        names = jar.namelist()
    assert not any(n.startswith(("software/amazon/", "org/apache/hadoop/fs/s3a/")) for n in names)
    jars = {j.name for j in S3A_JARS.glob("*.jar")}
    assert any(j.startswith("hadoop-aws-3.4.2") for j in jars) and any(j.startswith("s3-2.") for j in jars)
    assert not any(j.startswith("bundle-") for j in jars)
    assert sum(j.stat().st_size for j in S3A_JARS.glob("*.jar")) < 30_000_000
