#!/usr/bin/env python
"""Docs without Quarto: README.md from nbs/index.ipynb, \
and an offline preview of the docs site with a browser check.

usage: python .ci/docs.py readme [--check]
       python .ci/docs.py site [--out .ci/site]
       python .ci/docs.py check [--out .ci/site] [--screenshots .ci/screenshots]
       python .ci/docs.py words [NOTEBOOK ...]
  readme           write README.md (+ its figures under nbs/images/readme/) from the stored outputs
                   of index.ipynb
  readme --check   exit 1 if README.md or its figures differ from what index.ipynb gives (CI's
                   staleness check)
  site             nbdev's docs processing of every notebook (directives, show_doc tables), rendered
                   with nbconvert into HTML pages with the sidebar of nbs/_quarto.yml and MathJax
                   served from a local copy
  check            serve the site on 127.0.0.1, load every page in headless Chromium, fail on
                   unrendered TeX, broken images, unrendered Pandoc/Quarto attributes ({target=...},
                   {.class}, {#id}), tracebacks in outputs or missing sidebar entries; save a
                   screenshot of each page
  words            the words a reader sees on each notebook's page (prose, shown code, shown outputs
                   and show_doc tables; not hidden cells, removed sources or figures), and their
                   total (default: every notebook)

The published site is built by nbdev's GitHub Pages workflow (Quarto); this preview exists so CI
checks every change.
"""
import argparse, copy, os, re, subprocess, sys, tempfile
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
    ("Apply the nbdev directives a reader sees: "
     "drop `hide` cells, `echo: false` sources, the directive lines.")
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

def raw_url() -> str:
    ("Where the repository's files are served "
     "(README figures: PyPI shows only absolute image addresses).")
    from configparser import ConfigParser
    cfg = ConfigParser(); cfg.read(root/'settings.ini')
    d = cfg['DEFAULT']
    return f"https://raw.githubusercontent.com/{d['user']}/{d['repo']}/{d['branch']}"

def render_readme() -> dict:
    "{path relative to root: bytes} for README.md and its figures."
    nb = nbformat.read(root/'nbs/index.ipynb', as_version=4)
    body, resources = MarkdownExporter().from_notebook_node(
        for_readers(nb), resources={'output_files_dir': str(readme_figs)})
    header = ('<!-- WARNING: generated from nbs/index.ipynb by `python .ci/docs.py readme`; '
              'edit the notebook, not this file. -->\n\n')
    body = re.sub(r'\]\(([\w-]+)\.ipynb\)',
                  lambda m: f"]({docs_url()}/{page_name(m.group(1))})", body)
    body = body.replace(f']({readme_figs}/', f']({raw_url()}/{readme_figs}/')
    files = {'README.md': (header + body.strip() + '\n').encode()}
    files.update({str(name): data for name, data in resources.get('outputs', {}).items()})
    return files

def readme(check: bool) -> int:
    files = render_readme()
    stale = [p for p, data in files.items()
             if not (root/p).exists() or (root/p).read_bytes() != data]
    extra = [str(p.relative_to(root)) for p in (root/readme_figs).glob('*')
             if str(p.relative_to(root)) not in files]
    if check:
        if stale or extra:
            print(f"README.md is stale (differs: {stale + extra}); "
                  "run `python .ci/docs.py readme`", file=sys.stderr)
            return 1
        print('README.md is up to date'); return 0
    for p in extra: (root/p).unlink()
    for p, data in files.items():
        (root/p).parent.mkdir(parents=True, exist_ok=True); (root/p).write_bytes(data)
    print(f"wrote {', '.join(files)}"); return 0

# --------------------------------------------------------------------------------------------------
# The site preview

site_dir, shots_dir = root/'.ci/site', root/'.ci/screenshots'
mathjax_src = root/'.ci/node_modules/mathjax/es5'
_widget = 'application/vnd.jupyter.widget-view+json'
colab_badge = 'https://colab.research.google.com/assets/colab-badge.svg'
_badge_svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20"><rect width="117" '
              'height="20" rx="3" fill="#555"/><rect x="22" width="95" height="20" rx="3" '
              'fill="#f9ab00"/><text x="8" y="14" fill="#fff" font-family="sans-serif" '
              'font-size="11">co</text><text x="28" y="14" fill="#000" font-family="sans-serif" '
              'font-size="11">Open in Colab</text></svg>')
# [text](url){target="_blank" ...} -> [text](url)
_quarto_attrs = re.compile(r'(\]\([^)]*\))\{[^}]*\}')

def sidebar() -> list:
    "[(section or None, [notebook names])] in the order of nbs/_quarto.yml."
    import yaml
    contents = yaml.safe_load(
        (root/'nbs/_quarto.yml').read_text())['website']['sidebar']['contents']
    return [(None, [c]) if isinstance(c, str) else (c['section'], list(c['contents']))
            for c in contents]

def ensure_mathjax():
    ("Install MathJax 3 from the npm registry into .ci/node_modules once "
     "(nothing is fetched when the page is read).")
    if not (mathjax_src/'tex-chtml.js').exists():
        subprocess.run(['npm', 'install', '--no-audit', '--no-fund', '--silent', '--prefix',
                        str(root/'.ci')], check=True)

def doc_notebook(path: Path):
    ("The notebook as nbdev's docs pipeline leaves it, "
     "with the Quarto cell options a reader would see applied.")
    from execnb.nbio import read_nb
    from nbdev.processors import FilterDefaults
    cwd = os.getcwd(); os.chdir(path.parent)
    try: nb = read_nb(path); FilterDefaults()(nb)
    finally: os.chdir(cwd)
    meta, cells = {}, []
    for cell in nb.cells:
        if cell.cell_type == 'raw' and cell.source.startswith('---'):
            import yaml
            meta = yaml.safe_load(cell.source.strip().strip('-')) or {}
            continue
        if cell.cell_type == 'markdown': cell.source = _quarto_attrs.sub(r'\1', cell.source)
        if cell.cell_type == 'code':
            d = directives(cell)
            if d.get('include:') == 'false': continue
            cell.source = strip_directives(cell.source)
            if d.get('echo:') == 'false': cell.source = ''
            if not cell.source.strip(): cell.metadata['transient'] = {'remove_source': True}
            if d.get('output:') == 'false': cell.outputs = []
            # never run without a GPU: point at the results readers can see
            if 'gpu' in d and not cell.get('outputs'):
                cell.outputs = [nbformat.from_dict(dict(
                    output_type='display_data', metadata={},
                    data={'text/markdown': '*(a `gpu` cell: this preview was built without a GPU, '
                                           'so it did not run; the trained results shown '
                                           'in this chapter are the shipped CPU demo runs)*'}))]
            for out in cell.get('outputs', []):
                if isinstance(out.get('text'), list): out['text'] = ''.join(out['text'])
                data = out.get('data', {})
                for k, v in data.items():
                    if isinstance(v, list): data[k] = ''.join(v)
                # a live widget has no static form: say so (the notebook shows a figure too)
                if _widget in data:
                    out['data'] = {'text/markdown':
                                   '*(interactive widget: run this notebook in Jupyter to use it; '
                                   'the static figure shows the same)*'}
                if 'text/markdown' in data:
                    data['text/markdown'] = _quarto_attrs.sub(r'\1', data['text/markdown'])
            if not cell.source and not cell.get('outputs'): continue
        cells.append(cell)
    nb.cells = cells
    return nbformat.from_dict(nb), meta

_page = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">\
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {site}</title>
<style>{css}</style>
<script>MathJax = {{tex: {{inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], \
displayMath: [['$$', '$$'], ['\\\\[', '\\\\]']],
  processEscapes: true}}, options: {{ignoreHtmlClass: 'tex2jax_ignore', \
processHtmlClass: 'tex2jax_process'}}}};</script>
<script id="MathJax-script" src="mathjax/tex-chtml.js"></script>
<script src="check.js"></script>
</head><body>
<nav id="sidebar"><a class="site" href="index.html">{site}</a>{nav}</nav>
<main><h1 class="title">{title}</h1><p class="description">{description}</p>
{body}
</main></body></html>
"""

_css = """
body { margin: 0; font-family: system-ui, sans-serif; line-height: 1.5; color: #212529; \
display: flex; }
#sidebar { width: 15rem; flex-shrink: 0; padding: 1rem; border-right: 1px solid #dee2e6; \
position: sticky; top: 0;
  height: 100vh; overflow-y: auto; box-sizing: border-box; font-size: 0.9rem; }
#sidebar a { display: block; color: #495057; text-decoration: none; padding: 0.15rem 0.5rem; }
#sidebar a.active { color: #2780e3; font-weight: 600; }
#sidebar .site { font-size: 1.2rem; font-weight: 700; color: #2780e3; margin-bottom: 0.5rem; }
#sidebar .section { font-weight: 600; margin-top: 0.8rem; padding-left: 0.5rem; }
main { max-width: 60rem; padding: 1rem 2.5rem; min-width: 0; }
h1.title { margin-bottom: 0; } \
p.description { font-style: italic; opacity: 0.7; font-size: 1.2rem; }
pre, code { font-size: 0.85rem; } \
div.input_area, div.highlight { background: #f8f9fa; border-radius: 4px; }
div.input_area pre, div.highlight pre { padding: 0.5rem; margin: 0; overflow-x: auto; }
div.output_area pre { margin: 0 0 0 0.8rem; padding-left: 0.5rem; \
border-left: 2px solid lightsalmon; overflow-x: auto; }
div.output_area img { max-width: 100%; }
div.cell { margin-bottom: 1rem; } table { border-collapse: collapse; } \
th, td { border: 1px solid #dee2e6; padding: 0.2rem 0.5rem; }
"""

_check_js = (r"""// Page self-check for the offline preview: writes its findings """
             r"""into <pre id="page-check"> once math is typeset.
window.addEventListener('load', () => {
  const done = (window.MathJax && MathJax.startup) ? MathJax.startup.promise : Promise.resolve();
  const images = Array.from(document.images).map(img => img.complete ? Promise.resolve() :
      new Promise(r => { img.onload = r; img.onerror = r; }));
  Promise.all([done, ...images]).then(() => {
    const problems = [];
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    const tex = /\$\$|\\(begin|frac|sum|prod|mathcal|mathbf|mathrm|log|exp|sqrt|left|right|"""
             r"""mu|pi|sigma|gamma)(?![a-zA-Z])|\$[^$\s][^$]*\$/;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('pre, code, mjx-container, script, style')) continue;
      const m = n.textContent.match(tex);
      if (m) problems.push('unrendered TeX: ' + n.textContent.trim().slice(0, 80));
    }
    // Pandoc/Quarto attributes printed as text ({target="_blank" ...}, {.class}, {#id}), """
             r"""also when split across
    // elements: searched in the page's visible text without code, math, scripts and styles
    const prose = document.querySelector('main').cloneNode(true);
    prose.querySelectorAll('pre, code, mjx-container, script, style').forEach(e => e.remove());
    const text = prose.textContent.replace(/\s+/g, ' ');
    for (const m of text.matchAll(/\{\s*(target|style|width|height|fig-[\w-]*)\s*=|"""
             r"""\{[.#][A-Za-z][\w-]*/g))
      problems.push('unrendered attributes: ' + """
             r"""text.slice(Math.max(0, m.index - 30), m.index + 50));
    document.querySelectorAll('mjx-merror').forEach(e => """
             r"""problems.push('TeX error: ' + e.textContent.slice(0, 80)));
    document.querySelectorAll('img').forEach(img => {
      if (!img.naturalWidth) """
             r"""problems.push('broken image: ' + (img.getAttribute('src') || '').slice(0, 80)); });
    document.querySelectorAll('.output_error, .output_area').forEach(o => {
      if (/Traceback \(most recent call last\)|^\w*Error: /m.test(o.textContent) """
             r"""&& o.classList.contains('output_error')
          || /Traceback \(most recent call last\)/.test(o.textContent))
        problems.push('traceback in an output: ' + o.textContent.trim().slice(0, 80)); });
    const links = Array.from(document.querySelectorAll('#sidebar a'))"""
             r""".map(a => a.getAttribute('href'));
    const pre = document.createElement('pre'); pre.id = 'page-check'; pre.hidden = true;
    pre.textContent = JSON.stringify({problems, sidebar: links, images: document.images.length,
                                      math: document.querySelectorAll('mjx-container').length});
    document.body.appendChild(pre);
  });
});
""")

def build_site(out: Path) -> list:
    "Render every notebook of the sidebar into `out`; returns the page names in sidebar order."
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter
    import shutil
    ensure_mathjax()
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(mathjax_src, out/'mathjax')
    if (root/'nbs/images').exists(): shutil.copytree(root/'nbs/images', out/'images')
    (out/'check.js').write_text(_check_js)
    (out/'images').mkdir(exist_ok=True)
    # the badge, served locally like everything else
    (out/'images/colab-badge.svg').write_text(_badge_svg)
    sys.path.insert(0, str(root))
    os.environ['IN_TEST'] = '1'
    exporter = HTMLExporter(template_name='basic', exclude_input_prompt=True,
                            exclude_output_prompt=True)
    css = _css + HtmlFormatter().get_style_defs('.highlight')
    sections = sidebar()
    pages = [nb for _, nbs in sections for nb in nbs]
    titles = {}
    rendered = {}
    for nb_name in pages:
        path = root/'nbs'/nb_name
        if not path.exists(): continue   # reported by `check` as a missing page
        nb, meta = doc_notebook(path)
        body, _ = exporter.from_notebook_node(nb)
        body = body.replace(colab_badge, 'images/colab-badge.svg')
        body = re.sub(r'href="([\w-]+)\.ipynb(#[^"]*)?"',
                      lambda m: f'href="{page_name(m.group(1))}{m.group(2) or ""}"', body)
        titles[nb_name] = meta.get('title', path.stem)
        rendered[nb_name] = (meta, body)
    for nb_name, (meta, body) in rendered.items():
        nav = []
        for section, nbs in sections:
            if section: nav.append(f'<div class="section">{section}</div>')
            for n in nbs:
                active = ' class="active"' if n == nb_name else ''
                title = re.sub(r'`([^`]*)`', r'<code>\1</code>', titles.get(n, n))
                nav.append(f'<a{active} href="{page_name(n)}">{title}</a>')
        html = _page.format(title=re.sub(r'`([^`]*)`', r'<code>\1</code>', meta.get('title', '')),
                            description=meta.get('description', ''), site='slotmix_nb',
                            css=css, nav='\n'.join(nav), body=body)
        (out/page_name(nb_name)).write_text(html)
    print(f"site: {len(rendered)} pages in {out}")
    return pages

def page_name(notebook: str) -> str:
    "nbdev's page name for a notebook: `04_smm.ipynb` -> `smm.html`, `index.ipynb` -> `index.html`."
    return re.sub(r'^\d+[a-z]?_', '', Path(notebook).stem) + '.html'

def check_site(out: Path, shots: Path) -> int:
    "Load every page from a 127.0.0.1 server in headless Chromium; print problems; 1 if any."
    import functools, http.server, json, shutil, threading
    from nbdev.doclinks import nbglob
    from nbdev.config import get_config
    chromium = (shutil.which('chromium') or shutil.which('chromium-browser')
                or shutil.which('google-chrome'))
    if not chromium:
        print('check: no chromium on PATH (Debian package `chromium`)', file=sys.stderr); return 1
    problems = []
    pages = [nb for _, nbs in sidebar() for nb in nbs]
    on_disk = {p.name for p in nbglob(get_config(path=root).config_path/'nbs', as_path=True)}
    problems += [f"{nb}: in nbs/ but missing from the sidebar of nbs/_quarto.yml"
                 for nb in sorted(on_disk - set(pages))]
    problems += [f"{nb}: in the sidebar but no such notebook" for nb in pages if nb not in on_disk]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                             functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shots.mkdir(parents=True, exist_ok=True)
    flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--hide-scrollbars', '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--disable-dev-shm-usage', '--virtual-time-budget=20000']
    expected_links = [page_name(nb) for nb in pages]
    try:
        for nb in pages:
            if nb not in on_disk: continue
            url = f"http://127.0.0.1:{server.server_port}/{page_name(nb)}"
            with tempfile.TemporaryDirectory() as profile:
                dom = subprocess.run(
                    [chromium, *flags, f'--user-data-dir={profile}', '--dump-dom', url],
                    capture_output=True, text=True, timeout=120).stdout
                subprocess.run([chromium, *flags, f'--user-data-dir={profile}',
                                '--window-size=1280,1600',
                                f'--screenshot={shots/(Path(page_name(nb)).stem + ".png")}', url],
                               capture_output=True, timeout=120)
            m = re.search(r'<pre id="page-check" hidden="">(.*?)</pre>', dom, re.S)
            if not m:
                problems.append(f"{nb}: the page did not finish loading (no self-check result)")
                continue
            found = json.loads(html_unescape(m.group(1)))
            problems += [f"{nb}: {p}" for p in found['problems']]
            missing = [l for l in expected_links if l not in found['sidebar']]
            if missing: problems.append(f"{nb}: sidebar lacks {missing}")
            print(f"  {page_name(nb):28s} {found['math']:4d} formulas  "
                  f"{found['images']:3d} images  {len(found['problems'])} problems")
    finally: server.shutdown()
    for p in problems: print('PROBLEM', p, file=sys.stderr)
    print(f"check: {len(pages)} pages, {len(problems)} problems; screenshots in {shots}")
    return 1 if problems else 0

_exporter = None

def page_body(path: Path) -> str:
    "The HTML body of a notebook's page, as `site` renders it."
    global _exporter
    from nbconvert import HTMLExporter
    if _exporter is None:
        sys.path.insert(0, str(root)); os.environ['IN_TEST'] = '1'
        _exporter = HTMLExporter(template_name='basic', exclude_input_prompt=True,
                                 exclude_output_prompt=True)
    nb, _ = doc_notebook(path)
    return _exporter.from_notebook_node(nb)[0]

def visible_text(body: str) -> str:
    ("The text a reader sees in a page body: no tags, scripts, styles or images "
     "(TeX counts as its source).")
    body = re.sub(r'(?is)<(script|style)\b.*?</\1>', ' ', body)
    return html_unescape(re.sub(r'<[^>]+>', ' ', body))

def count_words(text: str) -> int:
    "Whitespace-separated tokens holding a letter or digit (`=` or `)` alone is no word)."
    return sum(1 for t in text.split() if re.search(r'[^\W_]', t))

def words(notebooks: list) -> int:
    "Print each notebook's visible word count and the total."
    import warnings
    paths = [Path(n) for n in notebooks] or [root/'nbs'/nb for _, nbs in sidebar() for nb in nbs]
    total = 0
    for path in paths:
        path = path if path.is_absolute() else Path.cwd()/path
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')   # nbdev's 'imports and other code' notice
            n = count_words(visible_text(page_body(path)))
        total += n
        print(f"{path.name:32s} {n:7d}")
    print(f"{'total':32s} {total:7d}")
    return 0

def html_unescape(s: str) -> str:
    import html
    return html.unescape(s)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest='what', required=True)
    sub.add_parser('readme').add_argument('--check', action='store_true')
    sub.add_parser('site').add_argument('--out', type=Path, default=site_dir)
    check = sub.add_parser('check')
    check.add_argument('--out', type=Path, default=site_dir)
    check.add_argument('--screenshots', type=Path, default=shots_dir)
    sub.add_parser('words').add_argument('notebooks', nargs='*')
    args = ap.parse_args()
    if args.what == 'words': sys.exit(words(args.notebooks))
    if args.what == 'readme': sys.exit(readme(args.check))
    if args.what == 'site': build_site(args.out); sys.exit(0)
    sys.exit(check_site(args.out, args.screenshots))
