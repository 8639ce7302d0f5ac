"""The notebooks' way into the lakehouse: a SparkSession configured exactly like the jobs'.

    import audience
    spark = audience.session()                 # same Delta, catalog, lakehouse as bin/audience
    spark.table("gold.user_features")          # tables by name
    jvm = spark._jvm                            # our jar's classes: jvm.fr.audience.clv.BgNbd(...)

The Spark settings are not re-derived here: ``bin/audience spark-conf`` prints the ones
``fr.audience.core.SparkSessions`` builds every job's session with, resolved from the same layered
configuration (reference.conf < conf/application.conf < conf/<env>.conf < --conf), and this module
applies them as they are. Our application jar (Delta included) goes on the driver's classpath.

The embedded Derby catalog admits one JVM at a time: while a notebook holds a session, jobs and
``bin/audience sql`` on the same lakehouse cannot open it, and the other way round. ``stop()`` (or
restarting the kernel) releases it.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_JAR = ROOT / "jobs" / "target" / "audience-jobs-app.jar"
LAUNCHER = ROOT / "bin" / "audience"

_settings: dict | None = None
_env: str | None = None
_overrides: tuple[str, ...] = ()


class AudienceError(RuntimeError):
    """A one-line "Cannot <do what>: <why>. <remedy>" error, as the jobs print."""


def spark_conf(env: str | None = None, conf: tuple[str, ...] | list[str] = ()) -> dict:
    """The jobs' resolved Spark settings and paths, from ``bin/audience spark-conf`` (builds the jar if needed).

    ``env`` defaults to AUDIENCE_ENV, as in ``session()``, so both describe the same session.
    """
    env = env or os.environ.get("AUDIENCE_ENV") or None
    args = [str(LAUNCHER), "spark-conf"]
    if env:
        args += ["--env", env]
    for pair in conf:
        args += ["--conf", pair]
    # Run from the project root: relative paths in the configuration (lakehouse, models) mean the
    # same folders as for bin/audience, whatever the notebook's working directory.
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise AudienceError(lines[-1] if lines else f"Cannot read the jobs' Spark settings: {args} exited {done.returncode}.")
    return json.loads(done.stdout)


def session(env: str | None = None, conf: tuple[str, ...] | list[str] = (), app_name: str = "notebook",
            driver_memory: str | None = None):
    """A SparkSession on the lakehouse of the given environment, configured like the jobs'.

    ``env`` and ``conf`` are the jobs' ``--env`` and ``--conf key=value``. The environment variables
    AUDIENCE_ENV and AUDIENCE_SPARK_MASTER, when set, choose the environment and the master.
    """
    from pyspark.sql import SparkSession

    global _settings, _env, _overrides
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    env = env or os.environ.get("AUDIENCE_ENV") or None
    settings = spark_conf(env, conf)
    if settings["catalog_type"] == "embedded":
        _check_metastore_free(Path(settings["metastore_path"]))
    if not APP_JAR.is_file():
        raise AudienceError(f"Cannot open a Spark session: {APP_JAR} is missing. Run: make build")

    java_options = [f"-Dderby.stream.error.file={settings.get('derby_log', '/tmp/audience-derby.log')}",
                    f"-Dlog4j.configurationFile={_log_conf()}"]
    builder = (SparkSession.builder.appName(app_name)
               .master(os.environ.get("AUDIENCE_SPARK_MASTER", settings["master"]))
               .config("spark.driver.memory", driver_memory or os.environ.get("AUDIENCE_DRIVER_MEMORY", "2g"))
               # On the driver's own classpath, so that py4j (spark._jvm) and the catalog see our
               # classes; spark.jars ships the same jar to executors on a cluster.
               .config("spark.driver.extraClassPath", str(APP_JAR))
               .config("spark.jars", str(APP_JAR))
               .config("spark.driver.extraJavaOptions", " ".join(java_options)))
    for key, value in settings["conf"].items():
        builder = builder.config(key, value)
    spark = builder.enableHiveSupport().getOrCreate()
    try:
        spark.catalog.listDatabases()
    except Exception as e:  # the catalog opens lazily: a locked metastore shows here
        spark.stop()
        if "XSDB6" in str(e) or "Another instance of Derby" in str(e):
            raise _locked(Path(settings["metastore_path"])) from None
        raise
    _settings, _env, _overrides = settings, env, tuple(conf)
    return spark


def stop() -> None:
    """Stops the notebook's session, releasing the embedded catalog for jobs and other notebooks."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def settings() -> dict:
    """The resolved settings the current session was opened with (lakehouse, models, conf, ...)."""
    if _settings is None:
        raise AudienceError("Cannot read the session's settings: no session yet. Call audience.session() first.")
    return _settings


def config(spark, *overrides: str):
    """The jobs' configuration (a Java com.typesafe.config.Config) for the session's environment.

    Extra ``key=value`` overrides apply on top, as ``--conf`` does: e.g.
    ``config(spark, "segments.k-min=6")``. Paths are pinned to the session's, so relative paths in
    the files resolve against the project root, not the notebook's folder.
    """
    s = settings()
    jvm = spark._jvm
    pinned = [f"audience.paths.lakehouse={s['lakehouse']}", f"audience.paths.models={s['models']}"]
    if s["catalog_type"] == "embedded":
        pinned.append(f"audience.catalog.metastore-path={s['metastore_path']}")
    conf_dir = jvm.java.nio.file.Path.of(os.environ.get("AUDIENCE_CONF_DIR", str(ROOT / "conf")),
                                         spark.sparkContext._gateway.new_array(jvm.java.lang.String, 0))
    return jvm.fr.audience.core.AppConfig.load(conf_dir, _env, [*pinned, *_overrides, *overrides])


def load_settings(spark, java_class, *overrides: str):
    """A job's settings record from the jobs' configuration, e.g.
    ``load_settings(spark, spark._jvm.fr.audience.segments.SegmentSettings, "segments.k-max=8")``
    (``from`` is a Python keyword, hence this helper)."""
    return getattr(java_class, "from")(config(spark, *overrides))


def require_tables(spark, *names: str, remedy: str) -> None:
    """Fails loudly, with the command that builds them, when any of the tables is missing."""
    missing = [n for n in names if not spark.catalog.tableExists(n)]
    if missing:
        lakehouse = _settings["lakehouse"] if _settings else "the lakehouse"
        raise AudienceError(f"Cannot read {', '.join(missing)}: not in the catalog of {lakehouse}. {remedy}")


def latest_date(spark, table: str, column: str = "as_of_date"):
    """The latest value of a date column (the partition the notebooks look at by default)."""
    value = spark.table(table).agg({column: "max"}).first()[0]
    if value is None:
        raise AudienceError(f"Cannot choose a date in {table}: the table is empty. Run the job that fills it.")
    return value


def dataframe(spark, jdf):
    """A Python DataFrame around a Java Dataset<Row> returned by our jar's code."""
    from pyspark.sql.classic.dataframe import DataFrame

    return DataFrame(jdf, spark)


def column(jcol):
    """A Python Column around a Java Column built by our jar's code (e.g. BgNbd.probabilityAliveColumn)."""
    from pyspark.sql.classic.column import Column

    return Column(jcol)


def _log_conf() -> Path:
    conf_dir = Path(os.environ.get("AUDIENCE_CONF_DIR", ROOT / "conf"))
    own = conf_dir / "log4j2.properties"
    return own if own.is_file() else ROOT / "conf" / "log4j2.properties"


def _check_metastore_free(metastore: Path) -> None:
    """Derby holds an OS lock on dbex.lck while a JVM has the catalog open: probe it before starting ours."""
    lock = metastore / "dbex.lck"
    if not lock.is_file():
        return
    try:
        with open(lock, "r+b") as f:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(f, fcntl.LOCK_UN)
    except OSError:
        raise _locked(metastore) from None


def _locked(metastore: Path) -> AudienceError:
    return AudienceError(
        f"Cannot open the catalog: the embedded Derby metastore {metastore} is in use by another JVM "
        "(a job, bin/audience sql, or another notebook's kernel; Derby admits one at a time). "
        "Wait for the job to end, or stop the other session (audience.stop() or restart its kernel), then retry.")
