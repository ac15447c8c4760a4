"""bench/web: the web front's latency under load, and what that load costs the crawl.

1. A database with N synthetic snapshots (Chinese and English text, 20 sources, fetched over a
   year, each with a raw page of --raw-kib KiB), written straight into the schema `headlined`
   created, then indexed for search by `headlined run --once`; kept at --db so the next run
   skips this (minutes for 100,000).
2. `headlined serve` on it; wrk with 50 connections (2 threads) for --seconds each on: a
   snapshot page at a random id (/s/ID), a two-character Chinese query (/search?q=招商), a
   rare English word (/search?q=quokka, in about 1 snapshot in 5,000). p50 and p99 from wrk's
   latency distribution.
   Then paced rows (paced_load.cpp: 50 connections, each a request at fixed intervals, with
   a browser's Accept-Encoding; latency from when a request was due, so a server that falls
   behind is charged for it) at each offered rate of --rates (requests/s over the 50
   connections): a page at a random id of all and of the newest 1,000, and both searches,
   with the server's CPU per request. The highest rate at which every row meets the issue's
   goals (page p99 <= 5 ms, search p99 <= 50 ms, no errors) is printed.
3. (unless --no-crawl) The crawl benchmark's site (bench/crawl) crawled by `headlined run
   --once`: alone; while wrk keeps 50 connections busy on the snapshot pages (a closed loop:
   every cycle the front can get, which on a small machine is cycles the crawl loses); while
   paced_load's 50 connections ask for pages at random over all snapshots at that highest
   rate (or --crawl-rate); and alone again. The ratios of pages/s against the mean of the
   two runs alone, and the paced load's latency during the crawl."""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "crawl"))
from bench_site import make_site  # noqa: E402
from crawl_bench import free_port, start_nginx, run_measured  # noqa: E402

CHINESE = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
           "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实"
           "加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样"
           "与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
           "者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
           "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色"
           "光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再"
           "采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马"
           "节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须"
           "际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准")
ENGLISH = ("harbour ferry council budget river school market road station energy report "
           "hospital weather festival museum library bridge farm factory transport housing "
           "police court election water rail airport park tourism trade export price").split()


# Common news words, one every 40 characters or so, so a two-character query such as 招商
# finds its 21 newest hits early (the common case) rather than scanning every snapshot.
WORDS = ("招商", "引资", "经济", "发展", "项目", "企业", "市场", "改革", "民生", "教育")


def chinese_text(rng, chars):
    text = "".join(rng.choice(CHINESE) if i % 40 else rng.choice(WORDS)
                   for i in range(chars))
    # Commas and full stops every few dozen characters, like news prose.
    return "".join(c + ("，" if i % 23 == 22 else "。" if i % 61 == 60 else "")
                   for i, c in enumerate(text))


def english_text(rng, words):
    return " ".join(rng.choice(ENGLISH) for _ in range(words)).capitalize() + "."


def page_chrome(rng, kib):
    """The markup around an article on a news site (navigation, link lists, inline script),
    about `kib` KiB of it: what makes a stored raw page tens of KB although its text is two."""
    links = []
    size = 0
    while size < kib * 1024:
        link = (f'<li><a href="/news/{rng.randrange(10**6)}.html" class="nav-item">'
                f'{english_text(rng, 5)}</a></li>\n')
        links.append(link)
        size += len(link)
    half = len(links) // 2
    head = "<script>window.dataLayer=[];</script><ul class=\"nav\">" + "".join(links[:half])
    return head + "</ul>", "<ul class=\"related\">" + "".join(links[half:]) + "</ul>"


def raw_page(chrome, title, body):
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body>{chrome[0]}<article><h1>{title}</h1>{paragraphs}</article>{chrome[1]}"
            "</body></html>").encode()


def insert_rows(con, rows):
    """As the store writes a snapshot: an empty raw_page in the row, the page in
    snapshot_pages (src/store/snapshots.cpp)."""
    con.executemany(
        "INSERT INTO snapshots (id, url, original_url, source_name, title, subtitle, byline, "
        "attribution, published, body, raw_page, charset, fetched_at, url_hash) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,X'',?,?,?)",
        [r[:10] + r[11:] for r in rows])
    con.executemany("INSERT INTO snapshot_pages (snapshot_id, raw_page) VALUES (?, ?)",
                    [(r[0], r[10]) for r in rows])
    con.commit()


def fill(headlined, db, count, raw_kib):
    """Creates the schema through headlined itself, then inserts `count` snapshots, each with
    a stored raw page of about `raw_kib` KiB (the page is never shown, but it is in the row)."""
    sqlite3.connect(db).close()
    subprocess.run([headlined, "takedown-requests", "--db", db], check=True,
                   stdout=subprocess.DEVNULL)
    rng = random.Random(20240414)
    chrome = page_chrome(rng, raw_kib)
    con = sqlite3.connect(db)
    start = 1_700_000_000
    rows = []
    for i in range(count):
        chinese = i % 2 == 0
        url = f"https://site{i % 20}.example/news/{i}.html"
        if chinese:
            title = chinese_text(rng, 18).rstrip("，。")
            body = "\n".join(chinese_text(rng, 150) for _ in range(4))
        else:
            title = english_text(rng, 8).rstrip(".")
            body = "\n".join(english_text(rng, 60) for _ in range(4))
            if i % 5000 == 1:
                body += "\nA quokka was seen near the harbour."
        rows.append((i + 1, url, url, f"source-{i % 20}", title, "", "", "", "", body,
                     raw_page(chrome, title, body),
                     "utf-8", start + i * 300, hashlib.sha256(url.encode()).hexdigest()[:16]))
        if len(rows) == 10000:
            insert_rows(con, rows)
            rows = []
            print(f"  {i + 1} snapshots", flush=True)
    if rows:
        insert_rows(con, rows)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    # The inserts only queued the snapshots for the search index (the background indexer
    # writes it); a daemon start indexes what is queued before anything else, as after a
    # crash, so one `run --once` with no sources builds the index as the daemon would.
    config = db + ".index.jsonc"
    with open(config, "w", encoding="utf-8") as f:
        json.dump({"database": db, "sources": [], "subscriptions": [],
                   "channels": [{"name": "log", "type": "console"}]}, f)
    print("  indexing for search ...", flush=True)
    subprocess.run([headlined, "--log-level", "warn", "run", "--config", config, "--once"],
                   check=True, stdout=subprocess.DEVNULL)
    os.remove(config)


def start_serve(headlined, db, work):
    log = os.path.join(work, "serve.log")
    port = free_port()
    proc = subprocess.Popen([headlined, "serve", "--db", db, "--listen", f"127.0.0.1:{port}"],
                            stdout=open(log, "w"), stderr=subprocess.STDOUT)
    for _ in range(200):
        with open(log) as f:
            if "web front on" in f.read():
                return proc, port
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("headlined serve did not start: " + open(log).read())


def to_ms(text):
    found = re.match(r"([\d.]+)(us|ms|s|m)", text)
    if not found:
        raise SystemExit(f"wrk printed a latency this script cannot read: {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def evict_from_os_cache(db):
    """Drops the database's pages from the OS page cache (posix_fadvise DONTNEED: this file
    only, nothing else on the machine), so the next reads come from the disk, as they do when
    the database is larger than the memory."""
    for path in (db, db + "-wal"):
        if os.path.exists(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cached_mib(db):
    """How much of the database file the OS has cached (fincore), in MiB; None without it."""
    try:
        out = subprocess.run(["fincore", "-b", "-n", "-o", "RES", db], capture_output=True,
                             text=True, check=True).stdout.split()
        return int(out[0]) / 2**20
    except (OSError, subprocess.CalledProcessError, ValueError, IndexError):
        return None


def cpu_seconds(pid):
    """User and system CPU time the process used so far (from /proc: the server's own cost
    per request, whatever else runs on the machine)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(serve, url, seconds, script=None):
    before = cpu_seconds(serve.pid)
    p50, p99, rps, errors = wrk(url, seconds, script)
    cpu_ms = (cpu_seconds(serve.pid) - before) * 1000 / max(1, rps * seconds)
    return p50, p99, rps, errors, cpu_ms


def build_paced_load(work):
    """Compiles bench/web/paced_load.cpp (one file, no dependencies) into `work`."""
    binary = os.path.join(work, "paced_load")
    subprocess.run(["g++", "-O2", "-std=c++20", "-pthread", os.path.join(here, "paced_load.cpp"),
                    "-o", binary], check=True)
    return binary


# What a browser sends: the listener must pick gzip (brotli at httplib's default quality
# costs milliseconds a page).
BROWSER_ENCODING = "Accept-Encoding: gzip, deflate, br"


CONNECTIONS = 50
PAGE_GOAL_MS = 5
SEARCH_GOAL_MS = 50


def paced_argv(loader, port, seconds, rate, target):
    """50 connections offering `rate` requests/s between them: each a request every
    50/rate s (an open loop: the rate is fixed and latency counts from when a request was
    due). `target` is a path or ("ids", lo, hi)."""
    argv = [loader, "--port", str(port), "--connections", str(CONNECTIONS), "--interval-ms",
            str(CONNECTIONS * 1000 / rate), "--seconds", str(seconds),
            "--header", BROWSER_ENCODING]
    if isinstance(target, tuple):
        argv += ["--random-ids", str(target[2]), "--min-id", str(target[1])]
    else:
        argv += ["--path", target]
    return argv


def paced(loader, serve, port, seconds, rate, target):
    argv = paced_argv(loader, port, seconds, rate, target)
    before = cpu_seconds(serve.pid)
    out = json.loads(subprocess.run(argv, check=True, capture_output=True, text=True).stdout)
    cpu_ms = (cpu_seconds(serve.pid) - before) * 1000 / max(1, out["requests"])
    return out["p50"], out["p99"], out["rate"], out["errors"], cpu_ms


def wrk(url, seconds, script=None):
    argv = ["wrk", "-t2", "-c50", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        argv += ["-s", script]
    out = subprocess.run(argv + [url], check=True, capture_output=True, text=True).stdout
    # Anchored: "+/- Stdev" columns such as "83.50%" end in "50%" too.
    if not re.search(r"^\s+50%\s+\S+", out, re.M):
        raise SystemExit("no latency distribution in wrk's output:\n" + out)
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return p50, p99, rps, int(errors.group(1)) if errors else 0


def crawl(headlined, work, base, lists, pages, tag):
    db = os.path.join(work, f"crawl-{tag}.db")
    sources = [{"name": "feed", "type": "feed", "url": base + "/feed.xml",
                "max_articles_per_poll": 100}]
    sources += [{"name": f"list-{k}", "type": "list", "url": f"{base}/list/{k}.html",
                 "link_selector": "ul.articles a", "max_articles_per_poll": 100}
                for k in range(lists)]
    config = {"database": db, "workers": 4,
              "crawl": {"max_connections": 16, "max_per_host": 16, "host_delay_ms": 0},
              "sources": sources, "channels": [{"name": "log", "type": "console"}],
              "subscriptions": [{"name": "never", "query": "\"不会出现的词组\"",
                                 "channels": ["log"]}]}
    path = os.path.join(work, f"crawl-{tag}.jsonc")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, ensure_ascii=False)
    wall = run_measured([headlined, "--log-level", "warn", "run", "--config", path, "--once"],
                        stdout=subprocess.DEVNULL)[0]
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM snapshots").fetchone()[0]
    return stored, stored / wall


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--headlined", required=True)
    parser.add_argument("--db", default="/tmp/headlined-bench-web.db",
                        help="the filled database, made when missing and kept")
    parser.add_argument("--snapshots", type=int, default=100_000)
    parser.add_argument("--raw-kib", type=int, default=40,
                        help="size of each stored raw page when filling (a news page's markup)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--pages", type=int, default=2000, help="crawl pages")
    parser.add_argument("--rates", default="250,500,1000,2000",
                        help="paced rows: offered rates (requests/s over the 50 connections)")
    parser.add_argument("--crawl-rate", type=float,
                        help="the paced load beside the crawl (default: the highest rate of "
                             "--rates that met every goal)")
    parser.add_argument("--cold", action="store_true",
                        help="evict the database from the OS cache before each row that reads "
                             "pages at random over all snapshots (a database larger than memory)")
    parser.add_argument("--no-crawl", action="store_true",
                        help="latency rows only (the crawl rows take minutes)")
    parser.add_argument("--fill-only", action="store_true",
                        help="make the database and stop (start it early: it takes minutes)")
    args = parser.parse_args()
    rates = sorted(float(r) for r in args.rates.split(","))

    if not os.path.exists(args.db):
        print(f"filling {args.db} with {args.snapshots} snapshots ...", flush=True)
        fill(args.headlined, args.db, args.snapshots, args.raw_kib)
    if args.fill_only:
        return 0
    count = sqlite3.connect(args.db).execute("SELECT count(*) FROM snapshots").fetchone()[0]

    load_at_start = os.getloadavg()[0]
    cached_at_start = cached_mib(args.db)
    work = tempfile.mkdtemp(prefix="headlined-bench-web-")
    os.chmod(work, 0o755)
    serve = None
    conf = None
    try:
        serve, port = start_serve(args.headlined, args.db, work)
        base = f"http://127.0.0.1:{port}"
        script = os.path.join(work, "random_id.lua")
        with open(script, "w") as f:
            f.write(f"math.randomseed(1)\nrequest = function()\n"
                    f"  return wrk.format(nil, '/s/' .. math.random(1, {count}))\nend\n")
        if args.cold:
            evict_from_os_cache(args.db)
        results = [
            ("snapshot page /s/ID", measured(serve, base + "/", args.seconds, script)),
            ("search 招商 (2 chars)",
             measured(serve, base + "/search?q=%E6%8B%9B%E5%95%86", args.seconds)),
            ("search quokka (rare)", measured(serve, base + "/search?q=quokka", args.seconds)),
        ]
        loader = build_paced_load(work)
        hot = max(1, count - 999)
        rows = [(f"page, any of {count}", ("ids", 1, count), PAGE_GOAL_MS),
                ("page, newest 1000", ("ids", hot, count), PAGE_GOAL_MS),
                ("search 招商", "/search?q=%E6%8B%9B%E5%95%86", SEARCH_GOAL_MS),
                ("search quokka", "/search?q=quokka", SEARCH_GOAL_MS)]
        paced_results = []  # (rate, name, measured, met)
        for rate in rates:
            for name, target, goal in rows:
                if args.cold and target == ("ids", 1, count):
                    evict_from_os_cache(args.db)
                m = paced(loader, serve, port, args.seconds, rate, target)
                paced_results.append((rate, name, m, m[1] <= goal and m[3] == 0))
        met = [r for r in rates if all(ok for rate, _, _, ok in paced_results if rate == r)]
        highest = max(met) if met else None
        crawl_rate = args.crawl_rate or highest or min(rates)

        alone, under = None, {}
        if not args.no_crawl:
            site = os.path.join(work, "site")
            manifest, lists = make_site(site, args.pages)
            nginx_port = free_port()
            site_base = f"http://127.0.0.1:{nginx_port}"
            with open(os.path.join(site, "feed.xml.in"), encoding="utf-8") as f:
                feed = f.read().replace("__BASE__", site_base)
            with open(os.path.join(site, "feed.xml"), "w", encoding="utf-8") as f:
                f.write(feed)
            conf = start_nginx(work, site, nginx_port)
            alone = [crawl(args.headlined, work, site_base, lists, args.pages, "alone")]
            under = {}
            load = subprocess.Popen(["wrk", "-t2", "-c50", "-d600s", "-s", script, base + "/"],
                                    stdout=subprocess.DEVNULL)
            try:
                under["saturating"] = crawl(args.headlined, work, site_base, lists, args.pages,
                                            "saturating")
            finally:
                load.terminate()
                load.wait()
            # paced_load prints its latency when stopped: that of the load beside the crawl.
            load = subprocess.Popen(
                paced_argv(loader, port, 3600, crawl_rate, ("ids", 1, count)),
                stdout=subprocess.PIPE, text=True)
            try:
                under["paced"] = crawl(args.headlined, work, site_base, lists, args.pages,
                                       "paced")
            finally:
                load.send_signal(signal.SIGTERM)
                paced_beside_crawl = json.loads(load.communicate()[0])
            alone.append(crawl(args.headlined, work, site_base, lists, args.pages, "alone2"))
    finally:
        if serve:
            serve.terminate()
            serve.wait()
        if conf:
            subprocess.run(["nginx", "-p", work, "-c", conf, "-s", "stop"], check=False)
        shutil.rmtree(work, ignore_errors=True)

    size_mib = os.path.getsize(args.db) / 2**20
    print(f"\n{args.db}: {size_mib:.0f} MiB, " +
          (f"{cached_at_start:.0f} MiB of it in the OS cache at the start" if cached_at_start
           is not None else "OS cache unknown (no fincore)") +
          ("; evicted before each row at random over all (--cold)" if args.cold else ""))
    print(f"\n{count} snapshots, 50 connections, {args.seconds} s each (wrk -t2 -c50)")
    print(f"{'':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'non-2xx':>8} {'CPU ms/req':>10}")
    for name, (p50, p99, rps, errors, cpu_ms) in results:
        print(f"{name:24} {p50:8.2f} {p99:8.2f} {rps:9.0f} {errors:8d} {cpu_ms:10.3f}")
    print(f"\npaced: {CONNECTIONS} connections at an offered rate (requests/s between them), "
          f"{args.seconds} s each, '{BROWSER_ENCODING}'; latency from when each request was "
          f"due; goals: page p99 <= {PAGE_GOAL_MS} ms, search p99 <= {SEARCH_GOAL_MS} ms")
    print(f"{'':8} {'':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'errors':>8} "
          f"{'CPU ms/req':>10}  goal")
    for rate, name, (p50, p99, rps, errors, cpu_ms), ok in paced_results:
        print(f"{rate:6.0f}/s {name:24} {p50:8.2f} {p99:8.2f} {rps:9.0f} {errors:8d} "
              f"{cpu_ms:10.3f}  {'met' if ok else 'NOT met'}")
    for name in dict.fromkeys(name for _, name, _, _ in paced_results):
        ok = [rate for rate, n, _, met_goal in paced_results if n == name and met_goal]
        print(f"  {name}: goal met up to " + (f"{max(ok):.0f}/s" if ok else "none of the rates"))
    print("highest offered rate meeting every goal: " +
          (f"{highest:.0f}/s" if highest else "none of " + args.rates))
    if alone:
        base_rate = sum(r for _, r in alone) / len(alone)
        print(f"\ncrawl of {args.pages} pages: alone {alone[0][1]:.1f} and {alone[1][1]:.1f} "
              f"pages/s (before and after the loaded runs; mean {base_rate:.1f})")
        for tag, label in (("saturating", "wrk, 50 connections flat out (closed loop)"),
                           ("paced", f"paced, 50 connections, {crawl_rate:.0f} pages/s "
                                     f"at random over all {count}")):
            stored, rate = under[tag]
            print(f"  beside {label}: {rate:.1f} pages/s ({stored} stored), "
                  f"ratio {rate / base_rate:.2f}")
        b = paced_beside_crawl
        print(f"  the paced load meanwhile: {b['requests']} requests at {b['rate']:.0f}/s, "
              f"p50 {b['p50']:.2f} ms, p99 {b['p99']:.2f} ms, {b['errors']} errors")
    print(f"load average (1 min) at the start {load_at_start:.2f}, "
          f"at the end {os.getloadavg()[0]:.2f} "
          f"(the machine has {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
