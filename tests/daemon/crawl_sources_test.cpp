// Hostile and broken sources polled together with a good one through the daemon: each ends
// within its bound with its own error stored on the source, and the good source is stored
// (then polled conditionally) as if the others did not exist.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "headlined/config/config.hpp"
#include "headlined/daemon/daemon.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;
using namespace std::chrono_literals;

class QuietSink : public EventSink {
 public:
  void source_polled(const PollReport& r) override {
    std::lock_guard lock(mutex);
    polls[r.source] = r;
  }
  void article_stored(const Snapshot&, const std::vector<Match>&) override { ++stored; }
  void article_failed(const std::string&, const std::string&, const std::string&) override {}
  void delivery_attempted(const notify::DispatchEvent&) override {}
  std::mutex mutex;
  std::map<std::string, PollReport> polls;
  std::atomic<int> stored{0};
};

std::string rss(const LocalServer& site, std::initializer_list<const char*> paths) {
  std::string items;
  for (const char* p : paths)
    items += "<item><title>t</title><link>" + site.url(p) + "</link></item>";
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>" + items +
         "</channel></rss>";
}

TEST(CrawlSources, EachBadSourceFailsWithinItsBoundAndTheGoodOneIsUnaffected) {
  LocalServer good, hostile, polite;
  std::atomic<int> conditional_hits{0}, secret_requests{0};
  good.server().Get("/feed.xml", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      ++conditional_hits;
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content(rss(good, {"/a/1.html", "/a/2.html"}), "application/rss+xml");
  });
  good.server().Get(R"(/a/\d\.html)", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("<html><head><title>新闻" + req.path +
                        "</title></head><body><article><h1>新闻</h1><p>淄博新能源产业项目集中开工。"
                        "</p></article></body></html>",
                    "text/html; charset=utf-8");
  });
  hostile.server().Get("/drip.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml",
                                     [](std::size_t offset, httplib::DataSink& sink) {
                                       if (offset >= 30) return false;
                                       std::this_thread::sleep_for(1s);
                                       return sink.write("x", 1);
                                     });
  });
  hostile.server().Get("/endless.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/rss+xml",
                                     [](std::size_t, httplib::DataSink& sink) {
                                       static const std::string block(16 * 1024, '<');
                                       return sink.write(block.data(), block.size());
                                     });
  });
  hostile.server().Get("/loop.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/loop.xml");
  });
  hostile.server().Get("/busy.xml", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "3600");
  });
  hostile.server().Get("/broken.xml",
                       [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  hostile.server().Get("/image.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1024, 'p'), "image/png");
  });
  polite.server().Get("/robots.txt", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /secret/\n", "text/plain");
  });
  polite.server().Get(R"(/secret/.*)", [&](const httplib::Request&, httplib::Response& res) {
    ++secret_requests;
    res.set_content(rss(polite, {}), "application/rss+xml");
  });
  good.start();
  hostile.start();
  polite.start();
  // A port that was free a moment ago: nothing listens there.
  int closed_port = 0;
  {
    LocalServer gone;
    closed_port = gone.start();
  }

  TempDir dir;
  auto feed = [](const std::string& name, const std::string& url) {
    return R"({"name": ")" + name + R"(", "type": "feed", "url": ")" + url + R"("})";
  };
  const std::string text =
      R"({"database": ")" + dir.file("h.db") + R"(", "workers": 10,
      "crawl": {"host_delay_ms": 0, "max_per_host": 8, "retries": 1, "max_redirects": 3,
                "max_body_bytes": 1048576},
      "sources": [)" +
      feed("good", good.url("/feed.xml")) + "," + feed("drip", hostile.url("/drip.xml")) + "," +
      feed("endless", hostile.url("/endless.xml")) + "," + feed("loop", hostile.url("/loop.xml")) +
      "," + feed("busy", hostile.url("/busy.xml")) + "," +
      feed("broken", hostile.url("/broken.xml")) + "," + feed("image", hostile.url("/image.xml")) +
      "," + feed("refused", "http://127.0.0.1:" + std::to_string(closed_port) + "/feed.xml") + "," +
      feed("robots", polite.url("/secret/feed.xml")) + R"(],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "energy", "query": "不会出现的词组", "channels": ["log"]}]})";
  config::LoadResult loaded = config::load_config_text(text, dir.file("c.jsonc"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
  DaemonOptions options;
  options.fetch.low_speed_bytes_per_second = 10;
  options.fetch.low_speed_time = 1s;
  options.fetch.retry_base = 20ms;
  QuietSink sink;
  auto daemon = Daemon::create(loaded.config, sink, options);
  ASSERT_TRUE(daemon) << daemon.error().to_string();

  std::atomic<bool> stop{false};
  const auto started = std::chrono::steady_clock::now();
  (*daemon)->run_once(stop);
  // The slowest case is the drip: two attempts of one second under the low-speed limit.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);

  const std::map<std::string, std::string> expected = {
      {"drip", "too slow"},
      {"endless", "body larger than 1048576 bytes"},
      {"loop", "too many redirects"},
      {"busy", "HTTP 429 (Retry-After 3600 s"},
      {"broken", "HTTP 500 (after 2 attempts)"},
      {"image", "content type 'image/png' is not fetched"},
      {"refused", "connection refused"},
      {"robots", "disallowed by robots.txt"},
  };
  for (const auto& [name, reason] : expected) {
    auto state = (*daemon)->store().source_state(name);
    ASSERT_TRUE(state) << name;
    EXPECT_NE(state->last_error.find(reason), std::string::npos)
        << name << ": " << state->last_error;
    EXPECT_EQ(state->consecutive_failures, 1) << name;
    EXPECT_FALSE(state->last_success.has_value()) << name;
    EXPECT_GT(state->next_attempt_at, 0) << name;
  }
  EXPECT_EQ(secret_requests, 0);
  auto good_state = (*daemon)->store().source_state("good");
  ASSERT_TRUE(good_state);
  EXPECT_TRUE(good_state->last_success.has_value());
  EXPECT_EQ(good_state->consecutive_failures, 0);
  EXPECT_EQ(sink.stored, 2);

  // The second poll of the good feed is a 304 that costs no parsing.
  (*daemon)->run_once(stop);
  EXPECT_EQ(conditional_hits, 1);
  std::lock_guard lock(sink.mutex);
  EXPECT_TRUE(sink.polls["good"].not_modified);
  EXPECT_EQ(sink.stored, 2);
}

}  // namespace
}  // namespace headlined::daemon
