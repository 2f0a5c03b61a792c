("Every chapter opens on Colab: a badge to itself, a guarded install cell that is valid Python, "
 "GPU metadata where needed.")
import json, re
from pathlib import Path
import pytest
from nbdev.config import get_config
from nbdev.doclinks import nbglob

cfg = get_config(path=Path(__file__).parent.parent)
chapters = sorted(p for p in nbglob(cfg.config_path/cfg.nbs_path, as_path=True)
                  if p.name != 'index.ipynb')

def cells(nb_path: Path) -> list:
    nb = json.loads(nb_path.read_text())
    return nb, [(c['cell_type'], ''.join(c['source'])) for c in nb['cells']]

@pytest.mark.parametrize('path', chapters, ids=[p.stem for p in chapters])
def test_colab_ready(path: Path):
    nb, cs = cells(path)
    badge = (f"https://colab.research.google.com/github/{cfg.user}/{cfg.repo}"
             f"/blob/{cfg.branch}/nbs/{path.name}")
    assert any(t == 'markdown' and badge in s for t, s in cs), \
        f"{path.name}: no Open-in-Colab badge linking {badge}"
    installs = [s for t, s in cs if t == 'code' and "'google.colab' in sys.modules" in s]
    assert installs, f"{path.name}: no install cell guarded by `if 'google.colab' in sys.modules`"
    install = installs[0]
    assert re.search(r'^#\|\s*eval:\s*false', install, re.M), \
        f"{path.name}: the install cell must be `#| eval: false`"
    assert re.search(r'^\s*!pip install', install, re.M), \
        f"{path.name}: the install cell has no (uncommented) !pip line"
    # a clone, so that relative paths (../study, the library's project) work as in a checkout
    clone = f"git clone -q --depth 1 {cfg.git_url}.git {{repo}}"
    assert clone in install and '%cd {repo}/nbs' in install, \
        f"{path.name}: the install cell must {clone}"
    pkg = '"..[colab]"'   # the library from the clone; the extra brings the chapters' imports
    assert f'!pip install -q {pkg}' in install, \
        f"{path.name}: the install cell must `!pip install -q {pkg}`"
    # valid Python once ! lines run
    compile(re.sub(r'^(\s*)[!%].*$', r'\1pass', install, flags=re.M), path.name, 'exec')
    first_code = next(i for i, (t, s) in enumerate(cs)
                      if t == 'code' and not s.startswith('#| default_exp'))
    assert cs[first_code][1] == install, \
        f"{path.name}: the install cell must be the first code cell"
    if any(t == 'code' and re.match(r'#\|\s*gpu', s) for t, s in cs):
        assert nb['metadata'].get('accelerator') == 'GPU', \
            f"{path.name}: has #| gpu cells but no Colab GPU accelerator"

@pytest.mark.parametrize('path', chapters, ids=[p.stem for p in chapters])
def test_title_and_one_line_summary(path: Path):
    "nbdev takes the page title from `# Title` and the description from the ONE `> ` line under it."
    nb, cs = cells(path)
    title = next(s for t, s in cs if t == 'markdown' and s.startswith('# '))
    lines = [l for l in title.split('\n')[1:] if l.strip()]
    assert len(lines) == 1 and lines[0].startswith('> '), \
        f"{path.name}: expected `# Title` then one `> summary` line, got {lines}"
