#!/usr/bin/env python3
"""Adaptive polling against fixed 5-minute polling, on the real daemon (bench/soak/polling).

Two daemons run side by side for the same stretch of real time, each against its own copy
of 200 local news sites that publish the same articles at the same moments: one with the
default adaptive polling (between 2 min and 1 h), one with every source fixed at 5 min.
Prints, per run, the feed requests the sites served, the request rate the daemon's own
chosen intervals come to, and appearance -> webhook p50 / p95 for busy sources and for all.

The sources publish by Poisson processes in their own local time, as bench/schedule's do:
  busy     (10): 8 articles/h from 07:00 to 23:00 local, 1/h at night;
  regular  (70): 0.5/h by day, silent at night;
  quiet   (120): 0.05/h by day, 0.02/h at night;
and 60 % of each kind are in UTC+8, 20 % in UTC+1 and 20 % in UTC-5, so whatever the hour
of the run some sources are in their night.

A week of history. The planner reads each source's arrivals of the last week from the
database (by time of day once it has two days), and a week cannot be waited for. So before
the daemons start, each database is given the week before now of each source's history,
drawn from the same processes: one stored snapshot per past article, at the time it was
stored (nothing else of them is read). The run then measures a daemon that has been
running for a week, at real time scale: the intervals, windows and bounds are the
daemon's own, unscaled; only the length of the run is short (see docs/benchmarks.md).
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
from http.server import ThreadingHTTPServer

from soak import PROBE, Receiver, Site, free_port, percentile, serve, site_handler, vocabularies

KINDS = [("busy", 10, 8.0, 1.0, True), ("regular", 70, 0.5, 0.0, True),
         ("quiet", 120, 0.05, 0.02, False)]  # name, count, per hour by day, at night, -
ZONES = [8, 8, 8, 1, -5]  # hours from UTC, in the proportions 60 / 20 / 20 %
WEEK = 7 * 86400


def source_profiles():
    """[(kind, day rate, night rate, utc offset hours)] for each source, in order."""
    profiles = []
    for kind, count, day, night, _ in KINDS:
        for i in range(count):
            profiles.append((kind, day, night, ZONES[i % len(ZONES)]))
    return profiles


def rate_at(profile, unix_time):
    _, day, night, offset = profile
    local_hour = ((unix_time / 3600.0) + offset) % 24
    return day if 7 <= local_hour < 23 else night


def arrivals(profile, start, end, rng):
    """Poisson arrivals between two unix times, the rate following the local hour (thinning)."""
    peak = max(profile[1], profile[2])
    out, t = [], start
    while peak > 0:
        t += rng.expovariate(peak / 3600.0)
        if t >= end:
            break
        if rng.random() < rate_at(profile, t) / peak:
            out.append(t)
    return out


def counting_handler(site, requests):
    """The soak site's handler, recording when each source's feed was asked for."""
    base = site_handler(site)

    class Handler(base):
        def do_GET(self):
            if self.path == "/feed.xml":
                source = int(self.server.server_address[0].rsplit(".", 1)[1]) - 1
                with site.lock:
                    requests.append((time.monotonic(), source))
            super().do_GET()

    return Handler


def create_database(headlined, work, name):
    """A database with the daemon's schema and nothing in it: opening an empty file with
    `headlined status --db` migrates it to the current schema."""
    path = os.path.join(work, name + ".db")
    open(path, "wb").close()
    subprocess.run([headlined, "--log-level", "warn", "status", "--db", path],
                   check=True, stdout=subprocess.DEVNULL)
    return path


def seed_history(path, history):
    db = sqlite3.connect(path)
    db.executemany(
        "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
        "attribution, published, body, raw_page, charset, fetched_at) "
        "VALUES (?1, ?1, ?2, 'past article', '', '', '', '', '', x'', 'utf-8', ?3)",
        [("http://history.invalid/%d/%d.html" % (s, i), "source%d" % s, int(t))
         for s, times in enumerate(history) for i, t in enumerate(times)])
    db.commit()
    db.close()


class Run:
    """One daemon against its own copy of the sites."""

    def __init__(self, name, args, chinese, english, work, fixed):
        self.name = name
        self.port = free_port()
        self.site = Site(args.sources, self.port, chinese, english, args.seed)
        self.requests = []  # (time.monotonic(), source)
        handler = counting_handler(self.site, self.requests)
        self.servers = [serve(ThreadingHTTPServer((self.site.host(s), self.port), handler))
                        for s in range(args.sources)]
        self.receiver = Receiver()
        self.hook = serve(ThreadingHTTPServer(("127.0.0.1", 0), self.receiver.handler()))
        self.database = create_database(args.headlined, work, name)
        sources = []
        for s in range(args.sources):
            source = {"name": "source%d" % s, "type": "feed", "url": self.site.feed_url(s)}
            if fixed:
                source["interval"] = "5m"
            sources.append(source)
        self.config = os.path.join(work, name + ".json")
        with open(self.config, "w", encoding="utf-8") as f:
            json.dump({"database": self.database, "sources": sources,
                       "channels": [{"name": "probe", "type": "webhook", "url": "http://127.0.0.1:%d/hook/probe"
                                     % self.hook.server_address[1]}],
                       "subscriptions": [{"name": "probe", "query": PROBE,
                                          "channels": ["probe"]}]}, f, ensure_ascii=False)
        self.log = open(os.path.join(work, name + ".log"), "w")

    def start(self, headlined):
        self.daemon = subprocess.Popen([headlined, "--log-level", "warn", "run", "--config",
                                        self.config], stdout=self.log, stderr=subprocess.STDOUT)

    def stop(self):
        self.daemon.send_signal(signal.SIGTERM)
        code = self.daemon.wait(timeout=60)
        for server in self.servers + [self.hook]:
            server.shutdown()
        return code

    def chosen_intervals(self):
        db = sqlite3.connect(self.database, timeout=30)
        rows = db.execute("SELECT name, poll_interval, poll_reason FROM sources").fetchall()
        db.close()
        return {name: (interval, reason) for name, interval, reason in rows}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--headlined", required=True)
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--drain-seconds", type=float, default=420,
                    help="after the last article, how long to wait for its alert")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    args = ap.parse_args()
    args.sources = sum(k[1] for k in KINDS)

    rng = random.Random(args.seed)
    profiles = source_profiles()
    now = time.time()
    history = [arrivals(p, now - WEEK, now, rng) for p in profiles]
    live = sorted((t - now, s) for s, p in enumerate(profiles)
                  for t in arrivals(p, now, now + args.minutes * 60, rng))
    chinese, english = vocabularies(20000, 5000)
    work = tempfile.mkdtemp(prefix="headlined-polling-")
    runs = [Run("adaptive", args, chinese, english, work, fixed=False),
            Run("fixed-5min", args, chinese, english, work, fixed=True)]
    for run in runs:
        seed_history(run.database, history)
    print("polling: %d sources (%s), %d articles in the week of history, %d to appear in "
          "%.0f min; work folder %s" % (args.sources, ", ".join("%d %s" % (k[1], k[0]) for k in KINDS),
                                         sum(map(len, history)), len(live), args.minutes, work),
          flush=True)

    started = time.monotonic()
    for run in runs:
        run.start(args.headlined)
    for offset, source in live:  # the same article on both copies at the same moment
        delay = started + offset - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        for run in runs:
            if run.daemon.poll() is not None:
                sys.exit("polling: the %s daemon exited; see %s/%s.log" % (run.name, work, run.name))
            run.site.publish(source)
    end = started + args.minutes * 60
    time.sleep(max(0.0, end - time.monotonic()))
    measured = time.monotonic() - started
    # Alerts for the last articles may come up to one interval later: wait for them (the
    # requests of this drain are not counted).
    drain_end = time.monotonic() + args.drain_seconds
    while time.monotonic() < drain_end:
        if all(len(r.receiver.first_arrival) >= len(r.site.appeared) for r in runs):
            break
        time.sleep(1)

    kind_of = {s: p[0] for s, p in enumerate(profiles)}
    rows = []
    for run in runs:
        with run.site.lock:
            counted = [s for t, s in run.requests if t <= started + measured]
        # Both daemons poll every source once at start; after that round the policies differ.
        after_first = len(counted) - len(set(counted))
        intervals = run.chosen_intervals()
        planned = sum(3600.0 / i for i, _ in intervals.values() if i)
        with run.receiver.lock:
            arrived = dict(run.receiver.first_arrival)
        latency = {}
        for url, appeared in run.site.appeared.items():
            if ("probe", url) in arrived:
                latency.setdefault(kind_of[run.site.source_of[url]], []).append(
                    arrived[("probe", url)] - appeared)
        busy = latency.get("busy", [])
        every = [v for values in latency.values() for v in values]
        rows.append((run, len(counted), after_first, planned, busy, every,
                     len(run.site.appeared) - sum(map(len, latency.values()))))
        reasons = {}
        for name, (interval, reason) in intervals.items():
            reasons.setdefault(kind_of[int(name[6:])], []).append(interval)
        print("%s: intervals chosen at the last poll, median s: %s" % (run.name, ", ".join(
            "%s %d" % (k, statistics.median(v)) for k, v in sorted(reasons.items()))))
    codes = [run.stop() for run in runs]

    print()
    print("%-11s %9s %11s %12s %10s %9s %9s %8s %7s" % (
        "run", "requests", "after 1st", "after 1st/h", "planned/h", "busy p50", "busy p95",
        "all p95", "missed"))
    for run, counted, after_first, planned, busy, every, missed in rows:
        fmt = lambda v, p: "%.0f s" % percentile(v, p) if v else "-"
        print("%-11s %9d %11d %12.0f %10.0f %9s %9s %8s %7d" % (
            run.name, counted, after_first, after_first * 3600.0 / measured, planned,
            fmt(busy, 50), fmt(busy, 95), fmt(every, 95), missed))
    adaptive, fixed = rows
    change = lambda a, f: 100.0 * (a - f) / f if f else float("nan")
    print("\nadaptive against fixed: requests after the first round %+.1f %%, planned %+.1f %%; "
          "busy sources' articles %d / %d, appearance -> alert p95 %s against %s"
          % (change(adaptive[2], fixed[2]), change(adaptive[3], fixed[3]), len(adaptive[4]),
             len(fixed[4]), "%.0f s" % percentile(adaptive[4], 95) if adaptive[4] else "-",
             "%.0f s" % percentile(fixed[4], 95) if fixed[4] else "-"))
    if not args.keep and codes == [0, 0]:
        subprocess.run(["rm", "-rf", work])
    return 0 if codes == [0, 0] else 1


if __name__ == "__main__":
    sys.exit(main())
