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
   a browser's Accept-Encoding; latency from when a request was due): a page at a random id
   of all and of the newest 1,000, and both searches, with the server's CPU per request.
3. (unless --no-crawl) The crawl benchmark's site (bench/crawl) crawled by `headlined run --once` three times:
   alone; while wrk keeps 50 connections busy on the snapshot pages (a closed loop: every
   cycle the front can get, which on a small machine is cycles the crawl loses); and while
   the 50 connections each ask for a page every 100 ms (at most 500 pages/s, a heavy but
   paced load). The ratios of pages/s against the crawl alone."""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
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
        rows.append((url, url, f"source-{i % 20}", title, "", "", "", "", body,
                     raw_page(chrome, title, body),
                     "utf-8", start + i * 300, hashlib.sha256(url.encode()).hexdigest()[:16]))
        if len(rows) == 10000:
            con.executemany(
                "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
                "attribution, published, body, raw_page, charset, fetched_at, url_hash) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            con.commit()
            rows = []
            print(f"  {i + 1} snapshots", flush=True)
    if rows:
        con.executemany(
            "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
            "attribution, published, body, raw_page, charset, fetched_at, url_hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        con.commit()
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


def paced(loader, serve, port, seconds, interval_ms, target):
    """50 connections, each a request every interval_ms (an open loop: the rate is fixed and
    latency counts from when a request was due). `target` is a path or ("ids", lo, hi)."""
    argv = [loader, "--port", str(port), "--connections", "50", "--interval-ms",
            str(interval_ms), "--seconds", str(seconds), "--header", BROWSER_ENCODING]
    if isinstance(target, tuple):
        argv += ["--random-ids", str(target[2]), "--min-id", str(target[1])]
    else:
        argv += ["--path", target]
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
    parser.add_argument("--page-interval-ms", type=float, default=20,
                        help="paced rows: each connection's interval between page requests")
    parser.add_argument("--search-interval-ms", type=float, default=500,
                        help="paced rows: each connection's interval between searches")
    parser.add_argument("--no-crawl", action="store_true",
                        help="latency rows only (the crawl rows take minutes)")
    parser.add_argument("--fill-only", action="store_true",
                        help="make the database and stop (start it early: it takes minutes)")
    args = parser.parse_args()

    if not os.path.exists(args.db):
        print(f"filling {args.db} with {args.snapshots} snapshots ...", flush=True)
        fill(args.headlined, args.db, args.snapshots, args.raw_kib)
    if args.fill_only:
        return 0
    count = sqlite3.connect(args.db).execute("SELECT count(*) FROM snapshots").fetchone()[0]

    load_at_start = os.getloadavg()[0]
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
        results = [
            ("snapshot page /s/ID", measured(serve, base + "/", args.seconds, script)),
            ("search 招商 (2 chars)",
             measured(serve, base + "/search?q=%E6%8B%9B%E5%95%86", args.seconds)),
            ("search quokka (rare)", measured(serve, base + "/search?q=quokka", args.seconds)),
        ]
        loader = build_paced_load(work)
        hot = max(1, count - 999)
        page_rate = 50 * 1000 / args.page_interval_ms
        search_rate = 50 * 1000 / args.search_interval_ms
        paced_results = [
            (f"page, any of {count} ({page_rate:.0f}/s)",
             paced(loader, serve, port, args.seconds, args.page_interval_ms, ("ids", 1, count))),
            (f"page, newest 1000 ({page_rate:.0f}/s)",
             paced(loader, serve, port, args.seconds, args.page_interval_ms,
                   ("ids", hot, count))),
            (f"search 招商 ({search_rate:.0f}/s)",
             paced(loader, serve, port, args.seconds, args.search_interval_ms,
                   "/search?q=%E6%8B%9B%E5%95%86")),
            (f"search quokka ({search_rate:.0f}/s)",
             paced(loader, serve, port, args.seconds, args.search_interval_ms,
                   "/search?q=quokka")),
        ]

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
            paced_lua = os.path.join(work, "paced.lua")
            with open(paced_lua, "w") as f:
                f.write(open(script).read() + "delay = function()\n  return 100\nend\n")
            alone = crawl(args.headlined, work, site_base, lists, args.pages, "alone")
            under = {}
            for tag, lua in (("saturating", script), ("paced", paced_lua)):
                load = subprocess.Popen(["wrk", "-t2", "-c50", "-d600s", "-s", lua, base + "/"],
                                        stdout=subprocess.DEVNULL)
                try:
                    under[tag] = crawl(args.headlined, work, site_base, lists, args.pages, tag)
                finally:
                    load.terminate()
                    load.wait()
    finally:
        if serve:
            serve.terminate()
            serve.wait()
        if conf:
            subprocess.run(["nginx", "-p", work, "-c", conf, "-s", "stop"], check=False)
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n{count} snapshots, 50 connections, {args.seconds} s each (wrk -t2 -c50)")
    print(f"{'':24} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'non-2xx':>8} {'CPU ms/req':>10}")
    for name, (p50, p99, rps, errors, cpu_ms) in results:
        print(f"{name:24} {p50:8.2f} {p99:8.2f} {rps:9.0f} {errors:8d} {cpu_ms:10.3f}")
    print(f"\npaced: 50 connections, each a request every {args.page_interval_ms} ms (pages) "
          f"or {args.search_interval_ms} ms (searches), {args.seconds} s each, "
          f"'{BROWSER_ENCODING}'; latency from when each request was due")
    print(f"{'':34} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>9} {'non-2xx':>8} {'CPU ms/req':>10}")
    for name, (p50, p99, rps, errors, cpu_ms) in paced_results:
        print(f"{name:34} {p50:8.2f} {p99:8.2f} {rps:9.0f} {errors:8d} {cpu_ms:10.3f}")
    if alone:
        print(f"\ncrawl of {args.pages} pages: alone {alone[1]:.1f} pages/s ({alone[0]} stored)")
        for tag, label in (("saturating", "50 connections flat out"),
                           ("paced", "50 connections, a page each per 100 ms")):
            stored, rate = under[tag]
            print(f"  under {label}: {rate:.1f} pages/s ({stored} stored), "
                  f"ratio {rate / alone[1]:.2f}")
    print(f"load average (1 min) at the start {load_at_start:.2f}, "
          f"at the end {os.getloadavg()[0]:.2f} "
          f"(the machine has {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
