// The crawler's politeness and resilience against real servers on 127.0.0.1: per-host and
// global limits, per-host delay, robots.txt, retries of 429/5xx, hostile servers (dripping,
// endless, gzip bomb), content types, proxies and charsets.

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "headlined/fetch/fetcher.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"
#include "support/time_scale.hpp"

namespace headlined::fetch {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::read_fixture;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

CrawlPolicy no_delay() {
  CrawlPolicy policy;
  policy.host_delay = 0ms;
  return policy;
}

FetchOptions quick_retries() {
  FetchOptions options;
  options.retry_base = 20ms;
  return options;
}

void expect_error(const Result<Response>& r, const std::string& reason) {
  ASSERT_FALSE(r.has_value()) << "unexpected success, status " << r->status;
  EXPECT_NE(r.error().what.find(reason), std::string::npos) << r.error().to_string();
}

// Counts requests in flight on a server, and the most seen at once.
struct Concurrency {
  std::atomic<int> now{0}, most{0}, total{0};
  void enter() {
    ++total;
    const int n = ++now;
    int seen = most.load();
    while (n > seen && !most.compare_exchange_weak(seen, n)) {
    }
  }
  void leave() { --now; }
};

// Fetches every URL at once through one fetcher and returns how many succeeded.
int fetch_all(const Fetcher& fetcher, const std::vector<std::string>& urls) {
  FetchBatch batch(fetcher);
  for (std::size_t i = 0; i < urls.size(); ++i) batch.add(urls[i], fetcher.defaults(), i);
  int ok = 0;
  while (auto done = batch.next()) ok += done->response ? 1 : 0;
  return ok;
}

TEST(Crawl, PerHostLimitHoldsAndEveryFetchCompletes) {
  LocalServer server;
  Concurrency seen;
  server.server().Get(R"(/a/\d+\.html)", [&](const httplib::Request&, httplib::Response& res) {
    seen.enter();
    std::this_thread::sleep_for(50ms);
    seen.leave();
    res.set_content("<p>x</p>", "text/html");
  });
  server.start();

  CrawlPolicy policy = no_delay();
  policy.max_per_host = 2;
  Fetcher fetcher({}, policy);
  std::vector<std::string> urls;
  for (int i = 0; i < 8; ++i) urls.push_back(server.url("/a/" + std::to_string(i) + ".html"));
  EXPECT_EQ(fetch_all(fetcher, urls), 8);
  EXPECT_EQ(seen.total, 8);
  EXPECT_LE(seen.most, 2);
  EXPECT_EQ(seen.most, 2);  // and the limit is used, not one at a time
}

TEST(Crawl, GlobalLimitHoldsAcrossHosts) {
  LocalServer first, second;
  Concurrency seen;
  for (LocalServer* s : {&first, &second}) {
    s->server().Get(R"(/a/\d+\.html)", [&](const httplib::Request&, httplib::Response& res) {
      seen.enter();
      std::this_thread::sleep_for(50ms);
      seen.leave();
      res.set_content("<p>x</p>", "text/html");
    });
    s->start();
  }
  CrawlPolicy policy = no_delay();
  policy.max_per_host = 4;
  policy.max_connections = 3;
  Fetcher fetcher({}, policy);
  std::vector<std::string> urls;
  for (int i = 0; i < 6; ++i) {
    urls.push_back(first.url("/a/" + std::to_string(i) + ".html"));
    urls.push_back(second.url("/a/" + std::to_string(i) + ".html"));
  }
  EXPECT_EQ(fetch_all(fetcher, urls), 12);
  EXPECT_LE(seen.most, 3);
}

TEST(Crawl, RequestsToOneHostAreSpacedByTheHostDelay) {
  LocalServer server;
  std::mutex mutex;
  std::vector<Clock::time_point> starts;
  server.server().Get(R"(/a/\d+\.html)", [&](const httplib::Request&, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      starts.push_back(Clock::now());
    }
    res.set_content("<p>x</p>", "text/html");
  });
  server.start();
  CrawlPolicy policy;
  policy.host_delay = 150ms;
  policy.max_per_host = 4;
  policy.robots = false;
  Fetcher fetcher({}, policy);
  const auto began = Clock::now();
  EXPECT_EQ(fetch_all(fetcher,
                      {server.url("/a/1.html"), server.url("/a/2.html"), server.url("/a/3.html")}),
            3);
  // Seen by the client, which no server scheduling can shorten: three requests to one host
  // take at least two delays.
  EXPECT_GE(Clock::now() - began, 2 * 150ms);
  ASSERT_EQ(starts.size(), 3u);
  std::sort(starts.begin(), starts.end());
  // Seen by the server, a gap can be shorter than the delay by how much later the first
  // request's handler ran than the next one's (a new connection, a server thread starting):
  // up to 20 ms here, more under a sanitizer on a busy machine (TSan measured 130 ms).
  const auto slack = std::chrono::duration_cast<std::chrono::milliseconds>(
      20ms * headlined::testing::time_scale());
  EXPECT_GE(starts[1] - starts[0], 150ms - slack);
  EXPECT_GE(starts[2] - starts[1], 150ms - slack);
}

TEST(Crawl, RobotsTxtIsFetchedOnceAndDisallowedPathsAreNeverRequested) {
  LocalServer server;
  std::atomic<int> robots_requests{0}, secret_requests{0};
  server.server().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
    ++robots_requests;
    res.set_content("User-agent: *\nDisallow: /\n\nUser-agent: headlined\nDisallow: /secret/\n",
                    "text/plain");
  });
  server.server().Get(R"(/secret/.*)", [&](const httplib::Request&, httplib::Response& res) {
    ++secret_requests;
    res.set_content("<p>secret</p>", "text/html");
  });
  server.server().Get(R"(/news/.*)", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("<p>news</p>", "text/html");
  });
  server.start();

  FetchOptions options;
  options.user_agent = "headlined/0.1 (+https://example.invalid)";
  Fetcher fetcher(options, no_delay());
  expect_error(fetcher.get(server.url("/secret/a.html")), "disallowed by robots.txt");
  const auto news = fetcher.get(server.url("/news/a.html"));
  ASSERT_TRUE(news) << news.error().to_string();
  EXPECT_EQ(news->body, "<p>news</p>");
  EXPECT_EQ(secret_requests, 0);
  EXPECT_EQ(robots_requests, 1);

  // Another user agent falls under "*", which disallows everything.
  FetchOptions other = options;
  other.user_agent = "OtherBot/1.0";
  expect_error(fetcher.get(server.url("/news/a.html"), other), "disallowed by robots.txt");

  // Turned off, robots.txt is neither asked for nor obeyed.
  CrawlPolicy ignore = no_delay();
  ignore.robots = false;
  const auto secret = Fetcher(options, ignore).get(server.url("/secret/a.html"));
  ASSERT_TRUE(secret) << secret.error().to_string();
  EXPECT_EQ(robots_requests, 1);
}

TEST(Crawl, CrawlDelayFromRobotsTxtSpacesRequests) {
  LocalServer server;
  std::mutex mutex;
  std::vector<Clock::time_point> starts;
  server.server().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nCrawl-delay: 0.2\n", "text/plain");
  });
  server.server().Get(R"(/a/\d+\.html)", [&](const httplib::Request&, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      starts.push_back(Clock::now());
    }
    res.set_content("<p>x</p>", "text/html");
  });
  server.start();
  CrawlPolicy policy = no_delay();
  policy.max_per_host = 4;
  Fetcher fetcher({}, policy);
  EXPECT_EQ(fetch_all(fetcher, {server.url("/a/1.html"), server.url("/a/2.html")}), 2);
  ASSERT_EQ(starts.size(), 2u);
  std::sort(starts.begin(), starts.end());
  EXPECT_GE(starts[1] - starts[0], 190ms);
}

TEST(Crawl, TooManyRequestsWithRetryAfterIsWaitedForThenRetried) {
  LocalServer server;
  std::atomic<int> requests{0};
  server.server().Get("/busy", [&](const httplib::Request&, httplib::Response& res) {
    if (++requests == 1) {
      res.status = 429;
      res.set_header("Retry-After", "1");
      return;
    }
    res.set_content("<p>now</p>", "text/html");
  });
  server.server().Get("/later", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "3600");
  });
  server.start();
  Fetcher fetcher(quick_retries(), no_delay());
  const auto started = Clock::now();
  const auto r = fetcher.get(server.url("/busy"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_GE(Clock::now() - started, 950ms);  // the server's Retry-After was honoured
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(requests, 2);

  // A wait longer than max_retry_wait is not sat out: the fetch fails at once, saying why.
  expect_error(fetcher.get(server.url("/later")), "HTTP 429 (Retry-After 3600 s");
}

TEST(Crawl, ServerErrorsAreRetriedWithBackoffUntilRecovery) {
  LocalServer server;
  std::atomic<int> requests{0};
  server.server().Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
    if (++requests <= 2) {
      res.status = 500;
      return;
    }
    res.set_content("<p>recovered</p>", "text/html");
  });
  server.server().Get("/down",
                      [&](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.start();
  Fetcher fetcher(quick_retries(), no_delay());
  const auto r = fetcher.get(server.url("/flaky"));
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->attempts, 3);
  EXPECT_EQ(r->body, "<p>recovered</p>");
  expect_error(fetcher.get(server.url("/down")), "HTTP 503 (after 3 attempts)");

  // 4xx other than 429 is the server's final word: not retried.
  requests = 0;
  server.server().Get("/gone", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.status = 404;
  });
  expect_error(fetcher.get(server.url("/gone")), "HTTP 404");
  EXPECT_EQ(requests, 1);
}

TEST(Crawl, AServerDrippingOneByteASecondIsCutOff) {
  LocalServer server;
  server.server().Get("/drip", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](std::size_t offset, httplib::DataSink& sink) {
      if (offset >= 60) return false;
      std::this_thread::sleep_for(1s);
      return sink.write("x", 1);
    });
  });
  server.start();
  FetchOptions options;
  options.low_speed_bytes_per_second = 10;
  options.low_speed_time = 1s;
  options.max_retries = 0;
  const auto started = Clock::now();
  expect_error(Fetcher(options, no_delay()).get(server.url("/drip")), "too slow");
  EXPECT_LT(Clock::now() - started, 5s);
}

TEST(Crawl, AnEndlessBodyStopsAtTheSizeCap) {
  LocalServer server;
  server.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/html", [](std::size_t, httplib::DataSink& sink) {
      static const std::string block(16 * 1024, 'a');
      return sink.write(block.data(), block.size());
    });
  });
  server.start();
  FetchOptions options;
  options.max_body_bytes = 2 * 1024 * 1024;
  const auto started = Clock::now();
  expect_error(Fetcher(options, no_delay()).get(server.url("/endless")),
               "body larger than 2097152 bytes");
  EXPECT_LT(Clock::now() - started, 10s);
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

TEST(Crawl, AGzipBombIsStoppedOnDecompressedBytesWithMemoryBounded) {
  LocalServer server;
  const std::string bomb = read_fixture("fetch/hundred-megabytes-of-zeros.gz");  // 100 KB
  server.server().Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "application/rss+xml");
  });
  server.start();
  FetchOptions options;
  options.max_body_bytes = 1024 * 1024;
  const long before = peak_rss_kb();
  expect_error(Fetcher(options, no_delay()).get(server.url("/bomb")),
               "body larger than 1048576 bytes");
  // 100 MB inflated would show; the cap keeps the growth to a few MB at most.
  EXPECT_LT(peak_rss_kb() - before, 32 * 1024);
}

TEST(Crawl, ContentTypesOtherThanHtmlXmlJsonAreSkipped) {
  LocalServer server;
  std::atomic<bool> client_left{false};
  server.server().Get("/video.mp4", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("video/mp4", [&](std::size_t, httplib::DataSink& sink) {
      static const std::string block(64 * 1024, 'v');
      if (!sink.write(block.data(), block.size())) client_left = true;
      return !client_left.load();
    });
  });
  server.server().Get("/data.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok": true})", "application/json");
  });
  server.start();
  Fetcher fetcher({}, no_delay());
  expect_error(fetcher.get(server.url("/video.mp4")), "content type 'video/mp4' is not fetched");
  const auto json = fetcher.get(server.url("/data.json"));
  ASSERT_TRUE(json) << json.error().to_string();
  EXPECT_EQ(json->body, R"({"ok": true})");
}

TEST(Crawl, AnHttpProxyCarriesTheRequest) {
  LocalServer proxy;
  std::string seen_host, seen_target;
  proxy.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.target.find("robots.txt") != std::string::npos) {
      res.status = 404;
      return;
    }
    seen_host = req.get_header_value("Host");
    seen_target = req.target;
    res.set_content("<p>via proxy</p>", "text/html");
  });
  proxy.start();
  FetchOptions options;
  options.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
  // news.invalid cannot resolve: only the proxy can have answered.
  const auto r = Fetcher(options, no_delay()).get("http://news.invalid/a.html");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->body, "<p>via proxy</p>");
  EXPECT_EQ(seen_host, "news.invalid");
  EXPECT_EQ(seen_target, "http://news.invalid/a.html");
}

TEST(Crawl, PagesInLegacyCharsetsComeOutAsUtf8) {
  struct Case {
    const char* charset;
    std::string bytes;
    const char* utf8;
  };
  const std::vector<Case> cases = {
      {"shift_jis", "\x93\x8C\x8B\x9E\x82\xCC\x83\x6A\x83\x85\x81\x5B\x83\x58", "東京のニュース"},
      {"euc-kr", "\xBC\xAD\xBF\xEF\x20\xB4\xBA\xBD\xBA", "서울 뉴스"},
      {"windows-1252",
       "\x43\x61\x66\xE9\x20\x93\x6E\x65\x77\x73\x94\x20\x96\x20\x6E\x61\xEF\x76\x65\x20\x80\x35",
       "Café “news” – naïve €5"},
      {"gb18030", "\xD0\xC2\xCE\xC5\x95\x32\x82\x36\xB6\xA9\xD4\xC4", "新闻𠀀订阅"},
  };
  LocalServer server;
  for (const Case& c : cases) {
    server.server().Get(
        "/" + std::string(c.charset), [&c](const httplib::Request&, httplib::Response& res) {
          res.set_content("<html><head><meta charset=\"" + std::string(c.charset) +
                              "\"></head><body><p>" + c.bytes + "</p></body></html>",
                          "text/html");
        });
  }
  server.server().Get("/big5", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(read_fixture("fetch/big5-page.html"), "text/html");
  });
  server.server().Get("/gbk", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(read_fixture("text/gbk-page.html"), "text/html; charset=GBK");
  });
  server.start();
  Fetcher fetcher({}, no_delay());
  for (const Case& c : cases) {
    const auto r = fetcher.get(server.url("/" + std::string(c.charset)));
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_NE(r->body.find(std::string("<p>") + c.utf8 + "</p>"), std::string::npos)
        << c.charset << ": " << r->body;
  }
  const auto big5 = fetcher.get(server.url("/big5"));
  ASSERT_TRUE(big5) << big5.error().to_string();
  EXPECT_EQ(big5->charset, "big5");
  EXPECT_EQ(big5->body, read_fixture("fetch/big5-page.utf8.html"));
  const auto gbk = fetcher.get(server.url("/gbk"));
  ASSERT_TRUE(gbk) << gbk.error().to_string();
  EXPECT_EQ(gbk->body, read_fixture("text/gbk-page.utf8.html"));
}

}  // namespace
}  // namespace headlined::fetch
