#!/usr/bin/env python
"""Execute notebooks in place so their outputs (figures, tables, printed numbers) \
are stored for the docs.

Cells are skipped exactly as the tests skip them: `#| eval: false` and cells flagged with
settings.ini's test flags (`slow`, `gpu`) unless named in --flags. A failing cell stops the notebook
with the traceback and exit status 1.

usage: python .ci/execute.py [NOTEBOOK ...] [--flags "slow"] [--mpl-format png]
       (default: every notebook)
"""
import argparse, os, sys, time
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.process import NBProcessor
from nbdev.clean import clean_nb

def skipped(cell, flags: set) -> bool:
    "True for cells the test runner would not run."
    if cell.cell_type != 'code' or 'nbdev_export(' in cell.source: return True
    directives = getattr(cell, 'directives_', None) or {}
    if directives.get('eval:', [''])[0].lower() == 'false': return True
    return bool(flags & directives.keys())

def execute(path: Path, flags: set, mpl_format: str='png') -> float:
    ("Run `path` top to bottom in a fresh shell, store its outputs, save it cleaned. "
     "Returns seconds taken.")
    start = time.time()
    nb = NBProcessor(path, process=True).nb   # parses directives into `cell.directives_`
    shell = CaptureShell(path, mpl_format=mpl_format)
    cwd = os.getcwd()
    try:
        os.chdir(path.parent)
        shell.run_all(nb, exc_stop=True, preproc=lambda c: skipped(c, flags))
    except Exception as e: raise RuntimeError(shell.prettytb(fname=path)) from e
    finally: os.chdir(cwd)
    raw = read_nb(path)
    for cell, done in zip(raw.cells, nb.cells):   # copy outputs onto the unprocessed cells
        if cell.cell_type == 'code':
            cell.outputs, cell.execution_count = (done.get('outputs', []),
                                                  done.get('execution_count'))
    cfg = get_config()
    # as nbdev_clean does
    clean_nb(raw, allowed_metadata_keys=cfg.get('allowed_metadata_keys', '').split(),
             allowed_cell_metadata_keys=cfg.get('allowed_cell_metadata_keys', '').split(),
             clean_ids=cfg.clean_ids)
    write_nb(raw, path)
    return time.time() - start

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebooks', nargs='*')
    ap.add_argument('--flags', default='', help='test flags to run anyway, e.g. "slow"')
    ap.add_argument('--mpl-format', default='png',
                    help="matplotlib inline format ('png' keeps notebooks small)")
    args = ap.parse_args()
    cfg = get_config()
    flags = set(cfg.tst_flags.split()) - set(args.flags.split())
    paths = ([Path(p).absolute() for p in args.notebooks]
             or sorted(nbglob(cfg.nbs_path, as_path=True)))
    # stops the trailing nbdev_export() cell, as under nbdev_test
    os.environ.setdefault('IN_TEST', '1')
    sys.path.insert(0, str(cfg.config_path))  # the repo's own package, as nbdev_test does
    for path in paths:
        try: seconds = execute(path, flags, args.mpl_format)
        except RuntimeError as e: sys.exit(f"{path.name}: FAILED\n{e}")
        print(f"{path.name}: {seconds:.1f}s", file=sys.__stdout__, flush=True)
