"""Which lakehouse the notebooks run on.

By default the demo's (lakehouse/, which make notebooks builds with make demo when it is missing).
make test sets AUDIENCE_NOTEBOOKS_LAKEHOUSE to the folder the Java suite generated the same demo
dataset into (jobs/target/generated-lakehouse: the lakehouse and its catalog), so the dataset is
generated once: a configuration overlay points the notebooks' sessions there, and the churn model,
which no Java test trains on that lakehouse, is trained and scored first, as make demo would.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent
# The tests import the helper the notebooks import.
sys.path.insert(0, str(HERE))

ENV_NAME = "generated-lakehouse"


def _audience(*args: str) -> str:
    done = subprocess.run([str(ROOT / "bin" / "audience"), *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, f"bin/audience {' '.join(args[:2])} failed:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="session", autouse=True)
def generated_lakehouse(tmp_path_factory):
    """Points the notebooks at AUDIENCE_NOTEBOOKS_LAKEHOUSE when it is set, with a churn model scored."""
    folder = os.environ.get("AUDIENCE_NOTEBOOKS_LAKEHOUSE")
    if not folder:
        yield None
        return
    folder = Path(folder)
    lakehouse = folder / "lakehouse"
    if not (lakehouse / "gold.db").is_dir():
        pytest.fail(f"Cannot run the notebooks on {folder}: it holds no gold tables. Run the Java suite first "
                    f"(bin/test-suites builds it), or unset AUDIENCE_NOTEBOOKS_LAKEHOUSE to use lakehouse/.")
    conf = tmp_path_factory.mktemp("conf")
    shutil.copytree(ROOT / "conf", conf, dirs_exist_ok=True)
    (conf / f"{ENV_NAME}.conf").write_text(
        "audience {\n"
        f'  paths.lakehouse = "{lakehouse}"\n'
        f'  paths.raw = "{lakehouse}/raw"\n'
        f'  paths.models = "{lakehouse}/models"\n'
        f'  report.root = "{lakehouse}/reports"\n'
        f'  catalog.metastore-path = "{folder}/metastore_db"\n'
        "  spark.master = \"local[2]\"\n"
        "  spark.shuffle-partitions = 2\n"
        "}\n",
        encoding="utf-8",
    )
    saved = {k: os.environ.get(k) for k in ("AUDIENCE_CONF_DIR", "AUDIENCE_ENV")}
    os.environ.update(AUDIENCE_CONF_DIR=str(conf), AUDIENCE_ENV=ENV_NAME)  # the kernels inherit them
    try:
        settings = ["--env", ENV_NAME]
        last = _audience("sql", "--csv", "SELECT max(as_of_date) AS d FROM gold.user_features", *settings)
        date = last.strip().splitlines()[-1].strip()
        # The demo's churn training (Demo.trainAndScore): 35 days hold no weekly snapshots, so daily ones.
        step = _demo_snapshot_step()
        _audience("churn", "train", "--date", date, "--conf", f"audience.churn.snapshot-step-days={step}", *settings)
        _audience("churn", "score", "--date", date, *settings)
        yield folder
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _demo_snapshot_step() -> str:
    """audience.demo.churn-snapshot-step-days from reference.conf, the value make demo trains with."""
    text = (ROOT / "jobs/src/main/resources/reference.conf").read_text(encoding="utf-8")
    demo = text[text.index("\n  demo {"):]
    line = next(line for line in demo.splitlines() if line.strip().startswith("churn-snapshot-step-days"))
    return line.split("=", 1)[1].split("#")[0].strip()
