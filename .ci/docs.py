#!/usr/bin/env python
"""Docs without Quarto: README.md from nbs/index.ipynb (nbconvert's Markdown exporter).

usage: python .ci/docs.py readme [--check]
  readme           write README.md (+ its figures under nbs/images/readme/) from the stored outputs of index.ipynb
  readme --check   exit 1 if README.md or its figures differ from what index.ipynb gives (CI's staleness check)
"""
import argparse, copy, re, sys
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

root = Path(__file__).resolve().parent.parent
readme_figs = Path('nbs/images/readme')
_directive = re.compile(r'^\s*#\|\s*([\w-]+:?)\s*(.*)$')

def directives(cell) -> dict:
    "The `#| key value` lines at the top of a code cell, as {key: value}."
    found = {}
    for line in cell.source.splitlines():
        m = _directive.match(line)
        if not m: break
        found[m.group(1)] = m.group(2).strip()
    return found

def strip_directives(source: str) -> str:
    lines = source.splitlines()
    while lines and _directive.match(lines[0]): lines.pop(0)
    return '\n'.join(lines)

def for_readers(nb):
    "Apply the nbdev directives a reader sees: drop `hide` cells, `echo: false` sources, the directive lines."
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if cell.cell_type == 'code':
            d = directives(cell)
            if 'hide' in d or 'default_exp' in d or 'nbdev_export(' in cell.source: continue
            cell.source = strip_directives(cell.source)
            if d.get('echo:', '') == 'false': cell.metadata['transient'] = {'remove_source': True}
            if 'eval:' in d and d['eval:'] == 'false': cell.outputs = []
        cells.append(cell)
    nb.cells = cells
    return nb

def docs_url() -> str:
    "The published site's address, from settings.ini."
    from configparser import ConfigParser
    cfg = ConfigParser(); cfg.read(root/'settings.ini')
    user, repo = cfg['DEFAULT']['user'], cfg['DEFAULT']['repo']
    return f"https://{user}.github.io/{repo}"

def page_name(notebook: str) -> str:
    "nbdev's page name for a notebook: `03_smm.ipynb` -> `smm.html` (the number prefix is dropped)."
    return re.sub(r'^\d+[a-z]?_', '', Path(notebook).stem) + '.html'

def render_readme() -> dict:
    "{path relative to root: bytes} for README.md and its figures."
    nb = nbformat.read(root/'nbs/index.ipynb', as_version=4)
    body, resources = MarkdownExporter().from_notebook_node(
        for_readers(nb), resources={'output_files_dir': str(readme_figs)})
    header = ('<!-- WARNING: generated from nbs/index.ipynb by `python .ci/docs.py readme`; edit the notebook, '
              'not this file. -->\n\n')
    body = re.sub(r'\]\(([\w-]+)\.ipynb\)', lambda m: f"]({docs_url()}/{page_name(m.group(1))})", body)
    files = {'README.md': (header + body.strip() + '\n').encode()}
    files.update({str(name): data for name, data in resources.get('outputs', {}).items()})
    return files

def readme(check: bool) -> int:
    files = render_readme()
    stale = [p for p, data in files.items() if not (root/p).exists() or (root/p).read_bytes() != data]
    extra = [str(p.relative_to(root)) for p in (root/readme_figs).glob('*') if str(p.relative_to(root)) not in files]
    if check:
        if stale or extra:
            print(f"README.md is stale (differs: {stale + extra}); run `python .ci/docs.py readme`", file=sys.stderr)
            return 1
        print('README.md is up to date'); return 0
    for p in extra: (root/p).unlink()
    for p, data in files.items():
        (root/p).parent.mkdir(parents=True, exist_ok=True); (root/p).write_bytes(data)
    print(f"wrote {', '.join(files)}"); return 0

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='what', required=True)
    sub.add_parser('readme').add_argument('--check', action='store_true')
    args = ap.parse_args()
    sys.exit(readme(args.check))
