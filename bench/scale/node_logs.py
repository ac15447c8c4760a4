"""What one node did, read from its own log (`--log-level info`) and metrics: the store does
not record which node stored a snapshot, but each node logs every article it committed
("stored #ID 'TITLE' (URL), ...": only when its insert won, not for a URL another node had
stored) and every poll it made ("source 'NAME': N links, ..."), and counts its fetches."""
import re
import urllib.request

STORED = re.compile(r"stored #\d+ '.*' \((\S+)\), \d+ subscription\(s\) matched")
POLLED = re.compile(r"source '([^']+)': (?:\d+ links|not modified)")
FAILED = re.compile(r"source '([^']+)' failed: (.*)")
METRICS = re.compile(r"metrics on (http://\S+/metrics)")


class NodeLog:
    def __init__(self, path):
        self.stored = []  # URLs this node committed, in order
        self.polls = {}  # source name -> polls this node made
        self.failures = []  # (source, error)
        self.metrics_url = None
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if m := STORED.search(line):
                    self.stored.append(m.group(1))
                elif m := POLLED.search(line):
                    self.polls[m.group(1)] = self.polls.get(m.group(1), 0) + 1
                elif m := FAILED.search(line):
                    self.failures.append((m.group(1), m.group(2)))
                elif m := METRICS.search(line):
                    self.metrics_url = m.group(1)


def metrics_url(path):
    """The node's metrics URL once it has logged it (metrics_listen port 0: its own port)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if m := METRICS.search(line):
                    return m.group(1)
    except OSError:
        pass
    return None


def scrape(url):
    """The node's metrics as text, None when unreachable."""
    if not url:
        return None
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return None


def search_backlog(url):
    """headlined_search_index_backlog: snapshots stored but not yet in the search index (on
    SQLite a background step indexes them; on PostgreSQL always 0). None when unknown."""
    for line in (scrape(url) or "").splitlines():
        if line.startswith("headlined_search_index_backlog "):
            return float(line.split()[1])
    return None


def article_fetches(url):
    """headlined_fetches_total{kind="article"} summed over outcomes, None when unreachable."""
    text = scrape(url)
    if text is None:
        return None
    total = 0.0
    for line in text.splitlines():
        if line.startswith("headlined_fetches_total{") and 'kind="article"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return int(total)
