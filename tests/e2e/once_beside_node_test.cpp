// `headlined run --once` beside a node running on the same database, with the same config (so
// the same node name): the one-off run polls every source but the one the node is polling now
// (it holds its lease: the site holds that source's article), which it leaves to the node and
// names in its log; it neither takes nor releases the node's lease, and the article is stored
// once. On both backends; about a second each.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "e2e_support.hpp"
#include "shared_database.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::Backend;
using testing::ChildProcess;
using testing::LocalServer;
using testing::SharedDatabase;
using testing::TempDir;
using testing::wait_until;

// The source the running node is caught polling, and the others.
const std::string kBusy = "busy";
const std::vector<std::string> kFree = {"free-0", "free-1", "free-2"};
constexpr int kPerFeed = 2;

class OnceBesideNode : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database.failure().empty()) << database.failure();
    site.server().Get(
        R"(/feed/([a-z0-9-]+)\.xml)", [this](const httplib::Request& req, httplib::Response& res) {
          const std::string name = req.matches[1].str();
          {
            std::lock_guard lock(mutex);
            ++feed_requests[name];
          }
          std::string items;
          for (int i = 0; i < kPerFeed; ++i)
            items += "<item><link>" + site.url("/a/" + name + "-" + std::to_string(i) + ".html") +
                     "</link></item>";
          res.set_content("<rss version=\"2.0\"><channel><title>" + name + "</title>" + items +
                              "</channel></rss>",
                          "application/rss+xml");
        });
    site.server().Get(R"(/a/([a-z0-9-]+)\.html)", [this](const httplib::Request& req,
                                                         httplib::Response& res) {
      const std::string id = req.matches[1].str();
      // The busy source's first article is held the first time: its poll stays in flight.
      if (id == kBusy + "-0" && !held_asked.exchange(true)) {
        while (!release.load()) std::this_thread::sleep_for(5ms);
      }
      res.set_content("<html><head><title>Harbour " + id + "</title></head><body><article><h1>" +
                          "Harbour " + id + "</h1><p>The harbour of " + id +
                          " reopened on Monday after a week of repairs to the outer wall, and the "
                          "ferries run again.</p></article></body></html>",
                      "text/html; charset=utf-8");
    });
    site.start();
    std::string sources = R"({"name": ")" + kBusy + R"(", "type": "feed", "url": ")" +
                          site.url("/feed/" + kBusy + ".xml") + R"(", "interval": "1h"})";
    for (const std::string& name : kFree)
      sources += R"(, {"name": ")" + name + R"(", "type": "feed", "url": ")" +
                 site.url("/feed/" + name + ".xml") + R"(", "interval": "1h"})";
    testing::write_file(config, R"({
      "database": ")" + database.location() +
                                    R"(",
      "node": "n1",
      "lease_period": "2s",
      "workers": 2,
      "crawl": {"host_delay_ms": 0, "robots": false},
      "sources": [)" + sources + R"(],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "harbour", "query": "harbour", "channels": ["log"]}]
    })");
  }

  void TearDown() override { release = true; }

  int feed_requests_of(const std::string& name) {
    std::lock_guard lock(mutex);
    return feed_requests[name];
  }

  TempDir dir;
  SharedDatabase database{GetParam(), dir};
  const std::string config = dir.file("headlined.jsonc");
  std::mutex mutex;
  std::map<std::string, int> feed_requests;
  std::atomic<bool> held_asked{false}, release{false};
  LocalServer site;  // last: stopped before the state its handlers use
};

TEST_P(OnceBesideNode, LeavesTheSourceTheNodePollsToItAndKeepsItsLease) {
  ChildProcess node;
  node.start({HEADLINED_BINARY, "run", "--config", config}, dir.file("node.log"));
  const auto count = [&](const std::string& sql) { return database.value(sql); };
  // The node is mid-poll of the busy source, and has stored the other sources' articles.
  ASSERT_TRUE(wait_until(
      [&] {
        return held_asked.load() &&
               count("SELECT COUNT(*) FROM snapshots WHERE url LIKE '%/a/free-%'") ==
                   std::to_string(kFree.size() * kPerFeed);
      },
      20s))
      << testing::read_file(dir.file("node.log"));
  ASSERT_EQ(count("SELECT node FROM leases WHERE kind = 'source' AND name = '" + kBusy + "'"),
            "n1");

  const auto once = testing::run_command(std::string(HEADLINED_BINARY) + " run --once --config '" +
                                         config + "' 2>&1");
  EXPECT_EQ(once.status, 0) << once.out;
  EXPECT_NE(once.out.find("source '" + kBusy + "': node n1 polls it now; left to it"),
            std::string::npos)
      << once.out;
  EXPECT_NE(once.out.find("1 of 4 source(s) were being polled by other nodes"), std::string::npos)
      << once.out;
  // Every other source polled again by the one-off run; the busy one only by the node.
  for (const std::string& name : kFree) EXPECT_EQ(feed_requests_of(name), 2) << name;
  EXPECT_EQ(feed_requests_of(kBusy), 1);
  // The run was a node of its own and gave up only its own leases.
  EXPECT_EQ(count("SELECT node FROM leases WHERE kind = 'source' AND name = '" + kBusy + "'"),
            "n1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM nodes WHERE name = 'n1:once'"), "1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM leases WHERE node = 'n1:once'"), "0");

  // The node finishes its poll: each article stored once.
  release = true;
  EXPECT_TRUE(wait_until(
      [&] {
        return count("SELECT COUNT(*) FROM snapshots") ==
               std::to_string((kFree.size() + 1) * kPerFeed);
      },
      10s))
      << testing::read_file(dir.file("node.log"));
  node.signal(SIGTERM);
  EXPECT_EQ(node.wait(10s), std::optional<int>(0));
  EXPECT_EQ(feed_requests_of(kBusy), 1);
}

INSTANTIATE_TEST_SUITE_P(OneDatabase, OnceBesideNode,
                         ::testing::Values(Backend::Sqlite, Backend::Postgresql),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return testing::backend_name(info.param);
                         });

}  // namespace
}  // namespace headlined
