"""bench/scale: the bench/crawl site crawled by one headlined node on SQLite (the baseline)
and by 1, 2 and 3 nodes sharing one PostgreSQL database, in one run (docs/benchmarks.md,
docs/scaling.md).

Every node is a long-running `headlined run` daemon (not --once, which takes no source
leases), each with its own `node` name and otherwise the same config; each run starts on a
fresh database. A run is complete when the database holds every article, every source has
recorded a successful poll and no node's search index has a backlog; the nodes' CPU and peak
RSS are read from /proc at that moment, the database server's CPU from its process tree.
Then the nodes are stopped, each page is checked to be stored exactly once, and who stored
what is read from the nodes' own logs."""
import argparse
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "crawl"))
from bench_site import make_site  # noqa: E402
from crawl_bench import free_port, start_nginx  # noqa: E402
from index_cost import index_cost  # noqa: E402
from node_logs import NodeLog, article_fetches, metrics_url, search_backlog  # noqa: E402
from pg_cluster import Cluster, Psql, PsqlError  # noqa: E402
from proc_stats import cpu_seconds, peak_rss_mb, tree_cpu_seconds  # noqa: E402

POLL_SECONDS = 0.25  # how often the database is asked whether the crawl is complete


class Interrupted(Exception):
    pass


def on_signal(signum, _frame):
    raise Interrupted(signal.Signals(signum).name)


def uptime():
    return subprocess.run(["uptime"], stdout=subprocess.PIPE, text=True).stdout.strip()


class SqliteProgress:
    """Stored articles and polled sources of a SQLite database, read while the node writes
    (WAL: a reader does not block the writer)."""

    def __init__(self, path):
        self.path = path
        self.db = None

    def __call__(self):
        if self.db is None:
            if not os.path.exists(self.path):
                return 0, 0, 0
            self.db = sqlite3.connect(f"file:{self.path}?mode=rw", uri=True, timeout=1,
                                      isolation_level=None)
        try:
            stored = self.db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
            polled = self.db.execute(
                "SELECT count(*) FROM sources WHERE last_success IS NOT NULL").fetchone()[0]
            return stored, polled, 0
        except sqlite3.Error:  # not created yet, or busy for a moment
            return 0, 0, 0

    def close(self):
        if self.db is not None:
            self.db.close()


class PgProgress:
    """The same counts on PostgreSQL through one psql session, and the number of client
    connections the nodes hold (this session not counted). Its statements are tagged, so
    pg_stat_statements' list leaves them out, and counted, so the run's transactions can be
    told without them; it scans tables only sequentially, so the index scans counted are
    the nodes'."""

    TAG = "/* bench-monitor */ "

    def __init__(self, url):
        self.psql = Psql(url)
        self.statements = 0
        self._query("SET enable_indexscan = off; SET enable_indexonlyscan = off; "
                    "SET enable_bitmapscan = off")

    def _query(self, sql):
        rows = self.psql.query(self.TAG + sql)
        self.statements += sql.count(";") + 1  # each a transaction that committed
        return rows

    def __call__(self):
        connections = int(self._query(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname = current_database() AND pid <> pg_backend_pid()")[0][0])
        try:
            row = self._query(
                "SELECT (SELECT count(*) FROM snapshots), "
                "(SELECT count(*) FROM sources WHERE last_success IS NOT NULL)")[0]
            return int(row[0]), int(row[1]), connections
        except PsqlError:  # the first node has not made the tables yet
            return 0, 0, connections

    def close(self):
        self.psql.close()


class Nodes:
    """The headlined daemons of one run, each in its own session (a Ctrl-C at the terminal
    reaches only this script, which stops them itself)."""

    every = []  # every run's nodes, for the clean-up after an interruption

    def __init__(self):
        self.procs = []
        Nodes.every.append(self)

    def start(self, binary, config_path, log_path):
        log = open(log_path, "w")
        self.procs.append(subprocess.Popen(
            [binary, "--log-level", "info", "run", "--config", config_path],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True))
        log.close()

    def stop(self, grace=30):
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for p in self.procs:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []


def node_config(base, sources, database, node, args):
    return {
        "database": database,
        "node": node,
        "metrics_listen": "127.0.0.1:0",  # its own free port, logged at start
        "workers": args.workers,
        "crawl": {"max_connections": args.concurrency, "max_per_host": args.concurrency,
                  "host_delay_ms": 0, "robots": True},
        "sources": sources,
        "channels": [{"name": "log", "type": "console"}],
        "subscriptions": [{"name": "never", "query": "\"不会出现的词组\"", "channels": ["log"]}],
    }


def pg_counters(admin, database):
    """Cluster-wide WAL counters and this database's transaction and row counters."""
    wal = admin.query("SELECT wal_records, wal_bytes, wal_write, wal_sync FROM pg_stat_wal")[0]
    db = admin.query("SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, "
                     f"tup_deleted FROM pg_stat_database WHERE datname = '{database}'")
    db = db[0] if db else ["0"] * 5
    keys = ("wal_records", "wal_bytes", "wal_writes", "wal_syncs", "commits", "rollbacks",
            "inserted", "updated", "deleted")
    return dict(zip(keys, (float(v or 0) for v in wal + db)))


def table_stats(url):
    """Per table of the run's database: rows inserted, updated, deleted, and index scans
    (sequential scans are left out: the progress queries make them)."""
    psql = Psql(url)
    try:
        rows = psql.query("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, "
                          "coalesce(idx_scan, 0) FROM pg_stat_user_tables")
        size = int(psql.value("SELECT pg_database_size(current_database())"))
        # The largest relations (a table's TOAST with its table) and the search tokens kept
        # per article: what the GIN index holds.
        largest = psql.query(
            "SELECT c.relname, pg_relation_size(c.oid) + CASE WHEN c.reltoastrelid = 0 THEN 0 "
            "ELSE pg_total_relation_size(c.reltoastrelid) END FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i') "
            "ORDER BY 2 DESC LIMIT 8")
        tokens = float(psql.value("SELECT avg(cardinality(search_tokens)) FROM snapshots") or 0)
    finally:
        psql.close()
    stats = {r[0]: [int(v) for v in r[1:]] for r in rows}
    return stats, size, [(r[0], int(r[1])) for r in largest], tokens


def top_statements(admin, database, limit=14):
    """The statements that took the server's time (execution only: planning is not tracked),
    with their calls, and the total over all statements."""
    where = (f"WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '{database}') "
             "AND query NOT LIKE '%bench-monitor%'")
    rows = admin.query(
        "SELECT calls, total_exec_time, regexp_replace(left(query, 100), '\\s+', ' ', 'g') "
        f"FROM pg_stat_statements {where} ORDER BY total_exec_time DESC LIMIT {limit}")
    total = float(admin.value(f"SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements "
                              f"{where}"))
    return [(int(r[0]), float(r[1]), "|".join(r[2:])) for r in rows], total


def crawl(args, work, label, count, database, progress_of, cluster, admin, site):
    """Runs `count` nodes until the crawl is complete; returns the run's figures."""
    pages, sources, manifest = site["pages"], site["sources"], site["manifest"]
    pg = cluster is not None
    folder = os.path.join(work, f"{label}-{count}")
    os.makedirs(folder)
    if pg:
        admin.query(f"CREATE DATABASE {database_name(count)}")
        if args.statements:
            admin.query("SELECT pg_stat_statements_reset()")
        before = pg_counters(admin, database_name(count))
        server = cluster.postmaster_pid()
        server_cpu_before = tree_cpu_seconds(server)
    logs = []
    nodes = Nodes()
    progress = progress_of(database)
    print(f"{label}, {count} node(s): crawling ...", flush=True)
    try:
        started = time.monotonic()
        for i in range(1, count + 1):
            config_path = os.path.join(folder, f"node-{i}.jsonc")
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(node_config(site["base"], sources, database, f"node-{i}", args), f,
                          ensure_ascii=False)
            logs.append(os.path.join(folder, f"node-{i}.log"))
            nodes.start(args.headlined, config_path, logs[-1])
        max_connections = 0
        while True:
            stored, polled, connections = progress()
            max_connections = max(max_connections, connections)
            wall = time.monotonic() - started
            # Complete means searchable too: SQLite's search index is written by a background
            # step after the commit, and its work belongs to the crawl as PostgreSQL's GIN
            # insert in the article's transaction does.
            if (stored >= pages and polled >= len(sources) and
                    all(search_backlog(metrics_url(log)) == 0 for log in logs)):
                break
            for i, p in enumerate(nodes.procs):
                if p.poll() is not None:
                    tail = open(logs[i], encoding="utf-8", errors="replace").read()[-3000:]
                    raise SystemExit(f"node-{i + 1} exited with {p.returncode}:\n{tail}")
            if wall > args.timeout:
                raise SystemExit(f"{label} with {count} node(s): not complete after "
                                 f"{args.timeout} s ({stored} of {pages} pages, {polled} of "
                                 f"{len(sources)} sources); logs in {folder}")
            time.sleep(POLL_SECONDS)
        # The moment the crawl is complete: what each process has used so far.
        cpu = [cpu_seconds(p.pid) for p in nodes.procs]
        rss = [peak_rss_mb(p.pid) for p in nodes.procs]
        server_cpu = tree_cpu_seconds(server) - server_cpu_before if pg else 0.0
        fetches = [article_fetches(metrics_url(log)) for log in logs]
    finally:
        progress.close()
        nodes.stop()
    if pg:
        # Each backend reports its counters when it exits, soon after its node has gone.
        wait_for_disconnect(admin, database_name(count))
        after = pg_counters(admin, database_name(count))
        after["commits"] -= progress.statements
        # Before this script's own queries on the run's database below.
        statements = top_statements(admin, database_name(count)) if args.statements else None

    run = {"label": label, "nodes": count, "wall": wall, "cpu": cpu, "rss": rss,
           "server_cpu": server_cpu, "fetches": fetches, "connections": max_connections,
           "logs": [NodeLog(log) for log in logs]}
    if pg and statements:
        run["statements"] = statements
    run["stored"], run["problems"] = check_pages(database, manifest, site["base"], pg, cluster,
                                                 run["logs"], pages)
    if pg:
        run["pg"] = {k: after[k] - before.get(k, 0) for k in after}
        run["tables"], run["db_size"], run["largest"], run["tokens"] = table_stats(database)
        if args.index_cost and count == max(args.node_counts):
            run["index_cost"] = index_cost(database)
        admin.query(f"DROP DATABASE {database_name(count)} WITH (FORCE)")
    else:
        run["db_size"] = sum(os.path.getsize(database + s) for s in ("", "-wal")
                             if os.path.exists(database + s))
    return run


def wait_for_disconnect(admin, database, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if admin.value("SELECT count(*) FROM pg_stat_activity WHERE backend_type = "
                       f"'client backend' AND datname = '{database}'") == "0":
            return
        time.sleep(0.05)
    raise SystemExit(f"connections to {database} still open {seconds} s after the nodes stopped")


def database_name(count):
    return f"scale_{count}"


def check_pages(database, manifest, base, pg, cluster, logs, pages):
    """Every page stored exactly once (by URL, in the database and across the nodes' logs),
    and every source polled once."""
    if pg:
        psql = Psql(database)
        try:
            rows = psql.query("SELECT original_url, url FROM snapshots")
        finally:
            psql.close()
    else:
        con = sqlite3.connect(database)
        rows = con.execute("SELECT original_url, url FROM snapshots").fetchall()
        con.close()
    problems = []
    originals = [r[0] for r in rows]
    expected = {base + path for path in manifest}
    missing = expected - set(originals)
    extra = set(originals) - expected
    if missing:
        problems.append(f"{len(missing)} page(s) not stored, e.g. {sorted(missing)[:3]}")
    if extra:
        problems.append(f"{len(extra)} unexpected URL(s), e.g. {sorted(extra)[:3]}")
    for name, column in (("original URL", originals), ("canonical URL", [r[1] for r in rows])):
        if len(set(column)) != len(column):
            problems.append(f"{len(column) - len(set(column))} {name}(s) stored twice")
    logged = [url for log in logs for url in log.stored]
    if len(logged) != len(rows) or len(set(logged)) != len(logged):
        problems.append(f"the nodes logged {len(logged)} stored articles "
                        f"({len(logged) - len(set(logged))} by two nodes); the database has "
                        f"{len(rows)}")
    polls = {}
    for log in logs:
        for source, times in log.polls.items():
            polls[source] = polls.get(source, 0) + times
    twice = sorted(source for source, times in polls.items() if times > 1)
    if twice:  # each is polled once an hour: a second poll in the run is one too many
        problems.append(f"{len(twice)} source(s) polled more than once, e.g. {twice[:3]}")
    for i, log in enumerate(logs):
        for source, error in log.failures[:3]:
            problems.append(f"node-{i + 1}: source '{source}' failed: {error}")
    if len(rows) != pages:
        problems.append(f"{len(rows)} rows for {pages} pages")
    return len(rows), problems


def spread(values):
    mean = sum(values) / len(values)
    return max(values) / mean if mean else 0.0


def report(args, runs, site, start_load, end_load):
    pages = site["pages"]
    print(f"\nsite: {pages} article pages ({pages // 5} in GBK), {len(site['sources']) - 1} "
          f"list pages of {args.per_list} links and 1 feed = {len(site['sources'])} sources "
          f"(each polled once: interval 1h); per node {args.workers} workers, "
          f"{args.concurrency} connections; PostgreSQL 15 with "
          f"{'fsync and synchronous_commit on' if not args.fast_unsafe else 'fsync=off, synchronous_commit=off'}"
          f", shared_buffers at its default")
    print(f"load at start: {start_load}")
    print(f"load at end:   {end_load}")
    print("\n| run | pages | wall s | pages/s | headlined CPU s | database CPU s | pages per CPU s "
          "(headlined) | pages per CPU s (+ database) | peak RSS MB per node | sources per node "
          "| pages per node | spread max/mean (sources, pages) | extra article fetches |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | ---: |")
    for r in runs:
        cpu = sum(r["cpu"])
        both = cpu + r["server_cpu"]
        per_sources = [len(log.polls) for log in r["logs"]]
        per_pages = [len(log.stored) for log in r["logs"]]
        fetched = [f for f in r["fetches"] if f is not None]
        extra = sum(fetched) - r["stored"] if len(fetched) == len(r["fetches"]) else "?"
        name = f"{r['label']}, {r['nodes']} node{'s' if r['nodes'] > 1 else ''}"
        db_cpu = f"{r['server_cpu']:.1f}" if r["label"] != "sqlite" else "(in headlined)"
        print(f"| {name} | {r['stored']} | {r['wall']:.1f} | {r['stored'] / r['wall']:.1f} | "
              f"{cpu:.1f} | {db_cpu} | {r['stored'] / cpu:.1f} | {r['stored'] / both:.1f} | "
              f"{' / '.join(f'{x:.0f}' for x in r['rss'])} | "
              f"{' / '.join(map(str, per_sources))} | {' / '.join(map(str, per_pages))} | "
              f"{spread(per_sources):.2f}, {spread(per_pages):.2f} | {extra} |")
    base = runs[0]
    b_cpu = sum(base["cpu"]) + base["server_cpu"]
    print(f"\nratios to the SQLite run ({base['stored'] / base['wall']:.1f} pages/s, "
          f"{base['stored'] / sum(base['cpu']):.1f} pages per CPU s):")
    for r in runs[1:]:
        cpu = sum(r["cpu"])
        print(f"  postgresql, {r['nodes']} node(s): {(r['stored'] / r['wall']) / (base['stored'] / base['wall']):.2f}x "
              f"pages/s, {(r['stored'] / cpu) / (base['stored'] / sum(base['cpu'])):.2f}x pages per "
              f"headlined CPU s, {(r['stored'] / (cpu + r['server_cpu'])) / (base['stored'] / b_cpu):.2f}x "
              "pages per CPU s with the database")

    pg_runs = [r for r in runs if "pg" in r]
    if pg_runs:
        print("\nthe database per article (PostgreSQL; the WAL counters are the cluster's, "
              "the rest this run's database):")
        print("| nodes | transactions | rows written | WAL records | WAL KB | WAL syncs "
              "| connections (max) | database MB |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in pg_runs:
            p, n = r["pg"], r["stored"]
            rows = p["inserted"] + p["updated"] + p["deleted"]
            print(f"| {r['nodes']} | {p['commits'] / n:.2f} | {rows / n:.1f} | "
                  f"{p['wal_records'] / n:.1f} | {p['wal_bytes'] / n / 1024:.1f} | "
                  f"{p['wal_syncs'] / n:.3f} | {r['connections']} | {r['db_size'] / 2**20:.1f} |")
        print(f"SQLite file (with its WAL) after its run: {base['db_size'] / 2**20:.1f} MB")
        last = pg_runs[-1]
        print(f"\ntables by rows written per 1,000 articles ({last['nodes']} nodes): "
              "inserted / updated / deleted, index scans")
        hot = sorted(last["tables"].items(), key=lambda t: -(t[1][0] + t[1][1] + t[1][2] + t[1][3]))
        for name, (ins, upd, dele, idx) in hot:
            if ins + upd + dele + idx == 0:
                continue
            k = 1000 / last["stored"]
            print(f"  {name:22} {ins * k:7.0f} / {upd * k:6.0f} / {dele * k:6.0f}   "
                  f"{idx * k:7.0f}")
        print(f"\nlargest relations ({last['nodes']} nodes; a table with its TOAST), MB per "
              f"1,000 articles; {last['tokens']:.0f} search tokens per article on average:")
        for name, size in last["largest"]:
            print(f"  {name:32} {size / 2**20 * 1000 / last['stored']:7.1f}")
        if "statements" in last:
            statements, total = last["statements"]
            n = last["stored"]
            print(f"\nstatements by execution time ({last['nodes']} nodes, pg_stat_statements): "
                  f"calls and ms per article; all statements {total / n:.2f} ms per article, "
                  f"the server's CPU {last['server_cpu'] * 1000 / n:.2f} ms")
            for calls, ms, query in statements:
                print(f"  {calls / n:7.3f} {ms / n:7.3f}  {query}")

        if "index_cost" in last:
            print(f"\ninserting the {last['stored']} snapshots again, a row at a time inside the "
                  "server (index_cost.py), ms per row, into a copy of snapshots with:")
            for name, ms in last["index_cost"]:
                print(f"  {name:42} {ms:7.3f}")

    ok = True
    for r in runs:
        for problem in r["problems"]:
            ok = False
            print(f"CHECK FAILED ({r['label']}, {r['nodes']} nodes): {problem}")
    if ok:
        print("\nevery page stored exactly once in every run (by URL, in the database and in "
              "the nodes' logs), every source polled once")
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--headlined", required=True, help="the headlined binary")
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--per-list", type=int, default=25,
                        help="links per list page (each list page is one source)")
    parser.add_argument("--nodes", default="1,2,3", help="node counts on PostgreSQL")
    parser.add_argument("--workers", type=int, default=4, help="source workers per node")
    parser.add_argument("--concurrency", type=int, default=16, help="connections per node")
    parser.add_argument("--fast-unsafe", action="store_true",
                        help="PostgreSQL with fsync, synchronous_commit and full_page_writes "
                        "off (as the tests run it)")
    parser.add_argument("--statements", action="store_true",
                        help="load pg_stat_statements and print the statements per article")
    parser.add_argument("--index-cost", action="store_true",
                        help="after the last run, time inserting its snapshots again into "
                        "copies of the table with and without its indexes")
    parser.add_argument("--timeout", type=float, default=900, help="seconds allowed per run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.node_counts = counts = [int(n) for n in args.nodes.split(",")]

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    start_load = uptime()
    work = tempfile.mkdtemp(prefix="headlined-bench-scale-")
    os.chmod(work, 0o755)
    nginx_conf, cluster, admin = None, None, None
    status = 1
    try:
        site_dir = os.path.join(work, "site")
        print(f"generating {args.pages} article pages in {site_dir} ...", flush=True)
        manifest, lists = make_site(site_dir, args.pages, args.per_list)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(os.path.join(site_dir, "feed.xml.in"), encoding="utf-8") as f:
            feed = f.read().replace("__BASE__", base)
        with open(os.path.join(site_dir, "feed.xml"), "w", encoding="utf-8") as f:
            f.write(feed)
        nginx_conf = start_nginx(work, site_dir, port)
        sources = [{"name": "feed", "type": "feed", "url": base + "/feed.xml",
                    "interval": "1h", "max_articles_per_poll": 100}]
        sources += [{"name": f"list-{k}", "type": "list", "url": f"{base}/list/{k}.html",
                     "link_selector": "ul.articles a", "interval": "1h",
                     "max_articles_per_poll": args.per_list} for k in range(lists)]
        site = {"pages": args.pages, "sources": sources, "manifest": manifest, "base": base}

        cluster = Cluster(os.path.join(work, "pg"), free_port(), durable=not args.fast_unsafe,
                          statements=args.statements)
        cluster.start()
        admin = Psql(cluster.url())
        if args.statements:
            admin.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        print(f"nginx serving {base}; PostgreSQL on 127.0.0.1:{cluster.port}", flush=True)

        runs = [crawl(args, work, "sqlite", 1, os.path.join(work, "sqlite-1.db"), SqliteProgress,
                      None, None, site)]
        for count in counts:
            runs.append(crawl(args, work, "postgresql", count,
                              cluster.url(database_name(count)), PgProgress, cluster, admin, site))
        status = report(args, runs, site, start_load, uptime())
    except Interrupted as e:
        print(f"\ninterrupted ({e}): cleaning up", file=sys.stderr)
        status = 130
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for nodes in Nodes.every:
            nodes.stop()
        if admin:
            admin.close()
        if cluster:
            cluster.stop(fast=False)  # nothing in it is kept
        if nginx_conf:
            stop_nginx(work, nginx_conf)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


def stop_nginx(work, conf):
    try:
        with open(os.path.join(work, "nginx.pid")) as f:
            pid = int(f.read())
    except (OSError, ValueError):
        pid = None
    subprocess.run(["nginx", "-p", work, "-c", conf, "-s", "stop"], check=False,
                   stderr=subprocess.DEVNULL)
    for _ in range(100):  # its files go with the folder: wait until it has gone
        if pid is None or not os.path.exists(f"/proc/{pid}"):
            return
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())
