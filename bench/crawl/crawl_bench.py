"""bench/crawl: headlined against Scrapy on one local nginx site (see docs/benchmarks.md).

Generates the site, serves it with Debian's nginx on 127.0.0.1 (its own config, temp dirs and
a free high port), then runs, one after the other and with the same concurrency:
`headlined run --once` (fetch, generic extraction, matching, storing with FTS); plain Scrapy
(site-specific CSS selectors into JSON lines); and the same-work peer (Scrapy + readability-lxml
+ an SQLite pipeline with an FTS5 trigram index, one transaction per article). Prints
pages/second, pages per CPU second and peak RSS of each, side by side, and headlined's ratios
to both, after checking that every page was stored and decoded correctly."""
import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_site import make_site  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(work, site, port):
    for d in ("logs", "tmp"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    conf = os.path.join(work, "nginx.conf")
    tmp = os.path.join(work, "tmp")
    user = "user root root;\n" if os.geteuid() == 0 else ""
    with open(conf, "w") as f:
        f.write(f"""{user}worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  types {{ text/html html; application/rss+xml xml; text/plain txt; }}
  default_type application/octet-stream;
  keepalive_requests 100000;
  sendfile on;
  server {{ listen 127.0.0.1:{port}; root {site}; }}
}}
""")
    subprocess.run(["nginx", "-p", work, "-c", conf], check=True)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return conf
        except OSError:
            time.sleep(0.05)
    raise SystemExit("nginx did not start")


def run_measured(argv, **kwargs):
    """Runs argv; returns (wall seconds, CPU seconds, peak RSS in MB) of that child alone."""
    started = time.monotonic()
    child = subprocess.Popen(argv, **kwargs)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{argv[0]} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def thread_times(pid):
    """CPU seconds of each live thread of pid: {tid: (name, seconds)}."""
    out = {}
    tick = os.sysconf("SC_CLK_TCK")
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, (int(fields[11]) + int(fields[12])) / tick)  # utime, stime
    return out


def search_lag(metrics_url):
    """headlined_search_index_lag_seconds from the daemon's /metrics, None when absent."""
    try:
        with urllib.request.urlopen(metrics_url, timeout=1) as r:
            for line in r.read().decode().splitlines():
                if line.startswith("headlined_search_index_lag_seconds "):
                    return float(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def run_headlined(argv, metrics_url):
    """run_measured for headlined, sampling its threads' CPU every 0.1 s and its search index
    lag every second from the parent (the child's figures do not include the sampling).
    Returns (wall, CPU, RSS, {thread name: CPU s as last seen}, [lag samples])."""
    started = time.monotonic()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    threads, lags, next_scrape = {}, [], started + 1
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        threads.update(thread_times(child.pid))
        if time.monotonic() >= next_scrape:
            next_scrape += 1
            lag = search_lag(metrics_url)
            if lag is not None:
                lags.append(lag)
        time.sleep(0.1)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv[0]} exited with {os.waitstatus_to_exitcode(status)}")
    by_name = {}
    for name, seconds in threads.values():
        by_name[name] = by_name.get(name, 0) + seconds
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, by_name, lags


def check_headlined(db, manifest, base):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT original_url, title, body, charset, published, attribution "
                       "FROM snapshots").fetchall()
    bad = []
    for url, title, body, charset, published, attribution in rows:
        want = manifest.get(url[len(base):])
        if (not want or title != want["title"] or want["first"] not in body
                or charset != want["charset"]):
            bad.append(url)
    return len(rows), bad


def same_charset(got, want):
    # Scrapy reports a page labelled GBK as gb18030, the superset browsers decode it with.
    return got == want or (want == "gbk" and got == "gb18030")


def check_peer(db, manifest, base):
    con = sqlite3.connect(db)
    rows = con.execute("SELECT url, title, body, charset, published, attribution "
                       "FROM snapshots").fetchall()
    bad = []
    for url, title, body, charset, published, attribution in rows:
        want = manifest.get(url[len(base):])
        if (not want or title != want["title"] or want["first"] not in body
                or not same_charset(charset, want["charset"]) or published != want["time"]
                or attribution != want["source"]):
            bad.append(url)
    return len(rows), bad


def check_scrapy(out, manifest, base):
    seen, bad = set(), []
    with open(out, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            want = manifest.get(item["url"][len(base):])
            seen.add(item["url"])
            if (not want or item["title"] != want["title"] or want["first"] not in item["body"]
                    or item["time"] != want["time"]):
                bad.append(item["url"])
    return len(seen), bad


def report_threads(name, cpu, threads, lags):
    """The threads' shares of the process's CPU, and the search index lag seen under the crawl."""
    top = sorted(threads.items(), key=lambda t: -t[1])[:4]
    shares = ", ".join(f"{n} {s:.1f} s ({s / cpu:.0%})" for n, s in top)
    print(f"{name} threads by CPU (sampled every 0.1 s): {shares}")
    if lags:
        print(f"{name} search index lag, s, sampled every second: max {max(lags):.2f}, "
              f"mean {sum(lags) / len(lags):.2f} ({len(lags)} samples)")


def report_headlined(args, runs):
    """Only headlined (and the baseline): the table's lines, the threads and the ratio."""
    print(f"\nsite: {args.pages} article pages, concurrency {args.concurrency}; "
          f"load {os.getloadavg()[0]:.2f} at the end")
    ok = True
    for name, (wall, cpu, rss, threads, lags, count, bad) in runs.items():
        print(f"| {name:10} | {count:5d} | {count / wall:7.1f} pages/s | {count / cpu:7.1f} "
              f"pages/CPU s | {cpu / count * 1000:6.2f} CPU s/1k | {rss:6.1f} MB | {len(bad)} wrong |")
        report_threads(name, cpu, threads, lags)
        ok = ok and count == args.pages and not bad
    if "baseline" in runs:
        b, h = runs["baseline"], runs["headlined"]
        print(f"headlined / baseline: {(h[5] / h[1]) / (b[5] / b[1]):.2f}x pages per CPU second, "
              f"{(h[5] / h[0]) / (b[5] / b[0]):.2f}x pages/s")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--headlined", required=True, help="the headlined binary")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--baseline", help="another headlined binary (e.g. a build of main) to "
                        "run on the same site first, for a before/after comparison")
    parser.add_argument("--headlined-only", action="store_true",
                        help="skip Scrapy and the same-work peer")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="headlined-bench-crawl-")
    os.chmod(work, 0o755)
    site = os.path.join(work, "site")
    conf = None
    try:
        print(f"generating {args.pages} article pages in {site} ...", flush=True)
        manifest, lists = make_site(site, args.pages)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(os.path.join(site, "feed.xml.in"), encoding="utf-8") as f:
            feed = f.read().replace("__BASE__", base)
        with open(os.path.join(site, "feed.xml"), "w", encoding="utf-8") as f:
            f.write(feed)
        conf = start_nginx(work, site, port)
        print(f"nginx serving {base}", flush=True)

        sources = [{"name": "feed", "type": "feed", "url": base + "/feed.xml",
                    "max_articles_per_poll": 100}]
        sources += [{"name": f"list-{k}", "type": "list", "url": f"{base}/list/{k}.html",
                     "link_selector": "ul.articles a", "max_articles_per_poll": 100}
                    for k in range(lists)]
        metrics_port = free_port()
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        config = {
            "metrics_listen": f"127.0.0.1:{metrics_port}",
            "workers": 4,
            "crawl": {"max_connections": args.concurrency, "max_per_host": args.concurrency,
                      "host_delay_ms": 0, "robots": True},
            "sources": sources,
            "channels": [{"name": "log", "type": "console"}],
            "subscriptions": [{"name": "never", "query": "\"不会出现的词组\"",
                               "channels": ["log"]}],
        }

        def crawl(binary, name):
            db = os.path.join(work, f"{name}.db")
            config_path = os.path.join(work, f"{name}.jsonc")
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(dict(config, database=db), f, ensure_ascii=False)
            print(f"{name}: crawling, extracting, storing ...", flush=True)
            wall, cpu, rss, threads, lags = run_headlined(
                [binary, "--log-level", "warn", "run", "--config", config_path, "--once"],
                metrics_url)
            count, bad = check_headlined(db, manifest, base)
            return wall, cpu, rss, threads, lags, count, bad

        runs = {}
        if args.baseline:
            runs["baseline"] = crawl(args.baseline, "baseline")
        runs["headlined"] = crawl(args.headlined, "headlined")
        h_wall, h_cpu, h_rss, _, _, h_count, h_bad = runs["headlined"]
        if args.headlined_only:
            return report_headlined(args, runs)

        print("scrapy: crawling, extracting to JSON lines ...", flush=True)
        out = os.path.join(work, "scrapy.jsonl")
        spider = os.path.join(os.path.dirname(os.path.abspath(__file__)), "news_spider.py")
        s_wall, s_cpu, s_rss = run_measured(["/usr/bin/python3", spider, base, str(lists),
                                             str(args.concurrency), out])
        s_count, s_bad = check_scrapy(out, manifest, base)

        print("same-work peer: scrapy + readability-lxml + SQLite with FTS5 ...", flush=True)
        peer_db = os.path.join(work, "peer.db")
        peer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peer_spider.py")
        p_wall, p_cpu, p_rss = run_measured(["/usr/bin/python3", peer, base, str(lists),
                                             str(args.concurrency), peer_db])
        p_count, p_bad = check_peer(peer_db, manifest, base)
    finally:
        if conf:
            subprocess.run(["nginx", "-p", work, "-c", conf, "-s", "stop"], check=False)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    def line(name, count, wall, cpu, rss, bad):
        print(f"| {name:36} | {count:5d} | {count / wall:7.1f} | {count / cpu:7.1f} | "
              f"{cpu / count * 1000:6.2f} | {rss:6.1f} | {len(bad):5d} |")

    print(f"\nsite: {args.pages} article pages ({args.pages // 5} in GBK), {lists} list pages, "
          f"1 feed; concurrency {args.concurrency}; load {os.getloadavg()[0]:.2f} at the end")
    print("| crawler                              | pages | pages/s | pages/CPU s "
          "| CPU s/1k | peak RSS MB | wrong |")
    line("scrapy (CSS selectors, JSON lines)", s_count, s_wall, s_cpu, s_rss, s_bad)
    line("same-work peer (readability, FTS5)", p_count, p_wall, p_cpu, p_rss, p_bad)
    if "baseline" in runs:
        b_wall, b_cpu, b_rss, _, _, b_count, b_bad = runs["baseline"]
        line("baseline headlined run --once", b_count, b_wall, b_cpu, b_rss, b_bad)
    line("headlined run --once", h_count, h_wall, h_cpu, h_rss, h_bad)
    for name, run in runs.items():
        report_threads(name, run[1], run[3], run[4])
    print(f"headlined / same-work peer: {(h_count / h_cpu) / (p_count / p_cpu):.1f}x pages per "
          f"CPU second (goal 5), {(h_count / h_wall) / (p_count / p_wall):.1f}x pages/s")
    print(f"headlined / scrapy: {(h_count / h_cpu) / (s_count / s_cpu):.1f}x pages per CPU "
          f"second (goal 2), {(h_count / h_wall) / (s_count / s_wall):.1f}x pages/s (goal 2.5)")
    print(f"headlined peak RSS: {h_rss:.1f} MB (goal <= 200)")
    ok = (h_count == args.pages and not h_bad and s_count == args.pages and not s_bad
          and p_count == args.pages and not p_bad)
    if not ok:
        print(f"CHECK FAILED: headlined stored {h_count} ({len(h_bad)} wrong, e.g. {h_bad[:3]}), "
              f"scrapy got {s_count} ({len(s_bad)} wrong, e.g. {s_bad[:3]}), "
              f"the peer stored {p_count} ({len(p_bad)} wrong, e.g. {p_bad[:3]})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
