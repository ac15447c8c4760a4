"""The same-work peer of bench/crawl: what headlined does, built from the usual Python parts.
Scrapy fetches the same site with the same concurrency; readability-lxml extracts title and
body without site-specific selectors (generic extraction, as headlined's); the published time
and the attribution are found in the text by pattern; each article is checked against one
keyword subscription and stored by an SQLite pipeline (WAL, synchronous=FULL, an FTS5 trigram
index kept by triggers, the raw page kept) in one transaction per article. Run with Debian's
/usr/bin/python3 (python3-scrapy, python3-readability)."""
import re
import sqlite3
import sys

import lxml.html
import scrapy
from readability import Document
from scrapy.crawler import CrawlerProcess

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS snapshots (
  id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, title TEXT NOT NULL, body TEXT NOT NULL,
  published TEXT NOT NULL, attribution TEXT NOT NULL, charset TEXT NOT NULL,
  raw_page BLOB NOT NULL, fetched_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS matches (snapshot_id INTEGER NOT NULL, subscription TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS snapshots_fts USING fts5(
  title, body, content = 'snapshots', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER IF NOT EXISTS snapshots_fts_insert AFTER INSERT ON snapshots BEGIN
  INSERT INTO snapshots_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
"""
DATE = re.compile(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?\s*(\d{1,2}):(\d{2})")
ATTRIBUTION = re.compile(r"来源[:：]\s*(\S+)")
SUBSCRIPTION = ("never", "不会出现的词组")


class SqlitePipeline:
    def open_spider(self, spider):
        self.db = sqlite3.connect(spider.database, isolation_level=None)
        self.db.executescript(SCHEMA)

    def close_spider(self, spider):
        self.db.close()

    def process_item(self, item, spider):
        self.db.execute("BEGIN IMMEDIATE")
        known = self.db.execute("SELECT id FROM snapshots WHERE url = ?", (item["url"],)).fetchone()
        if not known:
            cur = self.db.execute(
                "INSERT INTO snapshots (url, title, body, published, attribution, charset, "
                "raw_page, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, julianday('now'))",
                (item["url"], item["title"], item["body"], item["time"], item["source"],
                 item["charset"], item["raw"]))
            if SUBSCRIPTION[1] in item["title"] or SUBSCRIPTION[1] in item["body"]:
                self.db.execute("INSERT INTO matches VALUES (?, ?)",
                                (cur.lastrowid, SUBSCRIPTION[0]))
        self.db.execute("COMMIT")
        return item


class PeerSpider(scrapy.Spider):
    name = "peer"

    def __init__(self, base, lists, **kwargs):
        super().__init__(**kwargs)
        self.base = base
        self.lists = int(lists)

    def start_requests(self):
        yield scrapy.Request(self.base + "/feed.xml", callback=self.parse_feed)
        for k in range(self.lists):
            yield scrapy.Request(f"{self.base}/list/{k}.html", callback=self.parse_list)

    def parse_feed(self, response):
        for link in response.xpath("//item/link/text()").getall():
            yield response.follow(link.strip(), self.parse_article)

    def parse_list(self, response):
        # Every link of the page, as a list source without a selector would take them.
        for href in response.css("a::attr(href)").getall():
            if "/a/" in href:
                yield response.follow(href, self.parse_article)

    def parse_article(self, response):
        doc = Document(response.text)
        summary = lxml.html.fromstring(doc.summary())
        paragraphs = [p.text_content().strip() for p in summary.iter("p")]
        body = "\n".join(p for p in paragraphs if p)
        text = lxml.html.fromstring(response.text).text_content()
        date = DATE.search(text)
        source = ATTRIBUTION.search(text)
        yield {
            "url": response.url,
            "title": doc.title(),
            "body": body,
            "time": (f"{date[1]}-{int(date[2]):02d}-{int(date[3]):02d} "
                     f"{int(date[4]):02d}:{date[5]}") if date else "",
            "source": source[1] if source else "",
            "charset": response.encoding.lower(),
            "raw": response.body,
        }


def main():
    base, lists, concurrency, database = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": "scrapy-bench/1.0",
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "ITEM_PIPELINES": {"__main__.SqlitePipeline": 300},
        }
    )
    process.crawl(PeerSpider, base=base, lists=lists, database=database)
    process.start()


if __name__ == "__main__":
    main()
