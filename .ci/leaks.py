#!/usr/bin/env python
"""Fail on words that speak of how the project was made rather than of SMM, \
its sources and its results.

Scans the notebooks (cell sources and stored outputs), README.md and the package.
usage: python .ci/leaks.py
"""
import json, re, sys
from pathlib import Path

LEAKS = [r'PAPER_NOTES', r'paper notes', r'\bthe issue\b', r"\bissue's\b", r'\bsessions?\b',
         r'goal missed', r'\blent\b',
         r'\b2-core VM\b', r'shared 2-core', r'arrives with', r"project's notes", r'_not_yet',
         r'\bno GPU was\b', r'\bthis machine\b']
PATTERN = re.compile('|'.join(LEAKS), re.IGNORECASE)

def texts(root: Path):
    "(place, text) for every notebook cell and output, README.md and every module of the package."
    for nb in sorted((root / 'nbs').glob('*.ipynb')):
        for i, cell in enumerate(json.loads(nb.read_text())['cells']):
            yield f'{nb.name} cell {i}', ''.join(cell['source'])
            for out in cell.get('outputs', []):
                yield (f'{nb.name} cell {i} output',
                       ''.join(out.get('text', '')) + json.dumps(out.get('data', {})))
    for path in [root / 'README.md', *sorted((root / 'slotmix_nb').glob('*.py'))]:
        if path.exists(): yield str(path.relative_to(root)), path.read_text()

def main(root: Path=Path(__file__).resolve().parent.parent) -> int:
    hits = [(place, m) for place, text in texts(root) for m in PATTERN.finditer(text)]
    for place, m in hits:
        line = m.string[max(0, m.start() - 50):m.end() + 30].replace('\n', ' ')
        print(f'{place}: ...{line}...')
    print(f'{len(hits)} leak word(s)' if hits else 'no leak words')
    return 1 if hits else 0

if __name__ == '__main__': sys.exit(main())
