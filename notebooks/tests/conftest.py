"""Which lakehouse the notebooks run on.

By default the demo's (lakehouse/, which make notebooks builds with make demo when it is missing).
make test sets AUDIENCE_NOTEBOOKS_LAKEHOUSE to the folder the Java suite generated the same demo
dataset into (jobs/target/generated-lakehouse: the lakehouse and its catalog), so the dataset is
generated once: a configuration overlay points the notebooks' sessions there. The Java suite trains
a churn model on that lakehouse and scores its last date, as make demo does.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent.parent
ROOT = HERE.parent
# The tests import the helper the notebooks import.
sys.path.insert(0, str(HERE))

ENV_NAME = "generated-lakehouse"


@pytest.fixture(scope="session", autouse=True)
def generated_lakehouse(tmp_path_factory):
    """Points the notebooks at AUDIENCE_NOTEBOOKS_LAKEHOUSE when it is set."""
    folder = os.environ.get("AUDIENCE_NOTEBOOKS_LAKEHOUSE")
    if not folder:
        yield None
        return
    folder = Path(folder)
    lakehouse = folder / "lakehouse"
    if not (lakehouse / "gold.db" / "churn_scores").is_dir():
        pytest.fail(f"Cannot run the notebooks on {folder}: it holds no churn scores. Run the Java suite first "
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
        yield folder
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
