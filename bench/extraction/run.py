#!/usr/bin/python3
"""Extraction bench: runs `headlined extract --json` over folders of saved pages, scores the
bodies with the data folder's score.py, and times readability-lxml (Debian's
python3-readability) on the same pages in the same run.

usage: bench/extraction/run.py [DATA] [--binary PATH] [--set dev|readability|zh|all]
                               [--out DIR] [--no-baseline] [--per-page]

DATA is the extraction data folder (default: ../shared/bench/extraction beside the
repository, when it is there). It must hold score.py and one folder per set:
  dev/          html/*.html.gz and ground-truth.json (public news benchmark, English)
  readability/  html/*.html.gz and ground-truth.json (Mozilla Readability's test pages;
                its texts are stored as UTF-8 misread as Latin-1, which is undone first)
  zh/           html/*.html, scored with bench/extraction/zh-labels.json (written by hand):
                body like the others, and title / published / attribution / author exactly.
A set whose folder is missing is skipped with a note.

Every set is printed whole and in two halves split by site (dev: the URL's host;
readability: the page name's first word; zh: the name before "_"), the half chosen by a hash
of the site, so pages of one site never fall in both halves. Develop on half A, keep a
change only when half B gains too.

Speed: pages per CPU second (user + system time of the headlined process, against the CPU
time readability spends in this process on the same decoded pages).
"""
import argparse, gzip, hashlib, importlib.util, json, resource, subprocess, sys, tempfile, time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / 'shared' / 'bench' / 'extraction'
LABELS = Path(__file__).resolve().parent / 'zh-labels.json'
SETS = ['dev', 'readability', 'zh']
ZH_FIELDS = ['title', 'published', 'attribution', 'author']
READABILITY_FIELDS = {'title': 'title', 'byline': 'byline', 'published': 'published'}  # truth key -> extract key


def same(field, got, want):
    """Exact match; times to the minute in the page's own clock (a label reads the time the
    page prints, "2019-09-07 13:43", which carries neither seconds nor a zone)."""
    if field == 'published':
        return got[:16].replace(' ', 'T') == want[:16].replace(' ', 'T')
    return got == want


def page_files(folder):
    html = folder / 'html'
    return sorted(p for p in html.iterdir() if p.name.endswith(('.html', '.html.gz')))


def page_id(path):
    name = path.name
    return name[:-len('.html.gz')] if name.endswith('.gz') else name[:-len('.html')]


def site_of(set_name, pid, truth):
    if set_name == 'dev':
        host = urlsplit(truth.get(pid, {}).get('url', '')).hostname or pid
        return host.removeprefix('www.')
    if set_name == 'readability':
        return pid.split('-')[0]
    return pid.split('_')[0]


def half_of(site):
    """'A' or 'B' by a stable hash of the site, the same on every machine and run."""
    return 'AB'[hashlib.sha1(site.encode()).digest()[0] % 2]


def load_scorer(data):
    spec = importlib.util.spec_from_file_location('extraction_score', data / 'score.py')
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def body_score(scorer, truth, predicted, ids):
    """(F1, precision, recall) over ids, every page weighing the same (score.py's way)."""
    tp = fp = fn = 0.0
    for k in ids:
        a, b, c = scorer.page_counts(truth[k].get('articleBody', ''), predicted.get(k, ''))
        tp += a
        fp += b
        fn += c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f, p, r


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


def undo_mojibake(text):
    """UTF-8 text that was read as Latin-1/cp1252 ("Ã©" for "é") back to what it said;
    the text unchanged when it does not read as such."""
    if all(ord(c) < 128 for c in text):
        return text
    raw = bytearray()
    for c in text:
        o = ord(c)
        if o < 256:
            raw.append(o)
        else:
            try:
                raw += c.encode('cp1252')
            except UnicodeEncodeError:
                return text  # a character neither encoding has: not mojibake
    for _ in range(10000):
        try:
            return raw.decode('utf-8')
        except UnicodeDecodeError as e:
            # a no-break space (0xA0, a continuation byte) collapsed to a plain space
            if raw[e.start + 1:e.start + 4].find(b' ') >= 0 or raw[e.start] == 0x20:
                i = raw.index(b' ', e.start)
                raw[i] = 0xA0
            else:
                break
    # a few bytes lost beyond repair: each becomes U+FFFD, the rest reads right
    fixed = raw.decode('utf-8', errors='replace')
    return fixed if fixed.count('\ufffd') * 50 < len(fixed) else text


def load_truth(name, folder):
    if name == 'readability':
        # The suite's expected texts were stored as UTF-8 read as Latin-1 ("Ã©" for "é") on
        # most pages with non-ASCII text, so no correct extraction could match them.
        truth = json.loads((folder / 'ground-truth.json').read_text(encoding='utf-8'))
        return {k: {f: undo_mojibake(v) if isinstance(v, str) else v for f, v in page.items()}
                for k, page in truth.items()}
    if name != 'zh':
        return json.loads((folder / 'ground-truth.json').read_text(encoding='utf-8'))
    labels = json.loads(LABELS.read_text(encoding='utf-8'))
    return {k: dict(v, articleBody=v['body']) for k, v in labels.items()}


def fields_line(truth, results, fields, ids, per_page, recorded_only):
    """'title 30/31 (97%), …'; with recorded_only, over the pages whose truth records the
    field (the readability suite leaves most bylines out), else over all (zh labels say ''
    where a page names no author)."""
    parts = []
    for want_key, got_key in fields.items():
        have = [k for k in ids if truth[k].get(want_key)] if recorded_only else ids
        right = 0
        for k in have:
            got, want = results[k].get(got_key, '') or '', truth[k].get(want_key, '') or ''
            if same(want_key, got, want):
                right += 1
            elif per_page:
                print(f'  {k} {want_key}: got {got!r} want {want!r}')
        parts.append(f'{want_key} {right}/{len(have)} ({right / len(have):.0%})' if have else
                     f'{want_key} -')
    return ', '.join(parts)


def bench_set(name, data, scorer, binary, out_dir, baseline, per_page):
    folder = data / name
    if not (folder / 'html').is_dir():
        print(f'[{name}] skipped: no {folder / "html"}')
        return
    truth = load_truth(name, folder)
    files = [f for f in page_files(folder) if page_id(f) in truth]
    unlabelled = len(page_files(folder)) - len(files)
    results, cpu = run_headlined(binary, files)
    bodies = {k: v['body'] for k, v in results.items()}
    (out_dir / f'{name}-predictions.json').write_text(
        json.dumps({k: {'articleBody': v} for k, v in bodies.items()}, ensure_ascii=False,
                   indent=1), encoding='utf-8')
    ids = sorted(truth)
    halves = {h: [k for k in ids if half_of(site_of(name, k, truth)) == h] for h in 'AB'}
    sites = {h: len({site_of(name, k, truth) for k in halves[h]}) for h in 'AB'}
    note = f' ({unlabelled} pages without labels left out)' if unlabelled else ''
    print(f'[{name}] {len(ids)} pages{note}: half A {len(halves["A"])} pages of {sites["A"]} '
          f'sites, half B {len(halves["B"])} pages of {sites["B"]} sites')
    if per_page:
        for k in ids:
            f, _, _ = body_score(scorer, truth, bodies, [k])
            print(f'  {f:.3f} {half_of(site_of(name, k, truth))} {k}')
    fields = {f: f for f in ZH_FIELDS} if name == 'zh' else READABILITY_FIELDS if name == 'readability' else {}
    for label, part in [('all', ids), ('half A', halves['A']), ('half B', halves['B'])]:
        f, p, r = body_score(scorer, truth, bodies, part)
        line = f'[{name}] {label:6} headlined body F1 {f:.3f} (P {p:.3f} R {r:.3f})'
        if fields:
            line += '; ' + fields_line(truth, results, fields, part, per_page and label == 'all',
                                       name == 'readability')
        print(line)
    speed = len(files) / cpu if cpu else float('inf')
    print(f'[{name}] headlined: {len(files)} pages in {cpu:.2f} CPU s = {speed:.1f} pages/CPU s')
    if baseline:
        texts, rcpu = run_readability(files, {k: v.get('charset') for k, v in results.items()})
        rspeed = len(files) / rcpu if rcpu else float('inf')
        for label, part in [('all', ids), ('half A', halves['A']), ('half B', halves['B'])]:
            f, p, r = body_score(scorer, truth, texts, part)
            print(f'[{name}] {label:6} readability-lxml body F1 {f:.3f} (P {p:.3f} R {r:.3f})')
        print(f'[{name}] readability-lxml: {len(files)} pages in {rcpu:.2f} CPU s = '
              f'{rspeed:.1f} pages/CPU s')
        print(f'[{name}] speed ratio headlined / readability-lxml: {speed / rspeed:.1f}x')


def check_data(data):
    """The data folder's layout, or a message naming what is missing and where."""
    if not data.is_dir():
        return f'no data folder {data}'
    if not (data / 'score.py').is_file():
        return f'{data} has no score.py (the shingle scorer)'
    if not any((data / s / 'html').is_dir() for s in SETS):
        return f'{data} has none of ' + ', '.join(f'{s}/html/' for s in SETS)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('data', nargs='?', default=None,
                    help=f'extraction data folder (default: {DEFAULT_DATA} when it is there)')
    ap.add_argument('--binary', default=str(REPO / 'build' / 'headlined'))
    ap.add_argument('--set', choices=SETS + ['all'], default='all')
    ap.add_argument('--out', default=None, help='where predictions go (default: a temp dir)')
    ap.add_argument('--no-baseline', action='store_true', help='skip readability-lxml')
    ap.add_argument('--per-page', action='store_true', help='per-page F1 and field misses')
    a = ap.parse_args()
    data = Path(a.data) if a.data else DEFAULT_DATA
    problem = check_data(data)
    if problem:
        sys.exit(f'{problem}.\nGive the extraction data folder as the first argument: a folder '
                 f'with score.py and dev/, readability/ or zh/ (each with html/ and, but for '
                 f'zh, ground-truth.json), such as the shared bench/extraction folder.')
    if not Path(a.binary).is_file():
        sys.exit(f'no headlined binary at {a.binary}: build it (cmake --build build --target '
                 f'headlined) or name it with --binary')
    if not a.no_baseline:
        try:
            import readability  # noqa: F401
        except ImportError:
            sys.exit('readability-lxml is missing: apt-get install python3-readability, '
                     'or run with --no-baseline')
    out_dir = Path(a.out) if a.out else Path(tempfile.mkdtemp(prefix='headlined-extraction-'))
    out_dir.mkdir(parents=True, exist_ok=True)
    scorer = load_scorer(data)
    for name in (SETS if a.set == 'all' else [a.set]):
        bench_set(name, data, scorer, a.binary, out_dir, not a.no_baseline, a.per_page)
    print(f'predictions in {out_dir}')


if __name__ == '__main__':
    main()
