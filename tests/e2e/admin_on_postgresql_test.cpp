// Two nodes on one PostgreSQL database, and the admin commands the README lists run against
// it through the nodes' config (its "database" a postgresql:// URL): `status` names both
// nodes and the sources each holds while their polls are in flight (the site holds one
// article of each of two sources, and each node polls one source at a time); once the polls
// are done, sources, subscriptions, search (Chinese), show, serve (the web front alone),
// test-query --stored, export, deliveries, redeliver (which a running node then sends),
// takedown, takedown-requests and purge do their work there, and backup says to use pg_dump.
// About two seconds.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "e2e_support.hpp"
#include "shared_database.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/run_command.hpp"
#include "support/story_texts.hpp"
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

// Polled first (their articles stored at once), then the two whose articles are held.
const std::vector<std::string> kQuick = {"docks", "coast"};
const std::vector<std::string> kHeld = {"slow-a", "slow-b"};
const std::string kChineseTitle = "东港码头外堤修复完工恢复通航";

class AdminOnPostgresql : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(database.failure().empty()) << database.failure();
    // Feed NAME lists one article, /a/NAME.html.
    site.server().Get(
        R"(/feed/([a-z-]+)\.xml)", [this](const httplib::Request& req, httplib::Response& res) {
          const std::string name = req.matches[1].str();
          res.set_content("<rss version=\"2.0\"><channel><title>" + name + "</title><item><link>" +
                              article_url(name) + "</link></item></channel></rss>",
                          "application/rss+xml");
        });
    site.server().Get(
        R"(/a/([a-z-]+)\.html)", [this](const httplib::Request& req, httplib::Response& res) {
          const std::string name = req.matches[1].str();
          if (name == "docks") {
            res.set_content(testing::city_paper(kChineseTitle, testing::kHarbourReport),
                            "text/html; charset=utf-8");
            return;
          }
          if (name.starts_with("slow-")) {
            ++held_requests;
            while (!release.load()) std::this_thread::sleep_for(5ms);
          }
          res.set_content("<html><head><title>Harbour news " + name +
                              "</title></head><body><article><h1>Harbour news " + name +
                              "</h1><p>The harbour of " + name +
                              " reopened on Monday after a week of repairs to the outer wall, and "
                              "the ferries run again.</p></article></body></html>",
                          "text/html; charset=utf-8");
        });
    hook.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::string url;
      try {
        url = nlohmann::json::parse(req.body)["article"]["url"].get<std::string>();
      } catch (const std::exception&) {
        url = "(unreadable payload)";
      }
      std::lock_guard lock(mutex);
      received.push_back({req.get_header_value("webhook-id"), url});
      res.status = 200;
    });
    site.start();
    hook.start();
    std::string sources;
    for (const auto* names : {&kQuick, &kHeld}) {
      for (const std::string& name : *names) {
        if (!sources.empty()) sources += ", ";
        sources += R"({"name": ")" + name + R"(", "type": "feed", "url": ")" +
                   site.url("/feed/" + name + ".xml") + R"(", "interval": "1h"})";
      }
    }
    for (const std::string node : {"n1", "n2"}) {
      // One poll at a time: a node caught in one held source leaves the other to the other
      // node.
      testing::write_file(dir.file(node + ".jsonc"), R"({
        "database": ")" + database.location() + R"(",
        "node": ")" + node + R"(",
        "lease_period": "2s",
        "workers": 1,
        "crawl": {"host_delay_ms": 0, "robots": false},
        "sources": [)" + sources + R"(],
        "channels": [{"name": "hook", "type": "webhook", "url": ")" +
                                                         hook.url("/hook") + R"("}],
        "subscriptions": [{"name": "docks", "query": "码头", "channels": ["hook"]},
                          {"name": "harbour", "query": "harbour", "channels": ["hook"]}]
      })");
    }
  }

  void TearDown() override { release = true; }

  std::string article_url(const std::string& name) { return site.url("/a/" + name + ".html"); }

  // Runs `headlined ARGS --config n1.jsonc`; stdout, and stderr too when `with_errors`.
  testing::CommandOutput admin(const std::string& args, bool with_errors = false) {
    return testing::run_command(std::string(HEADLINED_BINARY) + " " + args + " --config '" +
                                dir.file("n1.jsonc") + "'" + (with_errors ? " 2>&1" : ""));
  }

  std::string logs() {
    return testing::read_file(dir.file("n1.log")) + testing::read_file(dir.file("n2.log"));
  }

  std::vector<std::pair<std::string, std::string>> messages() {
    std::lock_guard lock(mutex);
    return received;
  }

  TempDir dir;
  SharedDatabase database{Backend::Postgresql, dir};
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> received;  // (key, article URL)
  std::atomic<int> held_requests{0};
  std::atomic<bool> release{false};
  std::map<std::string, ChildProcess> nodes;
  LocalServer site, hook;  // last: stopped before the state their handlers use
};

TEST_F(AdminOnPostgresql, StatusNamesBothNodesAndTheirSourcesAndEveryCommandWorks) {
  for (const std::string node : {"n1", "n2"})
    nodes[node].start({HEADLINED_BINARY, "run", "--config", dir.file(node + ".jsonc")},
                      dir.file(node + ".log"));
  ASSERT_TRUE(wait_until([&] { return held_requests.load() == 2; }, 20s)) << logs();

  // status: both nodes, live, each holding the held source it polls.
  const auto status = admin("status --json");
  ASSERT_EQ(status.status, 0) << status.out;
  const nlohmann::json report = nlohmann::json::parse(status.out, nullptr, false);
  ASSERT_TRUE(report.is_object()) << status.out;
  ASSERT_EQ(report["nodes"].size(), 2u) << status.out;
  std::set<std::string> held;
  for (const nlohmann::json& node : report["nodes"]) {
    EXPECT_EQ(node["stale"], false) << node.dump();
    EXPECT_EQ(node["sources_held"], 1) << node.dump();
    ASSERT_EQ(node["held_sources"].size(), 1u) << node.dump();
    held.insert(node["held_sources"][0].get<std::string>());
  }
  EXPECT_EQ(report["nodes"][0]["name"], "n1");
  EXPECT_EQ(report["nodes"][1]["name"], "n2");
  EXPECT_EQ(held, std::set<std::string>(kHeld.begin(), kHeld.end()));
  const auto text = admin("status");
  ASSERT_EQ(text.status, 0) << text.out;
  EXPECT_NE(text.out.find("database: postgresql://"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("nodes: 2"), std::string::npos) << text.out;
  for (const std::string node : {"n1", "n2"}) {
    const std::size_t line = text.out.find("  " + node + "  last heartbeat");
    ASSERT_NE(line, std::string::npos) << text.out;
    const std::string rest = text.out.substr(line, text.out.find('\n', line) - line);
    EXPECT_NE(rest.find("1 source(s) held (slow-"), std::string::npos) << rest;
    EXPECT_EQ(rest.find("stale"), std::string::npos) << rest;
  }

  // The polls finish; every article is stored and every delivery sent.
  release = true;
  ASSERT_TRUE(wait_until(
      [&] {
        return database.value("SELECT COUNT(*) FROM snapshots") == "4" &&
               database.value("SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'") == "0";
      },
      20s))
      << logs();
  const std::string deliveries_stored = database.value("SELECT COUNT(*) FROM deliveries");
  ASSERT_TRUE(
      wait_until([&] { return std::to_string(messages().size()) == deliveries_stored; }, 10s));

  const auto sources = admin("sources --json");
  ASSERT_EQ(sources.status, 0) << sources.out;
  const nlohmann::json source_list = nlohmann::json::parse(sources.out, nullptr, false);
  ASSERT_EQ(source_list.size(), 4u) << sources.out;
  for (const nlohmann::json& s : source_list)
    EXPECT_TRUE(s["last_success"].is_string()) << s.dump();

  const auto subscriptions = admin("subscriptions --json");
  ASSERT_EQ(subscriptions.status, 0) << subscriptions.out;
  const nlohmann::json subscription_list = nlohmann::json::parse(subscriptions.out, nullptr, false);
  ASSERT_EQ(subscription_list.size(), 2u) << subscriptions.out;
  EXPECT_EQ(subscription_list[0]["name"], "docks");
  EXPECT_EQ(subscription_list[0]["matches"], 1) << subscriptions.out;
  EXPECT_EQ(subscription_list[1]["matches"], 3) << subscriptions.out;

  const auto search = admin("search 外堤 --json");
  ASSERT_EQ(search.status, 0) << search.out;
  const nlohmann::json hits = nlohmann::json::parse(search.out, nullptr, false);
  ASSERT_EQ(hits.size(), 1u) << search.out;
  EXPECT_EQ(hits[0]["url"], article_url("docks"));
  const std::string docks_id = std::to_string(hits[0]["id"].get<std::int64_t>());

  const auto shown = admin("show " + docks_id);
  ASSERT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find(kChineseTitle), std::string::npos) << shown.out;

  // The web front alone on the same database: the snapshot page and a Chinese search.
  ChildProcess serve;
  serve.start(
      {HEADLINED_BINARY, "serve", "--config", dir.file("n1.jsonc"), "--listen", "127.0.0.1:0"},
      dir.file("serve.log"));
  int port = 0;
  ASSERT_TRUE(wait_until(
      [&] {
        port = testing::number_after(testing::read_file(dir.file("serve.log")),
                                     "web front on http://127.0.0.1:");
        return port > 0;
      },
      10s))
      << testing::read_file(dir.file("serve.log"));
  httplib::Client web("127.0.0.1", port);
  const auto page = web.Get("/s/" + docks_id);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find(kChineseTitle), std::string::npos);
  const auto found = web.Get("/search?q=" + httplib::detail::encode_query_param("外堤"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->status, 200);
  EXPECT_NE(found->body.find(kChineseTitle), std::string::npos) << found->body;
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(10s), std::optional<int>(0));

  const auto tried = admin("test-query 码头 --stored");
  ASSERT_EQ(tried.status, 0) << tried.out;
  EXPECT_NE(tried.out.find("1 of 4 stored snapshots match"), std::string::npos) << tried.out;

  const auto exported = admin("export --subscription harbour --format json");
  ASSERT_EQ(exported.status, 0) << exported.out;
  for (const std::string& name : kHeld)
    EXPECT_NE(exported.out.find(article_url(name)), std::string::npos) << exported.out;

  const auto deliveries = admin("deliveries --json");
  ASSERT_EQ(deliveries.status, 0) << deliveries.out;
  const nlohmann::json delivery_list =
      nlohmann::json::parse(deliveries.out, nullptr, false)["deliveries"];
  ASSERT_EQ(std::to_string(delivery_list.size()), deliveries_stored) << deliveries.out;
  std::string docks_delivery, docks_key;
  for (const nlohmann::json& d : delivery_list) {
    EXPECT_EQ(d["status"], "sent") << d.dump();
    if (std::to_string(d["snapshot_id"].get<std::int64_t>()) == docks_id) {
      docks_delivery = std::to_string(d["id"].get<std::int64_t>());
      docks_key = d["idempotency_key"].get<std::string>();
    }
  }
  ASSERT_FALSE(docks_delivery.empty()) << deliveries.out;

  // A sent delivery queued again goes out as a new message, sent by a running node.
  const auto redelivered = admin("redeliver " + docks_delivery);
  ASSERT_EQ(redelivered.status, 0) << redelivered.out;
  EXPECT_TRUE(wait_until(
      [&] {
        for (const auto& [key, url] : messages())
          if (url == article_url("docks") && key != docks_key) return true;
        return false;
      },
      10s))
      << logs();

  const auto taken_down = admin("takedown " + article_url("coast") + " --reason 'asked by owner'");
  ASSERT_EQ(taken_down.status, 0) << taken_down.out;
  EXPECT_NE(taken_down.out.find("tombstone recorded"), std::string::npos) << taken_down.out;
  EXPECT_EQ(database.value("SELECT COUNT(*) FROM snapshots"), "3");
  EXPECT_EQ(admin("show " + article_url("coast")).status, 1);

  const auto requests = admin("takedown-requests --json");
  ASSERT_EQ(requests.status, 0) << requests.out;
  EXPECT_EQ(nlohmann::json::parse(requests.out, nullptr, false), nlohmann::json::array());

  const auto purged = admin("purge --older-than 30d --json");
  ASSERT_EQ(purged.status, 0) << purged.out;
  EXPECT_EQ(nlohmann::json::parse(purged.out, nullptr, false)["removed"], 0) << purged.out;

  const auto backup = admin("backup '" + dir.file("copy.db") + "'", true);
  EXPECT_EQ(backup.status, 1) << backup.out;
  EXPECT_NE(backup.out.find("pg_dump"), std::string::npos) << backup.out;

  for (auto& [name, node] : nodes) {
    node.signal(SIGTERM);
    EXPECT_EQ(node.wait(10s), std::optional<int>(0)) << name;
  }
  // Stopped cleanly: they hold nothing now.
  const auto after = admin("status --json");
  ASSERT_EQ(after.status, 0) << after.out;
  // Parsed into a variable: a range-for over a member of a temporary reads freed memory.
  const nlohmann::json stopped = nlohmann::json::parse(after.out);
  for (const nlohmann::json& node : stopped["nodes"])
    EXPECT_EQ(node["sources_held"], 0) << node.dump();
}

}  // namespace
}  // namespace headlined
