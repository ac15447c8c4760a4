"""The Scrapy side of bench/crawl: the same site, the same concurrency, title/time/source/body
by CSS selector into JSON lines. Run with Debian's /usr/bin/python3 (python3-scrapy)."""
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class NewsSpider(scrapy.Spider):
    name = "news"

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
        for href in response.css("ul.articles a::attr(href)").getall():
            yield response.follow(href, self.parse_article)

    def parse_article(self, response):
        yield {
            "url": response.url,
            "title": response.css("h1.title::text").get(),
            "time": response.css("div.meta span.time::text").get(),
            "source": response.css("div.meta span.source::text").get(),
            "body": "\n".join(response.css("div.content p::text").getall()),
        }


def main():
    base, lists, concurrency, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "USER_AGENT": "scrapy-bench/1.0",
            "LOG_LEVEL": "WARNING",
            "TELNETCONSOLE_ENABLED": False,
            "FEEDS": {out: {"format": "jsonlines", "encoding": "utf8"}},
        }
    )
    process.crawl(NewsSpider, base=base, lists=lists)
    process.start()


if __name__ == "__main__":
    main()
