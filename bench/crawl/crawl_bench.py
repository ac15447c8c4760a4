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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--headlined", required=True, help="the headlined binary")
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
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
        db = os.path.join(work, "headlined.db")
        config = {
            "database": db,
            "workers": 4,
            "crawl": {"max_connections": args.concurrency, "max_per_host": args.concurrency,
                      "host_delay_ms": 0, "robots": True},
            "sources": sources,
            "channels": [{"name": "log", "type": "console"}],
            "subscriptions": [{"name": "never", "query": "\"不会出现的词组\"",
                               "channels": ["log"]}],
        }
        config_path = os.path.join(work, "headlined.jsonc")
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)

        print("headlined: crawling, extracting, storing ...", flush=True)
        h_wall, h_cpu, h_rss = run_measured([args.headlined, "--log-level", "warn", "run", "--config",
                                      config_path, "--once"], stdout=subprocess.DEVNULL)
        h_count, h_bad = check_headlined(db, manifest, base)

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
    line("headlined run --once", h_count, h_wall, h_cpu, h_rss, h_bad)
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
