"""A Colab GPU session rehearsed on the CPU, chapter by chapter.

Each chapter with `#| gpu` cells runs top to bottom as a Colab user runs it: `google.colab` is in `sys.modules`,
the install cell runs (its `pip install` installs this checkout into a fresh folder put first on `sys.path`, so the
chapter imports the installed package, not the checkout), and the GPU cells run on the CPU for 2 steps
(`SLOTMIX_GPU_DRY_RUN=1`, which `gpu_cell` honours). Only the device itself goes untested. Slow cells are skipped.
The other packages are this environment's (Colab brings its own). Minutes per chapter, so it runs only when asked:
`pytest tests/test_colab_dryrun.py --flags gpu`.
"""
import json, os, subprocess, sys
from pathlib import Path
import pytest

root = Path(__file__).parent.parent
def has_gpu_cells(p): return any(c['cell_type'] == 'code' and ''.join(c['source']).startswith('#| gpu')
                                 for c in json.loads(p.read_text())['cells'])
chapters = [p for p in sorted((root / 'nbs').glob('[0-9][0-9]_*.ipynb')) if has_gpu_cells(p)]

RUNNER = r'''
import os, re, sys, types, tempfile
from pathlib import Path
from execnb.shell import CaptureShell
from nbdev.process import NBProcessor
path, repo = Path(sys.argv[1]), sys.argv[2]
import importlib.machinery
colab = types.ModuleType('google.colab')                          # what Colab's kernel has
colab.__spec__ = importlib.machinery.ModuleSpec('google.colab', None)
sys.modules['google.colab'] = colab
os.environ['SLOTMIX_GPU_DRY_RUN'] = '1'
os.environ['IN_TEST'] = '1'                                      # the trailing nbdev_export() cell does nothing
site = tempfile.mkdtemp(prefix='colab-site-')
pip = (f"import subprocess; subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', '--no-deps', "
       f"'--target', {site!r}, {repo!r}], check=True); sys.path.insert(0, {site!r}); "
       "[sys.modules.pop(m) for m in list(sys.modules) if m.split('.')[0] == 'slotmix_nb']")
nb = NBProcessor(path, process=True).nb
os.chdir(path.parent)
shell, installed = CaptureShell(path), False
for cell in nb.cells:
    if cell.cell_type != 'code': continue
    flags = getattr(cell, 'directives_', None) or {}
    source = cell.source
    if "'google.colab' in sys.modules" in source:
        source, installed = re.sub(r'^(\s*)!pip install .*$', lambda m: m.group(1) + pip, source, flags=re.M), True
    elif flags.get('eval:', [''])[0].lower() == 'false' or 'slow' in flags: continue
    source = '\n'.join(l for l in source.splitlines() if not l.startswith('#|'))
    shell.run(source)
    if shell.exc:
        import traceback
        tb = ''.join(traceback.format_exception(shell.exc))
        sys.exit(f"{path.name}: a cell failed:\n{source[:300]}\n{tb[-2000:]}")
    if installed and 'slotmix_nb' in shell.user_ns.get('sys', sys).modules:
        where = shell.user_ns['sys'].modules['slotmix_nb'].__file__
        if not where.startswith(site): sys.exit(f"{path.name}: slotmix_nb came from {where}, not the install")
print(f"{path.name}: ok")
'''

@pytest.mark.parametrize('path', chapters, ids=[p.stem for p in chapters])
def test_colab_dry_run(path, force_flags):
    if 'gpu' not in force_flags: pytest.skip('a Colab rehearsal of minutes: run with --flags gpu')
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'PYTHONPATH': ''}
    p = subprocess.run([sys.executable, '-c', RUNNER, str(path), str(root)], capture_output=True, text=True,
                       env=env)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]

def test_gpu_chapters_found(): assert chapters, 'expected chapters with #| gpu cells'
