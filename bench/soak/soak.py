#!/usr/bin/env python3
"""Soak benchmark: the real daemon against many local news sites for a long stretch.

200 sources (each its own loopback host, 127.0.0.1 .. 127.0.0.200, serving an RSS feed with
conditional GET and its article pages), 50,000 subscriptions drawn from real vocabularies
(the jieba dictionary and wamerican), new articles appearing on random sources every
second or so, webhooks to a local receiver. Samples the daemon's RSS and open file
descriptors, and prints:

  - RSS at the end of warm-up, its peak after warm-up and at the end, and end / warm-up
    (flat memory is a ratio near 1.0);
  - open fds at the end of warm-up, their maximum and at the end;
  - p50 / p99 / max time from an article appearing in its feed to its webhook arriving
    (every article carries a probe term one subscription watches), beside the poll
    interval those times are bounded by;
  - with --push-fraction 0.5, half the sources announce a local WebSub hub
    (bench/soak/websub_hub.py) which pushes each new article's feed to the daemon: the
    appearance -> webhook times of pushed and polled sources side by side;
  - whether every match was delivered: each (article, channel) the database owes a message
    for arrived, and no delivery is left pending or dead.

Run through bench/soak/run, which builds the Release binary.
"""

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from websub_hub import Hub

JIEBA_DICT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
ENGLISH_WORDS = "/usr/share/dict/american-english"
PROBE = "测试快讯"  # in every article; the probe subscription times delivery with it


def vocabularies(chinese_count, english_count):
    chinese = []
    with open(JIEBA_DICT, encoding="utf-8") as f:
        for line in f:
            word, freq, _ = (line.split() + ["", ""])[:3]
            if len(word) >= 2 and freq.isdigit():
                chinese.append((int(freq), word))
    # The common words: articles are written with them, so subscriptions do match.
    chinese = [w for _, w in sorted(chinese, reverse=True)[:chinese_count]]
    with open(ENGLISH_WORDS, encoding="utf-8") as f:
        english = [w.strip() for w in f if w.strip().isalpha() and w.strip().islower()]
    english = [w for w in english if len(w) >= 4][:english_count]
    return chinese, english


def make_query(rng, chinese, english):
    words = chinese if rng.random() < 0.8 else english
    terms = [rng.choice(words) for _ in range(rng.randint(1, 4))]
    shape = rng.random()
    if len(terms) == 1:
        return terms[0]
    if shape < 0.5:
        return " ".join(terms)  # AND
    if shape < 0.7:
        return " OR ".join(terms)
    if shape < 0.85:
        return " ".join(terms[:-1]) + " -" + terms[-1]
    if words is english:
        return '"' + " ".join(terms[:2]) + '"' + "".join(" " + t for t in terms[2:])
    return "(" + " OR ".join(terms[:2]) + ")" + "".join(" " + t for t in terms[2:])


class Site:
    """The articles of every source, appended over time; feeds list the newest 20."""

    def __init__(self, sources, port, chinese, english, seed):
        self.lock = threading.Lock()
        self.hub = None  # a websub_hub.Hub when some sources push
        self.pushed = set()  # the sources whose feeds announce the hub
        self.articles = {s: [] for s in range(sources)}  # source -> [(id, title, body, t)]
        self.appeared = {}  # article url -> time.monotonic() it entered its feed
        self.fetched = {}  # article url -> time.monotonic() its page was first asked for
        self.source_of = {}  # article url -> source
        self.port = port
        self.rng = random.Random(seed)
        self.chinese, self.english = chinese, english
        self.next_id = 1

    def host(self, source):
        return "127.0.0.%d" % (source + 1)

    def feed_url(self, source):
        return "http://%s:%d/feed.xml" % (self.host(source), self.port)

    def article_url(self, source, article_id):
        return "http://%s:%d/a/%d.html" % (self.host(source), self.port, article_id)

    def publish(self, source):
        rng = self.rng
        paragraphs = []
        for _ in range(6):
            words = [rng.choice(self.chinese) for _ in range(30)]
            words += [rng.choice(self.english) for _ in range(3)]
            rng.shuffle(words)
            paragraphs.append("".join(words) + "。")
        paragraphs.insert(1, "本台%s：第%d号稿件。" % (PROBE, self.next_id))
        title = "".join(rng.choice(self.chinese) for _ in range(4))
        with self.lock:
            article_id = self.next_id
            self.next_id += 1
            self.articles[source].append((article_id, title, paragraphs, time.time()))
            self.appeared[self.article_url(source, article_id)] = time.monotonic()
            self.source_of[self.article_url(source, article_id)] = source
        if source in self.pushed:  # the publisher pings its hub, which pushes the new feed
            self.hub.publish(self.feed_url(source), self.feed(source)[1].encode(),
                             "application/rss+xml; charset=utf-8")
        return article_id

    def feed(self, source):
        with self.lock:
            newest = self.articles[source][-20:]
        items = "".join(
            "<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate></item>"
            % (t, self.article_url(source, i), self.article_url(source, i), formatdate(ts))
            for i, t, _, ts in reversed(newest))
        etag = '"%d-%d"' % (source, newest[-1][0] if newest else 0)
        links = ""
        if source in self.pushed:
            links = ('<atom:link rel="hub" href="%s"/><atom:link rel="self" href="%s"/>'
                     % (self.hub.url, self.feed_url(source)))
        body = ('<?xml version="1.0" encoding="utf-8"?>'
                '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
                "<title>source %d</title><link>http://%s/</link>%s%s</channel></rss>"
                % (source, self.host(source), links, items))
        return etag, body

    def page(self, article_id):
        with self.lock:
            for source, articles in self.articles.items():
                for i, title, paragraphs, ts in articles:
                    if i == article_id:
                        body = "".join("<p>%s</p>" % p for p in paragraphs)
                        return ("<html><head><meta charset=utf-8><title>%s - 新闻网</title></head>"
                                "<body><nav><a href=/>首页</a></nav><article><h1>%s</h1>"
                                "<div class=info>发布时间：%s 来源：本台</div>%s</article>"
                                "<footer>版权所有</footer></body></html>"
                                % (title, title, time.strftime("%Y-%m-%d %H:%M:%S",
                                                               time.localtime(ts)), body))
        return None


def site_handler(site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body=b"", content_type="text/html; charset=utf-8", etag=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            source = int(self.server.server_address[0].rsplit(".", 1)[1]) - 1
            if self.path == "/feed.xml":
                etag, body = site.feed(source)
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304, etag=etag)
                return self.send(200, body.encode(), "application/rss+xml; charset=utf-8", etag)
            if self.path.startswith("/a/") and self.path.endswith(".html"):
                page = site.page(int(self.path[3:-5]))
                if page:
                    url = site.article_url(source, int(self.path[3:-5]))
                    with site.lock:
                        site.fetched.setdefault(url, time.monotonic())
                    return self.send(200, page.encode())
            self.send(404, b"not found")

    return Handler


class Receiver:
    """The webhook endpoint: records when each (article, channel) first arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.first_arrival = {}  # (channel, article url) -> time.monotonic()
        self.requests = 0
        self.keys = {}  # (channel, article url) -> the idempotency keys it came under

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                now = time.monotonic()
                url = json.loads(body)["article"]["url"]
                channel = self.path.rsplit("/", 1)[1]
                with receiver.lock:
                    receiver.requests += 1
                    receiver.first_arrival.setdefault((channel, url), now)
                    receiver.keys.setdefault((channel, url), set()).add(
                        self.headers.get("Idempotency-Key"))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        return Handler


def serve(server):
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.daemon = True
    thread.start()
    return server


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_sample(pid):
    rss_kb = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
    return rss_kb / 1024.0, len(os.listdir("/proc/%d/fd" % pid))


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--headlined", required=True)
    ap.add_argument("--baseline",
                    help="another headlined binary: run it and --headlined alternately "
                         "(baseline first), each on fresh sites, database and receiver with "
                         "the same seed, and print the two side by side with their ratios")
    ap.add_argument("--pairs", type=int, default=1,
                    help="with --baseline: how many (baseline, new) pairs to run")
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--warmup-minutes", type=float, default=2.0)
    ap.add_argument("--sources", type=int, default=200)
    ap.add_argument("--subscriptions", type=int, default=50000)
    ap.add_argument("--channels", type=int, default=10)
    ap.add_argument("--interval", default="5s", help="each source's poll interval")
    ap.add_argument("--article-every", type=float, default=1.0,
                    help="mean seconds between new articles (at random moments, on random "
                         "sources)")
    ap.add_argument("--push-fraction", type=float, default=0.0,
                    help="share of the sources whose feeds announce a local WebSub hub "
                         "(writes the config key websub, which binaries older than WebSub "
                         "support refuse)")
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    if args.pairs < 1:
        ap.error("--pairs must be at least 1")
    return args


def load_average():
    """The `uptime` line: the machine is shared, so every run says how loaded it was."""
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def stop_daemon(daemon):
    """SIGTERM, then SIGKILL if it does not go; returns its exit status."""
    if daemon.poll() is None:
        daemon.send_signal(signal.SIGTERM)
        try:
            return daemon.wait(timeout=60)
        except subprocess.TimeoutExpired:
            daemon.kill()
    return daemon.wait()


def soak(args, headlined, label):
    """One soak run of `headlined` on fresh sites, database and receiver; prints its figures
    and returns them (a dict). Whatever happens, the daemon is stopped and the servers closed;
    the work folder is removed unless --keep or the run failed (its daemon.log is the clue)."""
    rng = random.Random(args.seed)
    chinese, english = vocabularies(20000, 5000)
    work = tempfile.mkdtemp(prefix="headlined-soak-")
    port = free_port()
    site = Site(args.sources, port, chinese, english, args.seed)
    servers, daemon, db, log = [], None, None, None
    result = {"label": label, "binary": headlined, "uptime_start": load_average(), "ok": False}
    keep_work = args.keep
    try:
        if args.push_fraction > 0:  # every other source first, so both kinds are spread evenly
            site.hub = Hub()
            order = list(range(0, args.sources, 2)) + list(range(1, args.sources, 2))
            site.pushed = set(order[:int(round(args.push_fraction * args.sources))])
        for s in range(args.sources):  # a first article everywhere, before the daemon starts
            site.publish(s)
        first_articles = set(site.appeared)
        handler = site_handler(site)
        for s in range(args.sources):
            servers.append(serve(ThreadingHTTPServer((site.host(s), port), handler)))
        receiver = Receiver()
        hook = serve(ThreadingHTTPServer(("127.0.0.1", 0), receiver.handler()))
        servers.append(hook)
        hook_url = "http://127.0.0.1:%d/hook/" % hook.server_address[1]

        channels = ["probe"] + ["c%d" % i for i in range(args.channels)]
        subscriptions = [{"name": "probe", "query": PROBE, "channels": ["probe"]}]
        for i in range(args.subscriptions - 1):
            subscriptions.append({"name": "s%d" % i, "query": make_query(rng, chinese, english),
                                  "channels": [rng.choice(channels[1:])]})
        config = {
            "database": os.path.join(work, "soak.db"),
            "workers": 4,
            "sources": [{"name": "source%d" % s, "type": "feed",
                         "url": site.feed_url(s), "interval": args.interval,
                         # the hub is on loopback: a discovered address the daemon refuses
                         # unless told
                         "allow_private_addresses": s in site.pushed}
                        for s in range(args.sources)],
            "channels": [{"name": c, "type": "webhook", "url": hook_url + c} for c in channels],
            "subscriptions": subscriptions,
        }
        if site.pushed:
            callback_port = free_port()
            config["websub"] = {"listen": "127.0.0.1:%d" % callback_port,
                                "public_base_url": "http://127.0.0.1:%d" % callback_port}
        config_path = os.path.join(work, "soak.json")
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)

        log = open(os.path.join(work, "daemon.log"), "w")
        print("soak [%s] %s" % (label, headlined))
        print("  uptime at start: %s" % result["uptime_start"])
        started = time.monotonic()
        daemon = subprocess.Popen([headlined, "--log-level", "warn", "run", "--config",
                                   config_path], stdout=log, stderr=subprocess.STDOUT)
        print("soak: %d sources, %d subscriptions, %d channels, a new article every %.1f s, "
              "poll interval %s, %.1f min (warm-up %.1f); work folder %s"
              % (args.sources, args.subscriptions, len(channels), args.article_every,
                 args.interval, args.minutes, args.warmup_minutes, work), flush=True)

        samples = []  # (seconds since start, rss MB, fds)
        end = started + args.minutes * 60
        # Articles appear at random moments (a Poisson process at the given mean rate), as on
        # the web. At a fixed cadence every article of a run fell at the same fraction of a
        # second, and the daemon polls on whole seconds: a run's median wait then depended on
        # that fraction (set by how long the daemon took to start), by up to a second. The
        # gaps come from their own generator, so a pair's two runs see the same schedule.
        gaps = random.Random(args.seed + 1)
        next_article = time.monotonic()
        next_sample = time.monotonic()
        published = 0
        while time.monotonic() < end:
            if daemon.poll() is not None:
                keep_work = True
                print("soak [%s]: the daemon exited with %d; see %s/daemon.log"
                      % (label, daemon.returncode, work), flush=True)
                result["uptime_end"] = load_average()
                return result
            now = time.monotonic()
            if now >= next_article:
                site.publish(rng.randrange(args.sources))
                published += 1
                next_article += gaps.expovariate(1.0 / args.article_every)
            if now >= next_sample:
                rss, fds = process_sample(daemon.pid)
                samples.append((now - started, rss, fds))
                next_sample += 5
                if len(samples) % 12 == 0:
                    with receiver.lock:
                        arrived = len(receiver.first_arrival)
                    print("  %4.0f s: RSS %.1f MB, %d fds, %d articles published, %d messages "
                          "arrived" % (now - started, rss, fds, published, arrived), flush=True)
            time.sleep(0.05)

        # Drain: no new articles; wait until nothing is pending and every owed message arrived.
        db = sqlite3.connect(config["database"], timeout=30)
        drain_deadline = time.monotonic() + 180
        owed = set()
        while time.monotonic() < drain_deadline:
            pending = db.execute(
                "SELECT count(*) FROM deliveries WHERE status = 'pending'").fetchone()[0]
            stored = db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
            owed = set(db.execute("SELECT DISTINCT d.channel, s.url FROM deliveries d "
                                  "JOIN snapshots s ON s.id = d.snapshot_id").fetchall())
            with receiver.lock:
                missing = owed - set(receiver.first_arrival)
            if pending == 0 and not missing and stored == len(site.appeared):
                break
            time.sleep(1)
        rss, fds = process_sample(daemon.pid)
        samples.append((time.monotonic() - started, rss, fds))
        code = stop_daemon(daemon)

        statuses = dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY status"))
        stored = db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        matches = db.execute("SELECT count(*) FROM matches").fetchone()[0]
        with receiver.lock:
            arrivals = dict(receiver.first_arrival)
            requests = receiver.requests
            keys = dict(receiver.keys)
        missing = owed - set(arrivals)
        warmup_end = started + args.warmup_minutes * 60
        latencies = [arrivals[("probe", url)] - appeared
                     for url, appeared in site.appeared.items()
                     if url not in first_articles and ("probe", url) in arrivals]
        # After warm-up: without the first minutes' backlog (every source's first article at
        # once).
        steady = [arrivals[("probe", url)] - appeared for url, appeared in site.appeared.items()
                  if appeared >= warmup_end and ("probe", url) in arrivals]

        # The steady latency in two: waiting for the poll that finds the article (appearance
        # -> its page asked for) and the daemon's own work (page asked for -> webhook: fetch,
        # extraction, matching, commit, dispatch).
        with site.lock:
            fetched = dict(site.fetched)
        timed_urls = [url for url, appeared in site.appeared.items()
                      if appeared >= warmup_end and ("probe", url) in arrivals and url in fetched]
        waits = [fetched[url] - site.appeared[url] for url in timed_urls]
        handling = [arrivals[("probe", url)] - fetched[url] for url in timed_urls]

        warm = [s for s in samples if s[0] >= args.warmup_minutes * 60]
        at_warmup = warm[0] if warm else samples[-1]
        peak_rss = max(s[1] for s in warm) if warm else samples[-1][1]
        repeats = requests - len(arrivals)
        multi_key = sum(1 for k in keys.values() if len(k) > 1)
        delivered = not missing and set(statuses) <= {"sent"}
        print()
        print("articles: %d published, %d stored; %d matches; deliveries %s; %d webhook requests"
              % (len(site.appeared), stored, matches, json.dumps(statuses, sort_keys=True),
                 requests))
        print("every match delivered: %s (%d (article, channel) pairs owed, %d missing)"
              % ("yes" if delivered else "NO", len(owed), len(missing)))
        print("repeats: %d requests beyond one per (article, channel); %d pairs arrived under "
              "more than one idempotency key" % (repeats, multi_key))
        print("RSS MB: %.1f at end of warm-up, peak after warm-up %.1f, end %.1f; end/warm-up %.2f"
              % (at_warmup[1], peak_rss, samples[-1][1], samples[-1][1] / at_warmup[1]))
        print("open fds: %d at end of warm-up, max %d, end %d"
              % (at_warmup[2], max(s[2] for s in samples), samples[-1][2]))
        interval = float(args.interval.rstrip("s"))
        groups = [("all new articles", latencies), ("after warm-up", steady)]
        if site.pushed:
            # Pushed: a pushing source's articles that appeared once its subscription was
            # active (before that they could only be polled), after warm-up like the polled ones.
            def pushed(url):
                topic = site.feed_url(site.source_of[url])
                return site.source_of[url] in site.pushed and \
                    site.appeared[url] >= site.hub.activated_at.get(topic, float("inf"))
            steady_urls = [url for url, appeared in site.appeared.items()
                           if appeared >= warmup_end and ("probe", url) in arrivals]
            groups += [(label_, [arrivals[("probe", url)] - site.appeared[url]
                                 for url in steady_urls if pushed(url) == want])
                       for label_, want in (("pushed sources, after warm-up", True),
                                            ("polled sources, after warm-up", False))]
            active = sum(1 for s in site.pushed if site.hub.is_active(site.feed_url(s)))
            print("websub: %d of %d pushing sources subscribed and verified; hub %s"
                  % (active, len(site.pushed), json.dumps(site.hub.counts, sort_keys=True)))
        for label_, values in groups:
            if values:
                print("appearance -> webhook, s, %s (%d): p50 %.2f, p99 %.2f, max %.2f; "
                      "p50 / poll interval %.2f, p99 / poll interval %.2f"
                      % (label_, len(values), statistics.median(values),
                         percentile(values, 99), max(values),
                         statistics.median(values) / interval,
                         percentile(values, 99) / interval))
        if handling:
            print("after warm-up, in two: appearance -> page fetched p50 %.2f, p99 %.2f; "
                  "page fetched -> webhook p50 %.2f, p99 %.2f"
                  % (statistics.median(waits), percentile(waits, 99), statistics.median(handling),
                     percentile(handling, 99)))
        print("daemon exit status %d after SIGTERM" % code)
        result["uptime_end"] = load_average()
        print("  uptime at end: %s" % result["uptime_end"], flush=True)
        ok = code == 0 and delivered
        keep_work = keep_work or not ok
        result.update({
            "ok": ok, "published": len(site.appeared), "stored": stored,
            "lost": len(site.appeared) - stored, "missing": len(missing),
            "repeats": repeats, "multi_key": multi_key,
            "rss_warmup": at_warmup[1], "rss_peak": peak_rss, "rss_end": samples[-1][1],
            "fds_max": max(s[2] for s in samples),
        })
        for key, values in (("all", latencies), ("steady", steady), ("wait", waits),
                            ("work", handling)):
            if values:
                result[key] = (statistics.median(values), percentile(values, 99), max(values))
        return result
    finally:
        if daemon is not None and daemon.poll() is None:
            stop_daemon(daemon)
        if db is not None:
            db.close()
        if log is not None:
            log.close()
        for server in servers:
            server.shutdown()
            server.server_close()
        if site.hub:
            site.hub.shutdown()
        if keep_work:
            print("soak [%s]: work folder kept: %s" % (label, work))
        else:
            subprocess.run(["rm", "-rf", work])


# The side-by-side table: (row name, how to read it from a run's result, whether a ratio
# new / baseline means anything).
ROWS = [
    ("stored / published", lambda r: "%d / %d" % (r["stored"], r["published"]), False),
    ("lost (not stored)", lambda r: r["lost"], False),
    ("messages missing", lambda r: r["missing"], False),
    ("repeats (requests beyond one)", lambda r: r["repeats"], False),
    ("pairs under >1 key", lambda r: r["multi_key"], False),
    ("RSS MB end of warm-up", lambda r: r["rss_warmup"], True),
    ("RSS MB peak after warm-up", lambda r: r["rss_peak"], True),
    ("open fds max", lambda r: r["fds_max"], True),
    ("all: p50 s", lambda r: r["all"][0], True),
    ("all: p99 s", lambda r: r["all"][1], True),
    ("all: max s", lambda r: r["all"][2], True),
    ("after warm-up: p50 s", lambda r: r["steady"][0], True),
    ("after warm-up: p99 s", lambda r: r["steady"][1], True),
    ("after warm-up: max s", lambda r: r["steady"][2], True),
    ("  poll wait: p50 s", lambda r: r["wait"][0], True),
    ("  poll wait: p99 s", lambda r: r["wait"][1], True),
    ("  fetch to webhook: p50 s", lambda r: r["work"][0], True),
    ("  fetch to webhook: p99 s", lambda r: r["work"][1], True),
]


def cell(value):
    return "%.2f" % value if isinstance(value, float) else str(value)


def print_pairs(results):
    """One column per run (b1, n1, b2, n2, ...), then new / baseline per pair and, with more
    than one pair, the ratio of the medians over the pairs."""
    pairs = [(results[i], results[i + 1]) for i in range(0, len(results) - 1, 2)]
    complete = [(b, n) for b, n in pairs if b["ok"] and n["ok"]]
    print()
    print("paired soak: baseline %s, new %s" % (results[0]["binary"], results[1]["binary"]))
    for i, (b, n) in enumerate(pairs, 1):
        print("  pair %d baseline: %s .. %s" % (i, b["uptime_start"], b.get("uptime_end", "?")))
        print("  pair %d new:      %s .. %s" % (i, n["uptime_start"], n.get("uptime_end", "?")))
    failed = [r["label"] for r in results if not r["ok"]]
    if failed:
        print("failed runs (no figures, or a guarantee broken): %s" % ", ".join(failed))
    if not complete:
        return
    head = []
    for i in range(1, len(complete) + 1):
        head += ["base %d" % i, "new %d" % i, "new/base %d" % i]
    if len(complete) > 1:
        head += ["median new/base"]
    width = 30
    print("%-*s %s" % (width, "", " ".join("%11s" % h for h in head)))
    for name, get, ratio in ROWS:
        cells = []
        for b, n in complete:
            try:
                bv, nv = get(b), get(n)
            except KeyError:  # no latency figures (no article after warm-up)
                bv = nv = "-"
            cells += [cell(bv), cell(nv),
                      "%.2f" % (nv / bv) if ratio and isinstance(bv, (int, float))
                      and bv else ""]
        if len(complete) > 1:
            if ratio:
                try:
                    bm = statistics.median(get(b) for b, _ in complete)
                    nm = statistics.median(get(n) for _, n in complete)
                    cells.append("%.2f" % (nm / bm) if bm else "")
                except KeyError:
                    cells.append("")
            else:
                cells.append("")
        print("%-*s %s" % (width, name, " ".join("%11s" % c for c in cells)))


def interrupted(signum, frame):
    raise KeyboardInterrupt  # SIGTERM and SIGHUP clean up as Ctrl-C does


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    if not args.baseline:
        result = soak(args, args.headlined, "headlined")
        return 0 if result["ok"] else 1
    results = []
    try:
        for i in range(1, args.pairs + 1):
            # Alternating within a pair: the machine's load drifts, and both runs of a pair see
            # nearly the same drift.
            results.append(soak(args, args.baseline, "baseline %d" % i))
            print(flush=True)
            results.append(soak(args, args.headlined, "new %d" % i))
            print(flush=True)
    finally:
        if len(results) >= 2:
            print_pairs(results)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the daemon, servers and work folder are already gone
        sys.exit("soak: interrupted")
