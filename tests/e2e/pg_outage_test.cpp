// The daemon (the real binary) on a PostgreSQL server that goes away: crashed mid-crawl and
// mid-send (`pg_ctl stop -m immediate`, the harsher case: no goodbye on the connections),
// or not up yet when the daemon starts. The node must stay up, pause collecting and say so
// (log, systemd STATUS, /metrics), reconnect by itself with backoff once the server is back,
// and lose nothing: every article stored exactly once, every delivery sent, a repeat only
// under the same key. And the mistakes that waiting cannot mend: a URL libpq cannot use
// (exit 2, naming it with its password masked), a database that does not exist (exit 1, not
// retried).
//
// Each test that stops a server starts a private one (about 1 s; the shared fixture's server
// serves other tests at the same time). "database_retry_max": "1s" keeps the reconnects a
// second apart at most.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "e2e_support.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/postgres_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::NotifySocket;
using testing::PostgresServer;
using testing::wait_until;

constexpr int kPgOutageArticles = 12;
// Held on its first request until the server has crashed, so the crash is mid-crawl.
const std::string kPgOutageHeldArticle = "/a/6.html";

class PgOutage : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      count_request();
      std::string items;
      for (int i = 1; i <= kPgOutageArticles; ++i)
        items += "<item><title>Harbour " + std::to_string(i) + "</title><link>" +
                 site.url("/a/" + std::to_string(i) + ".html") + "</link></item>";
      res.set_content("<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>",
                      "application/rss+xml");
    });
    site.server().Get(
        R"(/a/(\d+)\.html)", [this](const httplib::Request& req, httplib::Response& res) {
          count_request();
          bool hold = false;
          {
            std::lock_guard lock(mutex);
            if (req.path == kPgOutageHeldArticle && hold_article && !article_held)
              hold = article_held = true;
          }
          while (hold && !release.load()) std::this_thread::sleep_for(5ms);
          const std::string n = req.matches[1].str();
          res.set_content("<html><head><title>Harbour news " + n +
                              "</title></head><body><article><h1>Harbour news " + n +
                              "</h1><p>The harbour of town " + n +
                              " reopened on Monday after a week of repairs to the outer wall, and "
                              "the ferries run again.</p></article></body></html>",
                          "text/html; charset=utf-8");
        });
    // Records each message's key and article; holds the first one until the server crashed,
    // so its "sent" cannot be recorded at once.
    hook.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::string url;
      try {
        url = nlohmann::json::parse(req.body)["article"]["url"].get<std::string>();
      } catch (const std::exception&) {
        url = "(unreadable payload)";
      }
      bool hold = false;
      {
        std::lock_guard lock(mutex);
        received[url].insert(req.get_header_value("Idempotency-Key"));
        ++messages;
        if (hold_send && !send_held) hold = send_held = true;
      }
      while (hold && !release.load()) std::this_thread::sleep_for(5ms);
      res.status = 200;
    });
    site.start();
    hook.start();
  }

  void TearDown() override { release = true; }

  // Counts the site's requests that came while the daemon was paused: from when
  // the test saw the pause complete (`watching`) until the daemon logged its resume.
  void count_request() {
    const bool paused = watching.load() && log().find("collecting resumes") == std::string::npos;
    std::lock_guard lock(mutex);
    requests_while_paused += paused ? 1 : 0;
  }

  void write_config(const std::string& database) {
    testing::write_file(config_path, R"({
      "database": ")" + database + R"(",
      "database_retry_max": "1s",
      "metrics_listen": "127.0.0.1:0",
      "crawl": {"host_delay_ms": 0, "robots": false},
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                                         site.url("/feed.xml") + R"(", "interval": "1s"}],
      "channels": [{"name": "hook", "type": "webhook", "url": ")" +
                                         hook.url("/hook") + R"("}],
      "subscriptions": [{"name": "harbour", "query": "harbour", "channels": ["hook"],
                         "alerts": "article"}]
    })");
  }

  void start() {
    daemon.start({HEADLINED_BINARY, "run", "--config", config_path}, log_path,
                 {{"NOTIFY_SOCKET", status.path()}});
  }

  std::string log() { return testing::read_file(log_path); }
  std::string metric(const std::string& name) {
    if (metrics_port == 0) metrics_port = testing::metrics_port_from_log(log());
    if (metrics_port == 0) return "(no metrics port logged)";
    return testing::metric_value(metrics_port, name);
  }
  std::string value(const std::string& sql) { return server->query(url, sql); }
  int stored() {
    const std::string n = value("SELECT count(*) FROM snapshots");
    return n.empty() ? -1 : std::stoi(n);
  }
  std::size_t articles_hooked() {
    std::lock_guard lock(mutex);
    return received.size();
  }
  // The last STATUS= message systemd got.
  std::string last_status() {
    status.drain();
    for (auto it = status.messages.rbegin(); it != status.messages.rend(); ++it)
      if (it->rfind("STATUS=", 0) == 0) return *it;
    return "";
  }

  // Every article once, every delivery sent, each article's messages under one key.
  void expect_nothing_lost() {
    EXPECT_EQ(value("SELECT count(*) FROM snapshots"), std::to_string(kPgOutageArticles));
    EXPECT_EQ(value("SELECT count(DISTINCT url) FROM snapshots"),
              std::to_string(kPgOutageArticles));
    EXPECT_EQ(value("SELECT count(*) FROM deliveries WHERE status = 'sent'"),
              std::to_string(kPgOutageArticles));
    std::lock_guard lock(mutex);
    EXPECT_EQ(received.size(), static_cast<std::size_t>(kPgOutageArticles));
    for (const auto& [article, keys] : received)
      EXPECT_EQ(keys.size(), 1u) << article << " arrived under several keys";
  }

  testing::TempDir dir;
  std::unique_ptr<PostgresServer> server = PostgresServer::start_private();
  std::string url;
  std::mutex mutex;
  int requests_while_paused = 0;
  std::atomic<bool> watching{false};
  int messages = 0;
  bool hold_article = false, article_held = false;
  bool hold_send = false, send_held = false;
  std::atomic<bool> release{false};
  std::map<std::string, std::set<std::string>> received;  // article URL -> message keys
  std::string config_path = dir.file("headlined.jsonc");
  std::string log_path = dir.file("daemon.log");
  int metrics_port = 0;
  NotifySocket status{dir.file("notify.sock")};
  testing::LocalServer site, hook;
  // Declared after everything it uses, so it is killed first when a test ends early.
  testing::ChildProcess daemon;
};

TEST_F(PgOutage, ServerCrashingMidCrawlPausesCollectingAndTheNodeResumesByItselfLosingNothing) {
  ASSERT_TRUE(server->started()) << server->failure();
  url = server->fresh_schema_url();
  write_config(url);
  hold_article = hold_send = true;
  start();
  // Mid-crawl and mid-send: an article page and a webhook message are held.
  ASSERT_TRUE(wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return article_held && send_held;
      },
      30s))
      << log();
  ASSERT_EQ(server->crash(), "");

  // A scrape reads the database too: the node finds the server gone at once.
  ASSERT_TRUE(wait_until([&] { return metric("headlined_database_reachable") == "0"; }, 20s))
      << log();
  ASSERT_TRUE(wait_until([&] { return log().find("collecting paused") != std::string::npos; }, 20s))
      << log();
  const std::string text = log();
  EXPECT_NE(text.find("server unreachable"), std::string::npos) << text;
  EXPECT_NE(text.find("database postgresql://headlined@127.0.0.1:"), std::string::npos)
      << "the log names the server";
  EXPECT_FALSE(daemon.wait(0ms)) << "the daemon exited\n" << text;
  EXPECT_TRUE(wait_until([&] { return status.saw_status("collecting paused"); }, 10s));
  EXPECT_EQ(metric("headlined_database_writable"), "0");
  // The held page and message complete now, with the server away: the page's article is
  // not stored (fetched again after the resume), the message's "sent" waits in memory.
  release = true;
  ASSERT_TRUE(wait_until([&] { return metric("headlined_polls_in_flight") == "0"; }, 20s)) << log();

  // Starting the server takes about a second, its crash recovery included: a 1 s source
  // would be polled meanwhile if collecting went on.
  watching = true;
  ASSERT_EQ(server->start_again(), "");
  ASSERT_TRUE(
      wait_until([&] { return log().find("collecting resumes") != std::string::npos; }, 20s))
      << log();
  ASSERT_TRUE(wait_until([&] { return stored() == kPgOutageArticles; }, 30s))
      << "stored " << stored() << "\n"
      << log();
  ASSERT_TRUE(wait_until([&] { return articles_hooked() == kPgOutageArticles; }, 30s)) << log();
  ASSERT_TRUE(wait_until(
      [&] {
        return value("SELECT count(*) FROM deliveries WHERE status = 'sent'") ==
               std::to_string(kPgOutageArticles);
      },
      30s))
      << log();
  EXPECT_EQ(metric("headlined_database_reachable"), "1");
  EXPECT_EQ(metric("headlined_database_writable"), "1");
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(requests_while_paused, 0) << "the site was polled while the server was away";
  }
  EXPECT_TRUE(wait_until(
      [&] {
        const std::string line = last_status();
        return !line.empty() && line.find("collecting paused") == std::string::npos;
      },
      10s))
      << last_status();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(20s), 0) << log();
  expect_nothing_lost();
  std::lock_guard lock(mutex);
  // The message sent while the server was away was recorded afterwards, not sent again.
  EXPECT_EQ(messages, kPgOutageArticles);
}

TEST_F(PgOutage, ServerDownAtStartIsWaitedForWithBackoffThenTheNodeStartsNormally) {
  ASSERT_TRUE(server->started()) << server->failure();
  // With a password in the URL (the test server trusts every local connection, so any
  // password does): no line of the log may show it (the log's redacting sink masks it in every
  // URL a line names).
  const std::string kPassword = "pw-in-the-url";
  url = server->fresh_schema_url();
  url.replace(url.find('@'), 1, ":" + kPassword + "@");
  write_config(url);
  ASSERT_EQ(server->crash(), "");
  start();
  ASSERT_TRUE(wait_until(
      [&] {
        const std::string text = log();
        const std::size_t first = text.find("waiting for the database");
        return first != std::string::npos &&
               text.find("waiting for the database", first + 1) != std::string::npos;
      },
      20s))
      << log();
  EXPECT_TRUE(status.saw_status("waiting for the database"));
  EXPECT_EQ(status.find("READY=1"), -1) << "ready before the database was";
  EXPECT_FALSE(daemon.wait(0ms)) << "the daemon gave up\n" << log();
  ASSERT_EQ(server->start_again(), "");
  ASSERT_TRUE(wait_until([&] { return status.find("READY=1") >= 0; }, 20s)) << log();
  EXPECT_NE(log().find("reached after"), std::string::npos) << log();
  ASSERT_TRUE(wait_until([&] { return articles_hooked() == kPgOutageArticles; }, 30s)) << log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(20s), 0) << log();
  expect_nothing_lost();
  EXPECT_EQ(log().find(kPassword), std::string::npos) << log();
  EXPECT_NE(log().find(":***@"), std::string::npos) << log();
}

TEST_F(PgOutage, StopWhileWaitingForTheServerExitsCleanly) {
  ASSERT_TRUE(server->started()) << server->failure();
  url = server->fresh_schema_url();
  write_config(url);
  ASSERT_EQ(server->crash(), "");
  start();
  ASSERT_TRUE(
      wait_until([&] { return log().find("waiting for the database") != std::string::npos; }, 20s))
      << log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0) << log();
}

// Not a server that is down: waiting would only hide the mistake. The daemon exits at once
// (systemd's Restart= tries again later, visibly).
TEST(PgStartErrors, ADatabaseThatDoesNotExistIsNotWaitedFor) {
  PostgresServer& shared = PostgresServer::instance();
  ASSERT_TRUE(shared.started()) << shared.failure();
  std::string missing = shared.url();
  missing.replace(missing.find("/postgres?"), 10, "/no_such_database?");
  testing::TempDir dir;
  testing::write_file(dir.file("c.jsonc"), R"({"database": ")" + missing + R"("})");
  const auto run = testing::run_command(std::string(HEADLINED_BINARY) + " run --config " +
                                        dir.file("c.jsonc") + " 2>&1");
  EXPECT_EQ(run.status, 1) << run.out;
  EXPECT_NE(run.out.find("no_such_database\" does not exist"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("not retried"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("waiting for the database"), std::string::npos) << run.out;
}

// A URL libpq cannot use is a config error: `check-config` and `run` exit 2 and name it,
// password masked, with what is wrong.
TEST(PgStartErrors, AMalformedUrlIsAConfigErrorNamingItWithThePasswordMasked) {
  testing::TempDir dir;
  const std::map<std::string, std::string> cases{
      {"postgresql://headlined:s3cret@db.example/h?colour=blue", "colour"},
      {"postgresql://headlined:s3cret@db.example:port/h", "port"},
      {"postgresql://headlined:s3cret@db.example/h?sslmode=sometimes", "sslmode"},
      {"postgresql://headlined:s3cret@/h", "no host"},
  };
  for (const auto& [url, problem] : cases) {
    testing::write_file(dir.file("c.jsonc"), R"({"database": ")" + url + R"("})");
    for (const std::string command : {"check-config ", "run --config "}) {
      const auto out = testing::run_command(std::string(HEADLINED_BINARY) + " " + command +
                                            dir.file("c.jsonc") + " 2>&1");
      EXPECT_EQ(out.status, 2) << command << url << "\n" << out.out;
      EXPECT_NE(out.out.find("headlined:***@"), std::string::npos) << out.out;
      EXPECT_NE(out.out.find(problem), std::string::npos) << out.out;
      EXPECT_EQ(out.out.find("s3cret"), std::string::npos) << out.out;
    }
  }
}

// An admin command does not wait for a server: it fails at once, naming the server.
TEST(PgStartErrors, AnAdminCommandAgainstADownServerFailsAtOnce) {
  // Nothing listens on port 1: refused at once, as by a host whose server is stopped.
  const std::string url = "postgresql://headlined@127.0.0.1:1/postgres";
  const auto started = std::chrono::steady_clock::now();
  const auto out =
      testing::run_command(std::string(HEADLINED_BINARY) + " status --db '" + url + "' 2>&1");
  EXPECT_EQ(out.status, 1) << out.out;
  EXPECT_NE(out.out.find("headlined status: " + url), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("Connection refused"), std::string::npos) << out.out;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  const auto bad = testing::run_command(std::string(HEADLINED_BINARY) +
                                        " status --db 'postgresql://h/db?colour=blue' 2>&1");
  EXPECT_EQ(bad.status, 2) << bad.out;
  EXPECT_NE(bad.out.find("colour"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace headlined
