"Each notebook in `nbs/` is one test: its cells run top to bottom with nbdev's own test runner."
import multiprocessing
from pathlib import Path
import pytest
import nbdev.test as nbdev_test  # the module, not `test_nb`, or pytest would collect it as a test
from nbdev.config import get_config
from nbdev.doclinks import nbglob

cfg = get_config(path=Path(__file__).parent.parent)
notebooks = sorted(nbglob(cfg.config_path/cfg.nbs_path, as_path=True))

def test_notebooks_found():
    assert len(notebooks) >= 3, f"expected the notebooks in {cfg.nbs_path}, found {notebooks}"

def _run(notebook: Path, force_flags: list, result):
    passed, _ = nbdev_test.test_nb(notebook, skip_flags=cfg.tst_flags.split(),
                                   force_flags=force_flags, basepath=cfg.config_path)
    result.send(passed)

@pytest.mark.parametrize('notebook', notebooks, ids=[nb.stem for nb in notebooks])
def test_notebook(notebook: Path, force_flags):
    # A fresh (forked) process per notebook, as nbdev_test does:
    # no RNG or other global state leaks between notebooks.
    ctx = multiprocessing.get_context('fork')
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_run, args=(notebook.absolute(), force_flags, send))
    child.start(); child.join()
    passed = receive.recv() if receive.poll() else False
    assert passed, f"{notebook.name} failed (traceback above; exit code {child.exitcode})"
