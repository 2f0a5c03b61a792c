"""A Colab GPU session rehearsed on the CPU, chapter by chapter, in a fresh virtual environment.

One virtual environment is built per test session, holding only what a Colab kernel has before any
install cell runs that this project relies on: torch (the pinned CPU wheel, as .ci/run installs it)
and IPython (the kernel). Everything else must come from the chapter's own install cell, so a
requirement that the install cell forgets fails here as it would on Colab.

Real: the install cell runs as written, but for its `git clone`, which copies this checkout's files
instead (tracked and new, as a clone has them); so the cell's `%cd` into the clone's `nbs/` and its
`!pip install -q "..[colab]"` run as on Colab, resolving and installing the extra's requirements
into the fresh environment, and relative paths such as `../study` find the clone's files. The cells
run in IPython's `InteractiveShell` (so `!` and `%` lines work as in Colab) under the fresh
environment's Python, with `google.colab` in `sys.modules` and an empty `PYTHONPATH`, started
outside the clone; the chapter must import `slotmix_nb` from the environment's site-packages, never
from the clone. The closing `nbdev_export()` cell exports into the clone. The GPU cells run on the
CPU for 2 steps (`SLOTMIX_GPU_DRY_RUN=1`, which `gpu_cell` honours).

Not real: the device itself; the repository comes from this checkout, not from GitHub; Colab's other
preinstalled packages are absent (so nothing leans on them), and the kernel's IPython is the newest
release rather than Colab's; figures go to matplotlib's Agg backend; scenes are cached in a
temporary folder (`SLOTMIX_DATA_CACHE`); slow cells are skipped.

Minutes per chapter and a few more to build the environment, so it runs only when asked, in one
process (each xdist worker would build an environment of its own):
`pytest tests/test_colab_dryrun.py --flags gpu -p no:xdist`.
"""
import json, os, re, shutil, subprocess, sys, time
from pathlib import Path
import pytest

root = Path(__file__).parent.parent
def has_gpu_cells(p): return any(c['cell_type'] == 'code'
                                 and ''.join(c['source']).startswith('#| gpu')
                                 for c in json.loads(p.read_text())['cells'])
chapters = [p for p in sorted((root / 'nbs').glob('[0-9][0-9]_*.ipynb')) if has_gpu_cells(p)]
# what the Colab kernel brings that we rely on
KERNEL = ['torch==2.13.0', 'ipython']
# the repository
CLONE = re.compile(r'git clone -q --depth 1 https://github\.com/\S+ (\S+)\s*$', re.M)
# where it goes
REPO = re.compile(r"^(\s*)repo = '/content/[\w.-]+'\s*$", re.M)

def colab_cells(path: Path, src: Path, clone: Path) -> list:
    ("The code cells a Colab user runs top to bottom, "
     "the install cell cloning by copying `src` to `clone`.")
    from nbdev.process import NBProcessor
    cells = []
    for cell in NBProcessor(path, process=True).nb.cells:
        if cell.cell_type != 'code': continue
        flags, source = getattr(cell, 'directives_', None) or {}, cell.source
        install = "'google.colab' in sys.modules" in source
        if install:
            source, n = CLONE.subn(lambda m: f'cp -a {src} {m[1]}', source)
            source, r = REPO.subn(lambda m: f'{m[1]}repo = {str(clone)!r}', source)
            assert (n, r) == (1, 1), \
                f'{path.name}: the install cell has no `repo = ...` and `git clone` line'
        elif flags.get('eval:', [''])[0].lower() == 'false' or 'slow' in flags: continue
        cells.append({'source': '\n'.join(l for l in source.splitlines() if not l.startswith('#|')),
                      'install': install})
    installs = sum(c['install'] for c in cells)
    assert installs == 1, f'{path.name}: expected one install cell, found {installs}'
    return cells

RUNNER = (r'''
import importlib.machinery, json, sys, sysconfig, traceback, types
from pathlib import Path
from IPython.core.interactiveshell import InteractiveShell
cells = json.loads(Path(sys.argv[1]).read_text())
colab = types.ModuleType('google.colab')                          # what Colab's kernel has
colab.__spec__ = importlib.machinery.ModuleSpec('google.colab', None)
sys.modules['google.colab'] = colab
site = sysconfig.get_paths()['purelib']
shell = InteractiveShell.instance(colors='nocolor')
for i, cell in enumerate(cells):
    res = shell.run_cell(cell['source'], store_history=True)
    if not res.success:
        e = res.error_before_exec or res.error_in_exec
        tb = ''.join(traceback.format_exception(type(e), e, e.__traceback__))
        sys.exit(f"cell {i} failed:\n{cell['source'][:400]}\n{tb[-3000:]}")
    if cell['install'] and shell.user_ns.get('_exit_code', 0) != 0:
        sys.exit(f"the install cell's pip failed (exit {shell.user_ns['_exit_code']}):'''
                 r'''\n{cell['source']}")
    if 'slotmix_nb' in sys.modules and not sys.modules['slotmix_nb'].__file__.startswith(site):
        sys.exit(f"slotmix_nb came from {sys.modules['slotmix_nb'].__file__}, not from {site}")
lib = sys.modules.get('slotmix_nb')
print('ok:', f'slotmix_nb {lib.__version__} from {lib.__file__}' '''
             r'''if lib else 'slotmix_nb never imported')
''')

def _run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))}\n{p.stdout[-3000:]}{p.stderr[-3000:]}"
    return p

@pytest.fixture(scope='session')
def colab_env(force_flags, tmp_path_factory):
    ("A folder with a fresh venv/ holding only the Colab kernel's torch and IPython, "
     "and src/: this checkout's files.")
    if 'gpu' not in force_flags: pytest.skip('a Colab rehearsal of minutes: run with --flags gpu')
    base = tmp_path_factory.mktemp('colab')
    # what a clone has (tracked files, and new ones not ignored):
    # no build/ or egg-info of an earlier install
    files = _run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                 cwd=root).stdout
    for f in filter(None, files.split('\0')):
        if not (root / f).is_file(): continue   # a deleted file not yet committed
        (base / 'src' / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / f, base / 'src' / f)
    venv, t0 = base / 'venv', time.time()
    _run([sys.executable, '-m', 'venv', str(venv)])
    _run([str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '-q', *KERNEL])
    print(f'\nfresh environment with {" ".join(KERNEL)}: {time.time() - t0:.0f} s')
    (base / 'cwd').mkdir(); (base / 'data').mkdir()
    (base / 'runner.py').write_text(RUNNER)
    return base

@pytest.mark.parametrize('path', chapters, ids=[p.stem for p in chapters])
def test_colab_dry_run(path, colab_env):
    cells = colab_env / f'{path.stem}.json'
    # one clone per session, as one Colab session keeps /content: later chapters find it there
    cells.write_text(json.dumps(colab_cells(path, colab_env / 'src', colab_env / 'clone')))
    venv_bin = colab_env / 'venv' / 'bin'
    # this environment's own venv and settings stay out:
    # its bin would lend the chapter commands it lacks
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(('PYTHON', 'VIRTUAL_ENV', 'SLOTMIX_', 'CONDA'))}
    dirs = [d for d in os.environ['PATH'].split(os.pathsep) if sys.prefix == sys.base_prefix
            or not Path(d).resolve().is_relative_to(Path(sys.prefix).resolve())]
    env = {**keep, 'PATH': os.pathsep.join([str(venv_bin), *dirs]),
           'VIRTUAL_ENV': str(colab_env / 'venv'), 'PYTHONPATH': '', 'OMP_NUM_THREADS': '1',
           'MPLBACKEND': 'Agg', 'SLOTMIX_GPU_DRY_RUN': '1',
           'SLOTMIX_DATA_CACHE': str(colab_env / 'data')}
    t0 = time.time()
    p = subprocess.run([str(venv_bin / 'python'), str(colab_env / 'runner.py'), str(cells)],
                       capture_output=True, text=True, env=env, cwd=colab_env / 'cwd')
    assert p.returncode == 0, f'{path.name}:\n{p.stdout[-4000:]}\n{p.stderr[-4000:]}'
    last = p.stdout.strip().splitlines()[-1]
    # its GPU cells ran the installed library
    assert str(colab_env / 'venv') in last, f'{path.name}: {last}'
    print(f'\n{path.name}: {time.time() - t0:.0f} s, {last}')

def test_gpu_chapters_found(): assert chapters, 'expected chapters with #| gpu cells'
