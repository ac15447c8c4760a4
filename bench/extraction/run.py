#!/usr/bin/python3
"""Extraction bench: runs `headlined extract --json` over a folder of saved pages, writes the
predictions JSON, scores it with the shared score.py, and times readability-lxml (Debian's
python3-readability) on the same pages in the same run.

usage: bench/extraction/run.py [--binary PATH] [--set dev|zh|all] [--out DIR] [--no-baseline]

  dev: ../shared/bench/extraction/dev (ground-truth.json from the public benchmark)
  zh:  ../shared/bench/extraction/zh with bench/extraction/zh-labels.json (written by hand):
       body scored like dev, and title / published / attribution / author by exact match.
The shared pages are read in place (never copied). Paths are relative to the repository.
Speed: pages per CPU second (user + system time of the headlined process, against the CPU
time readability spends in this process on the same decoded pages).
"""
import argparse, gzip, json, os, resource, subprocess, sys, tempfile, time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / 'shared' / 'bench' / 'extraction'
LABELS = Path(__file__).resolve().parent / 'zh-labels.json'
FIELDS = ['title', 'published', 'attribution', 'author']


def same(field, got, want):
    """Exact match; times to the minute in the page's own clock (a label reads the time the
    page prints, "2019-09-07 13:43", which carries neither seconds nor a zone)."""
    if field == 'published':
        return got[:16] == want[:16]
    return got == want


def page_files(folder):
    html = folder / 'html'
    return sorted(p for p in html.iterdir() if p.name.endswith(('.html', '.html.gz')))


def page_id(path):
    name = path.name
    return name[:-len('.html.gz')] if name.endswith('.gz') else name[:-len('.html')]


def run_headlined(binary, files):
    """Returns ({id: extracted object}, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([binary, '--log-level', 'off', 'extract', '--json', *map(str, files)],
                         check=True, capture_output=True, text=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    results = {}
    for line in out.splitlines():
        obj = json.loads(line)
        results[page_id(Path(obj['input']))] = obj
    return results, cpu


def run_readability(files, charsets):
    """readability-lxml on the same pages, decoded with the charset headlined found."""
    from readability import Document
    import lxml.html
    texts, cpu = {}, 0.0
    for f in files:
        raw = f.read_bytes()
        # Timed from the file's bytes to the text, as headlined's run is (which also reads,
        # decompresses and decodes each file, and starts a process and writes JSON besides).
        start = time.process_time()
        if f.name.endswith('.gz'):
            raw = gzip.decompress(raw)
        html = raw.decode(charsets.get(page_id(f)) or 'utf-8', errors='replace')
        try:
            summary = Document(html).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ''
        except Exception:  # readability gives up on some pages; they score zero
            text = ''
        cpu += time.process_time() - start
        texts[page_id(f)] = text
    return texts, cpu


def score(truth_path, predictions, per_page):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False, encoding='utf-8') as t:
        json.dump(predictions, t, ensure_ascii=False)
    args = [sys.executable, str(SHARED / 'score.py'), str(truth_path), t.name]
    if per_page:
        args.append('--per-page')
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    os.unlink(t.name)
    return out.strip()


def bench_set(name, binary, out_dir, baseline, per_page):
    folder = SHARED / name
    files = page_files(folder)
    results, cpu = run_headlined(binary, files)
    predictions = {k: {'articleBody': v['body']} for k, v in results.items()}
    (out_dir / f'{name}-predictions.json').write_text(
        json.dumps(predictions, ensure_ascii=False, indent=1), encoding='utf-8')
    if name == 'dev':
        truth_path = folder / 'ground-truth.json'
    else:
        labels = json.loads(LABELS.read_text(encoding='utf-8'))
        truth_path = out_dir / 'zh-truth.json'
        truth_path.write_text(json.dumps({k: {'articleBody': v['body']} for k, v in labels.items()},
                                         ensure_ascii=False), encoding='utf-8')
    print(f'[{name}] headlined: {score(truth_path, predictions, per_page)}')
    if name == 'zh':
        right = {f: 0 for f in FIELDS}
        for k, want in labels.items():
            got = results[k]
            for f in FIELDS:
                if same(f, got.get(f, ''), want.get(f, '')):
                    right[f] += 1
                elif per_page:
                    print(f'  {k} {f}: got {got.get(f, "")!r} want {want.get(f, "")!r}')
        print(f'[{name}] fields right: ' +
              ', '.join(f'{f} {right[f]}/{len(labels)} ({right[f] / len(labels):.0%})' for f in FIELDS))
    speed = len(files) / cpu if cpu else float('inf')
    print(f'[{name}] headlined: {len(files)} pages in {cpu:.2f} CPU s = {speed:.1f} pages/CPU s')
    if baseline:
        texts, rcpu = run_readability(files, {k: v.get('charset') for k, v in results.items()})
        rspeed = len(files) / rcpu if rcpu else float('inf')
        print(f'[{name}] readability-lxml: {score(truth_path, {k: {"articleBody": v} for k, v in texts.items()}, False)}')
        print(f'[{name}] readability-lxml: {len(files)} pages in {rcpu:.2f} CPU s = {rspeed:.1f} pages/CPU s')
        print(f'[{name}] speed ratio headlined / readability-lxml: {speed / rspeed:.1f}x')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--binary', default=str(REPO / 'build' / 'headlined'))
    ap.add_argument('--set', choices=['dev', 'zh', 'all'], default='all')
    ap.add_argument('--out', default=None, help='where predictions go (default: a temp dir)')
    ap.add_argument('--no-baseline', action='store_true', help='skip readability-lxml')
    ap.add_argument('--per-page', action='store_true', help='per-page F1 and field misses')
    a = ap.parse_args()
    out_dir = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix='headlined-extraction-'))
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in (['dev', 'zh'] if a.set == 'all' else [a.set]):
        bench_set(name, a.binary, out_dir, not a.no_baseline, a.per_page)
    print(f'predictions in {out_dir}')


if __name__ == '__main__':
    main()
