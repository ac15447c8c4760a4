// WebSub end to end: the daemon polls a feed announcing a hub (the test suite's, from the
// spec), subscribes with a callback on its own listener, and a pushed feed goes the way a
// polled one does: its new item is fetched, extracted and stored, reported as pushed.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "headlined/daemon/http_frontends.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"
#include "websub_hub.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

// A port free right now, for a config that must name its public URL before the listener
// binds (as an admin's does).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// Waits up to 10 s for `done`, checking as the daemon's threads report.
template <class F>
bool eventually(F done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::string feed(const std::string& hub, const std::string& self, const std::string& site,
                 int items) {
  std::string xml =
      "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"
      "<channel><title>Pushed news</title><atom:link rel=\"hub\" href=\"" +
      hub + "\"/><atom:link rel=\"self\" href=\"" + self + "\"/>";
  for (int i = items; i >= 1; --i)
    xml += "<item><title>Story " + std::to_string(i) + "</title><link>" + site + "/a/" +
           std::to_string(i) + "</link></item>";
  return xml + "</channel></rss>";
}

TEST(WebSubDaemon, PushedFeedIsProcessedAsAPolledOne) {
  TempDir dir;
  TestHub hub;
  LocalServer site;
  std::string feed_url;
  site.server().Get("/feed.xml", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(feed(hub.url(), feed_url, site.url(""), 1), "application/rss+xml");
  });
  site.server().Get(R"(/a/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("<html><head><title>Story " + req.matches[1].str() +
                        "</title></head><body><article><p>The text of story " +
                        req.matches[1].str() +
                        ", long enough to be taken for an article body.</p></article></body>"
                        "</html>",
                    "text/html");
  });
  site.start();
  feed_url = site.url("/feed.xml");
  const int port = free_port();
  const std::string config = R"({"database": ")" + dir.file("h.db") +
                             R"(", "websub": {"listen": "127.0.0.1:)" + std::to_string(port) +
                             R"(", "public_base_url": "http://127.0.0.1:)" + std::to_string(port) +
                             R"(/", "safety_poll": "2h"},
      "sources": [{"name": "pushed", "type": "feed", "url": ")" +
                             feed_url + R"(", "allow_private_addresses": true}]})";
  config::LoadResult loaded = config::load_config_text(config, dir.file("config.json"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].to_string();
  RecordingSink sink;
  DaemonOptions options;
  options.websub_every = std::chrono::milliseconds(20);
  auto daemon = Daemon::create(loaded.config, sink, options);
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  ASSERT_TRUE((*daemon)->websub());
  auto http = start_http_frontends(loaded.config, (*daemon)->metrics(), (*daemon)->websub());
  ASSERT_TRUE(http) << http.error().to_string();
  EXPECT_EQ(http->websub_port, port);

  std::atomic<bool> stop{false};
  std::thread running([&] { (*daemon)->run(stop); });
  // The poll stores story 1 and finds the hub; the daemon subscribes and the hub verifies.
  const bool verified = hub.wait([](auto&, auto& v) { return !v.empty() && v.back().echoed; });
  EXPECT_TRUE(verified);
  if (verified) {
    EXPECT_EQ(hub.requests().at(0).topic, feed_url);
    const std::vector<int> statuses =
        hub.publish(feed_url, feed(hub.url(), feed_url, site.url(""), 2));
    ASSERT_EQ(statuses.size(), 1u);
    EXPECT_EQ(statuses[0], 202);
    EXPECT_TRUE(eventually([&] {
      std::lock_guard lock(sink.mutex);
      for (const PollReport& r : sink.polls)
        if (r.pushed && r.stored == 1) return true;
      return false;
    }));
    std::lock_guard lock(sink.mutex);
    ASSERT_EQ(sink.stored.size(), 2u);
    EXPECT_EQ(sink.stored[1].title, "Story 2");
  }
  auto push = (*daemon)->websub()->push_state("pushed");
  ASSERT_TRUE(push);
  EXPECT_EQ(push->state, "active");
  stop = true;
  running.join();
}

}  // namespace
}  // namespace headlined::daemon
