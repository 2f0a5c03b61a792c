("The layout's promises: chapters import only earlier chapters; "
 "modules stay small, short-lined and focused.")
import ast, functools, json, re
from pathlib import Path
import pytest

root = Path(__file__).parent.parent
notebooks = sorted((root / 'nbs').glob('[0-9][0-9]_*.ipynb'))
def cells(path): return [''.join(c['source']) for c in json.loads(path.read_text())['cells']
                         if c['cell_type'] == 'code']
def module_of(path):
    m = re.search(r'^#\|\s*default_exp\s+(\S+)', '\n'.join(cells(path)), re.M)
    return m and m.group(1)
chapter_of = {module_of(p): p.name[:2] for p in notebooks if module_of(p)}
modules = sorted(p for p in (root / 'slotmix_nb').glob('*.py') if not p.name.startswith('_'))

def test_numbered_without_gaps():
    numbers = [int(p.name[:2]) for p in notebooks]
    assert numbers == list(range(len(numbers))), [p.name for p in notebooks]

@pytest.mark.parametrize('path', notebooks, ids=[p.stem for p in notebooks])
def test_imports_only_earlier_chapters(path):
    used = set()
    for src in cells(path):
        # import statements, also in strings
        used |= set(re.findall(r'(?:from|import)\s+slotmix_nb\.(\w+)', src))
    later = {m: chapter_of[m] for m in used if m in chapter_of and chapter_of[m] > path.name[:2]}
    assert not later, f"{path.name} imports later chapters: {later}"

@pytest.mark.parametrize('path', modules, ids=[p.stem for p in modules])
def test_module_size(path):
    src = path.read_text()
    lines = src.splitlines()
    assert len(lines) <= 500, \
        f"{path.name}: {len(lines)} lines (at most 500: one subject per module)"
    names = re.search(r"^__all__ = \[(.*?)\]", src, re.S | re.M)
    public = len(re.findall(r"'\w+'", names.group(1))) if names else 0
    assert public <= 30, f"{path.name}: {public} public names"

def test_short_lines():
    lines = [l for p in modules for l in p.read_text().splitlines() if l.strip()]
    long = sum(len(l) > 100 for l in lines)
    assert long <= 0.03 * len(lines), \
        f"{long} of {len(lines)} non-blank lines are over 100 characters"

chapters = notebooks + [root / 'nbs/index.ipynb']
@pytest.mark.parametrize('path', chapters, ids=[p.stem for p in chapters])
def test_chapter_lines_short(path):
    "Every code line a chapter shows is at most 100 characters (nbdev's `#|` directives aside)."
    long = [f"{len(l)}: {l[:70]}" for src in cells(path) for l in src.split('\n')
            if len(l) > 100 and not l.startswith('#|')]
    assert not long, f"{path.name}: {len(long)} code lines over 100 characters\n" + '\n'.join(long)

scripts = sorted([*(root / 'tests').glob('*.py'), *(root / '.ci').glob('*.py'), root / 'setup.py',
                  *(root / 'study').glob('*.sh'), root / '.ci/run'])
@pytest.mark.parametrize('path', scripts, ids=[p.name for p in scripts])
def test_script_lines_short(path):
    "The tests, CI and study scripts keep to the same 100 characters."
    long = [f"{i}: {l[:70]}" for i, l in enumerate(path.read_text().splitlines(), 1)
            if len(l) > 100]
    assert not long, f"{path.name}: {len(long)} lines over 100 characters\n" + '\n'.join(long)

@pytest.mark.parametrize('path', modules, ids=[p.stem for p in modules])
def test_parameter_comments_one_line(path):
    "Each parameter's comment (fastcore's docments, the docs' parameter table) is one line."
    import importlib, inspect
    from fastcore.docments import docments
    module = importlib.import_module(f'slotmix_nb.{path.stem}')
    split = []
    for name in getattr(module, '__all__', []):
        obj = getattr(module, name)
        members = [obj] + ([v for v in vars(obj).values() if inspect.isfunction(v)]
                           if inspect.isclass(obj) else [])
        for f in (m for m in members if inspect.isfunction(m) or inspect.isclass(m)):
            try: found = docments(f, full=True)
            except OSError: continue   # generated code (a dataclass's __init__) has no source
            split += [f"{name}: {arg}" for arg, d in found.items() if '\n' in (d['docment'] or '')]
    assert not split, f"{path.name}: comments over two lines: {split}"

def test_fit_is_short():
    tree = ast.parse((root / 'slotmix_nb/engine.py').read_text())
    fit = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == 'fit')
    assert fit.end_lineno - fit.lineno + 1 <= 30

@functools.lru_cache   # two tests read the same module's report
def run_pyflakes(path):
    import subprocess, sys
    return subprocess.run([sys.executable, '-m', 'pyflakes', str(path)],
                          capture_output=True, text=True).stdout

@pytest.mark.parametrize('path', modules, ids=[p.stem for p in modules])
def test_names_defined(path):
    ("Every name a module uses is defined or imported there "
     "(a notebook's own namespace can hide a missing import).")
    import importlib
    out = run_pyflakes(path)
    module = importlib.import_module(f'slotmix_nb.{path.stem}')
    missing = []
    for line in out.splitlines():
        m = re.search(r"undefined name '(\w+)'|"
                      r"'(\w+)' may be undefined, or defined from star", line)
        if m and not hasattr(module, m.group(1) or m.group(2)): missing.append(line)
    assert not missing, '\n'.join(missing)

@pytest.mark.parametrize('path', modules, ids=[p.stem for p in modules])
def test_imports_used_and_explicit(path):
    "A module imports exactly what it uses, each name spelled out: no unused import, no `import *`."
    tree = ast.parse(path.read_text())
    imports = {n.lineno for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))}
    bad = [f"{path.name}:{n.lineno}: from {'.' * n.level}{n.module or ''} import * "
           "(name what it uses)"
           for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module != '__future__'
           and any(a.name == '*' for a in n.names)]
    for line in run_pyflakes(path).splitlines():
        if m := re.search(r":(\d+):\d+:? '(.+)' imported but unused", line):
            at, name = int(m[1]), m[2]
        elif m := re.search(r"redefinition of unused '(.+)' from line (\d+)", line):
            at, name = int(m[2]), m[1]
        else: continue
        if at in imports and not name.startswith('__future__'):
            bad.append(f"{path.name}:{at}: {name} imported but unused")
    assert not bad, '\n'.join(bad)

@pytest.mark.parametrize('path', notebooks, ids=[p.stem for p in notebooks])
def test_notebook_imports_used(path, tmp_path):
    ("A chapter's cells, read together, import nothing they never use "
     "(`show_doc` is nbdev's, for the docs).")
    def code(line):   # shell and magic lines become `pass`, keeping the indentation
        bare = line.lstrip()
        return line[:len(line) - len(bare)] + 'pass' if bare.startswith(('!', '%')) else line
    joined = tmp_path / f'{path.stem}.py'
    joined.write_text('\n\n'.join('\n'.join(map(code, src.split('\n'))) for src in cells(path)))
    unused = [line.split(': ', 1)[1] for line in run_pyflakes(joined).splitlines()
              if 'imported but unused' in line and 'show_doc' not in line]
    assert not unused, f"{path.name}: " + '; '.join(unused)
