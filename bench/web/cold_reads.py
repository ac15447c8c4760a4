"""bench/web/cold_reads.py DB [DB ...]: what a snapshot page's row reads cost when the database
is not in memory, and why (docs/web.md, "Cold pages").

For each database (e.g. one from before the raw page moved to snapshot_pages and one after):
evicts the file from the OS cache (posix_fadvise DONTNEED: that file only), then reads 1,000
snapshots at random ids (a different 1,000 per query, so no query finds another's pages
cached) through Python's sqlite3, read-only, with
  1. the columns stored before raw_page in the row (title, subtitle, byline, body);
  2. those and charset, fetched_at (stored after raw_page: what snapshot_text_by_id reads);
  3. the page state query of the web front (the row by its rowid, the story's copies);
and prints p50/p99/mean ms per read and how many MiB of the file the OS read in for each
(fincore before and after). The ids are the same for every database (--seed)."""
import argparse
import os
import random
import subprocess
import sys
import time

QUERIES = [
    ("text stored before raw_page",
     "SELECT title, subtitle, byline, body FROM snapshots WHERE id = ?"),
    ("text and fetched_at (after it)",
     "SELECT title, subtitle, byline, body, charset, fetched_at FROM snapshots WHERE id = ?"),
    ("page state (rowid, story)",
     "SELECT count(m.snapshot_id), ifnull(max(m.snapshot_id), 0) FROM snapshots s "
     "LEFT JOIN story_members self ON self.snapshot_id = s.id "
     "LEFT JOIN story_members m ON m.story_id = self.story_id AND m.snapshot_id != s.id "
     "WHERE s.id = ? GROUP BY s.id"),
]


def evict(path):
    for p in (path, path + "-wal"):
        if os.path.exists(p):
            fd = os.open(p, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def cached_mib(path):
    out = subprocess.run(["fincore", "-b", "-n", "-o", "RES", path], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]) / 2**20


def main():
    import sqlite3
    parser = argparse.ArgumentParser()
    parser.add_argument("databases", nargs="+")
    parser.add_argument("--reads", type=int, default=1000, help="reads per query")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {args.reads} reads per query, "
          "latency in ms, MiB the OS read in")
    for db in args.databases:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        count = con.execute("SELECT max(id) FROM snapshots").fetchone()[0]
        ids = random.Random(args.seed).sample(range(1, count + 1), args.reads * len(QUERIES))
        evict(db)
        print(f"\n{db} ({os.path.getsize(db) / 2**20:.0f} MiB, evicted from the OS cache)")
        for k, (name, sql) in enumerate(QUERIES):
            before = cached_mib(db)
            times = []
            for i in ids[k * args.reads:(k + 1) * args.reads]:
                t = time.perf_counter()
                con.execute(sql, (i,)).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            print(f"  {name:32} p50 {times[len(times) // 2]:7.3f}  "
                  f"p99 {times[int(len(times) * 0.99)]:7.3f}  "
                  f"mean {sum(times) / len(times):7.3f}  read {cached_mib(db) - before:7.1f} MiB")
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
