"""The notebooks are committed clean and run, top to bottom, against the demo lakehouse.

make notebooks runs this file with .venv/python's Python after make demo built lakehouse/; make test
runs it on the demo dataset the Java suite generated (conftest.py). Each notebook runs in a fresh
kernel, one after the other: the embedded catalog admits one JVM.
"""

import fcntl
import multiprocessing
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(HERE.glob("[0-9][0-9]_*.ipynb"))
# A cell waits this long at most; the slowest (segment refit) takes well under a minute on 2 cores.
CELL_TIMEOUT_SECONDS = int(os.environ.get("NOTEBOOK_CELL_TIMEOUT", "600"))


def test_every_expected_notebook_is_there():
    names = [p.stem for p in NOTEBOOKS]
    assert names == ["00_getting_started", "01_audience_overview", "02_segments", "03_churn", "04_clv"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    dirty = [i for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (f"{path.name} was saved with outputs or execution counts in cells {dirty}: "
                       f"clear them (Jupyter: Edit > Clear Outputs of All Cells) before committing")


def _hold_lock(path, ready, release):
    with open(path, "r+b") as f:
        fcntl.lockf(f, fcntl.LOCK_EX)
        ready.set()
        release.wait(30)


def test_a_taken_catalog_is_a_one_line_error(tmp_path, monkeypatch):
    """Derby locks dbex.lck while a JVM has the catalog; the helper must say so before starting Spark."""
    import audience

    metastore = tmp_path / "metastore_db"
    metastore.mkdir()
    (metastore / "dbex.lck").write_bytes(b"")
    monkeypatch.setattr(audience, "spark_conf", lambda env=None, conf=(): {
        "catalog_type": "embedded", "metastore_path": str(metastore), "master": "local[1]", "conf": {}})
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(metastore / "dbex.lck", ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(audience.AudienceError, match=r"^Cannot open the catalog: the embedded Derby metastore .* is in use by another JVM"):
            audience.session()
    finally:
        release.set()
        holder.join()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_without_error(path):
    nb = nbformat.read(path, as_version=4)
    # Raises CellExecutionError, with the failing cell and its traceback, on the first error.
    NotebookClient(nb, timeout=CELL_TIMEOUT_SECONDS, kernel_name="python3",
                   resources={"metadata": {"path": str(HERE)}}).execute()
