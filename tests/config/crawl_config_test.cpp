// The "crawl" object and a source's proxy: defaults, every key, and errors at their place.
#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(ConfigCrawl, LeftOutGivesPoliteDefaults) {
  LoadResult loaded = load_config_text("{}", "c.jsonc");
  ASSERT_TRUE(loaded.ok());
  const CrawlSettings& crawl = loaded.config.crawl;
  EXPECT_EQ(crawl.max_connections, 16);
  EXPECT_EQ(crawl.max_per_host, 2);
  EXPECT_EQ(crawl.host_delay_ms, 250);
  EXPECT_TRUE(crawl.robots);
  EXPECT_EQ(crawl.proxy, "");
  EXPECT_EQ(crawl.retries, 2);
  EXPECT_EQ(crawl.commit_group, 64);
  EXPECT_EQ(crawl.commit_window_ms, 50);
  EXPECT_EQ(crawl.search_index_delay_ms, 1000);
}

TEST(ConfigCrawl, EveryKeyIsRead) {
  LoadResult loaded = load_config_text(R"({
    "crawl": {"max_connections": 64, "max_per_host": 4, "host_delay_ms": 0, "robots": false,
              "proxy": "socks5h://127.0.0.1:1080", "connect_timeout": "5s", "timeout": "1m",
              "max_body_bytes": 1048576, "max_redirects": 3, "retries": 0,
              "commit_group": 16, "commit_window_ms": 200, "search_index_delay_ms": 3000},
    "sources": [
      {"name": "a", "type": "feed", "url": "http://a.example/feed", "proxy": "http://127.0.0.1:3128"},
      {"name": "b", "type": "feed", "url": "http://b.example/feed", "proxy": "none"},
      {"name": "c", "type": "feed", "url": "http://c.example/feed"}
    ]})",
                                       "c.jsonc");
  ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
  const CrawlSettings& crawl = loaded.config.crawl;
  EXPECT_EQ(crawl.max_connections, 64);
  EXPECT_EQ(crawl.max_per_host, 4);
  EXPECT_EQ(crawl.host_delay_ms, 0);
  EXPECT_FALSE(crawl.robots);
  EXPECT_EQ(crawl.proxy, "socks5h://127.0.0.1:1080");
  EXPECT_EQ(crawl.connect_timeout, std::chrono::seconds(5));
  EXPECT_EQ(crawl.timeout, std::chrono::seconds(60));
  EXPECT_EQ(crawl.max_body_bytes, 1048576);
  EXPECT_EQ(crawl.max_redirects, 3);
  EXPECT_EQ(crawl.retries, 0);
  EXPECT_EQ(crawl.commit_group, 16);
  EXPECT_EQ(crawl.commit_window_ms, 200);
  EXPECT_EQ(crawl.search_index_delay_ms, 3000);
  ASSERT_EQ(loaded.config.sources.size(), 3u);
  EXPECT_EQ(loaded.config.sources[0].proxy, "http://127.0.0.1:3128");
  EXPECT_EQ(loaded.config.sources[1].proxy, "none");
  EXPECT_EQ(loaded.config.sources[2].proxy, "");
}

TEST(ConfigCrawl, BadValuesAreReportedAtTheirPlace) {
  LoadResult loaded = load_config_text(R"({
  "crawl": {
    "max_per_host": 0,
    "robots": "yes",
    "proxy": "ftp://proxy.example",
    "speed": 3
  }
})",
                                       "c.jsonc");
  ASSERT_EQ(loaded.errors.size(), 4u);
  EXPECT_EQ(loaded.errors[0].pos.line, 3);
  EXPECT_NE(loaded.errors[0].message.find("max_per_host"), std::string::npos);
  EXPECT_EQ(loaded.errors[1].pos.line, 4);
  EXPECT_NE(loaded.errors[1].message.find("'robots' must be true or false"), std::string::npos);
  EXPECT_EQ(loaded.errors[2].pos.line, 5);
  EXPECT_NE(loaded.errors[2].message.find("socks5://"), std::string::npos);
  EXPECT_EQ(loaded.errors[3].pos.line, 6);
  EXPECT_NE(loaded.errors[3].message.find("unknown key 'speed'"), std::string::npos);
}

}  // namespace
}  // namespace headlined::config
