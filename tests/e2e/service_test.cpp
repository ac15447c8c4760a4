// The daemon as systemd runs it: a real process, readiness and watchdog on a NOTIFY_SOCKET
// the test owns, SIGHUP reloads (good and broken configs), SIGTERM during a crawl, the
// metrics endpoint, and logs that never show a secret.

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <set>

#include "e2e_support.hpp"
#include "headlined/store/store.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::LocalServer;
using testing::NotifySocket;
using testing::TempDir;
using testing::wait_until;

std::string article(const std::string& title) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><article>"
         "<h1>" +
         title + "</h1><p>" + title +
         " — 招商引资项目集中签约，总投资36亿元。</p>"
         "<p>第二段正文，介绍项目的具体情况和后续安排。</p></article></body></html>";
}

std::string rss(LocalServer& site, const std::vector<std::string>& paths) {
  std::string items;
  for (const std::string& p : paths)
    items += "<item><title>" + p + "</title><link>" + site.url(p) + "</link></item>";
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>" + items +
         "</channel></rss>";
}

class Service : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get(
        R"(/a/(\d+)\.html)", [this](const httplib::Request& req, httplib::Response& res) {
          if (slow_articles) std::this_thread::sleep_for(300ms);
          res.set_content(article("新闻" + req.matches[1].str()), "text/html; charset=utf-8");
        });
    site.server().Get("/one.xml", [this](const httplib::Request&, httplib::Response& res) {
      std::vector<std::string> paths;
      for (int i = 1; i <= feed_one_size.load(); ++i)
        paths.push_back("/a/" + std::to_string(i) + ".html");
      res.set_content(rss(site, paths), "application/rss+xml");
    });
    site.server().Get("/two.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(rss(site, {"/a/200.html"}), "application/rss+xml");
    });
    site.server().Get("/private.xml",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
    hooks.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      hook_bodies.push_back(req.body);
      res.status = hook_status.load();
    });
    site.start();
    hooks.start();
  }

  // A config with the given sources (JSON objects), a webhook channel and one subscription.
  std::string config(const std::string& sources, const std::string& extra = "") {
    return R"({
      "database": ")" +
           dir.file("h.db") + R"(",
      "workers": 2,)" +
           extra + R"(
      "sources": [)" +
           sources + R"(],
      "channels": [{"name": "hook", "type": "webhook", "url": ")" +
           hooks.url("/hook") + R"(",
                    "headers": {"Authorization": "Bearer s3cret-header-value"}},
                   {"name": "mail", "type": "email", "smtp_url": "smtp://127.0.0.1:9",
                    "username": "u", "password": "hunter2-password",
                    "from": "a@example.org", "to": ["b@example.org"]}],
      "subscriptions": [{"name": "zs", "query": "招商引资", "channels": ["hook"],
                         "alerts": "article"}]
    })";
  }
  std::string source(const std::string& name, const std::string& path) {
    return R"({"name": ")" + name + R"(", "type": "feed", "url": ")" + site.url(path) +
           R"(", "interval": "1s"})";
  }

  void start_daemon(const std::map<std::string, std::string>& env = {}) {
    daemon.start({HEADLINED_BINARY, "run", "--config", config_path}, log_path, env);
  }

  std::size_t hooks_received() {
    std::lock_guard lock(mutex);
    return hook_bodies.size();
  }
  bool hook_mentions(const std::string& text) {
    std::lock_guard lock(mutex);
    for (const std::string& b : hook_bodies)
      if (b.find(text) != std::string::npos) return true;
    return false;
  }
  std::string log() { return testing::read_file(log_path); }

  TempDir dir;
  std::atomic<int> feed_one_size{1};
  std::atomic<bool> slow_articles{false};
  std::atomic<int> hook_status{200};
  std::mutex mutex;
  std::vector<std::string> hook_bodies;
  std::string config_path = dir.file("headlined.jsonc");
  std::string log_path = dir.file("daemon.log");
  // After the state their handlers use, so they stop before it is destroyed.
  LocalServer site, hooks;
  ChildProcess daemon;
};

TEST_F(Service, TellsSystemdReadyStatusWatchdogReloadingAndStopping) {
  testing::write_file(config_path, config(source("one", "/one.xml")));
  NotifySocket notify(dir.file("notify.sock"));
  start_daemon({{"NOTIFY_SOCKET", notify.path()}, {"WATCHDOG_USEC", "400000"}});

  ASSERT_TRUE(wait_until([&] { return notify.count("READY=1") >= 1; }, 10s)) << log();
  ASSERT_TRUE(wait_until([&] { return notify.count("WATCHDOG=1") >= 3; }, 10s)) << log();
  ASSERT_TRUE(wait_until([&] { return notify.count("STATUS=") >= 1; }, 10s));
  const int status = notify.find("STATUS=");
  EXPECT_NE(notify.messages[static_cast<std::size_t>(status)].find("1 sources"), std::string::npos)
      << notify.messages[static_cast<std::size_t>(status)];

  const std::size_t before_reload = notify.messages.size();
  daemon.signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return notify.find("RELOADING=1", before_reload) >= 0; }, 10s));
  const int reloading = notify.find("RELOADING=1", before_reload);
  ASSERT_TRUE(wait_until([&] { return notify.find("READY=1", reloading + 1u) >= 0; }, 10s));

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0) << log();
  EXPECT_GE(notify.count("STOPPING=1"), 1);
}

TEST_F(Service, SighupAppliesAGoodConfigAndRefusesABrokenOne) {
  testing::write_file(config_path, config(source("one", "/one.xml")));
  start_daemon();
  ASSERT_TRUE(wait_until([&] { return hooks_received() >= 1; }, 15s)) << log();

  // A good config adds a source: its article arrives without a restart.
  testing::write_file(config_path,
                      config(source("one", "/one.xml") + "," + source("two", "/two.xml")));
  daemon.signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return hook_mentions("\"新闻200\""); }, 15s)) << log();

  // A broken config is refused with its error logged; the running config keeps working.
  testing::write_file(config_path, "{ \"sources\": [ oops ] }");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(wait_until([&] { return log().find("reload refused") != std::string::npos; }, 10s))
      << log();
  EXPECT_NE(log().find("headlined.jsonc:1:"), std::string::npos) << log();
  feed_one_size = 2;  // a new article on the old config's source
  EXPECT_TRUE(wait_until([&] { return hook_mentions("\"新闻2\""); }, 15s)) << log();

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0) << log();
}

TEST_F(Service, SigtermDuringACrawlLosesNothing) {
  feed_one_size = 8;
  slow_articles = true;  // 300 ms a page: the crawl is mid-way when SIGTERM arrives
  testing::write_file(config_path, config(source("one", "/one.xml")));
  start_daemon();
  ASSERT_TRUE(wait_until([&] { return hooks_received() >= 1; }, 15s)) << log();
  daemon.signal(SIGTERM);
  const auto stopped_at = std::chrono::steady_clock::now();
  ASSERT_EQ(daemon.wait(10s), 0) << log();
  EXPECT_LT(std::chrono::steady_clock::now() - stopped_at, 5s);

  std::size_t stored_at_stop = 0;
  {
    auto store = store::Store::open(dir.file("h.db"));
    ASSERT_TRUE(store);
    stored_at_stop = (*store)->deliveries()->size();
    EXPECT_LT(stored_at_stop, 8u) << "the crawl finished before the stop; nothing was tested";
  }
  // What was not committed before the stop is collected by the next run, once.
  slow_articles = false;
  testing::write_file(config_path, config(source("one", "/one.xml")));
  ChildProcess again;
  again.start({HEADLINED_BINARY, "run", "--once", "--config", config_path}, log_path);
  ASSERT_EQ(again.wait(30s), 0) << log();

  auto store = store::Store::open(dir.file("h.db"));
  ASSERT_TRUE(store);
  auto deliveries = (*store)->deliveries();
  ASSERT_TRUE(deliveries);
  EXPECT_EQ(deliveries->size(), 8u);  // one per article: none lost, none twice
  std::set<std::int64_t> snapshots;
  for (const Delivery& d : *deliveries) snapshots.insert(d.snapshot_id);
  EXPECT_EQ(snapshots.size(), 8u);
  EXPECT_EQ((*store)->pragma_value("integrity_check").value_or(""), "ok");
  // `run --once` ends with everything it stored in the search index, not just queued.
  EXPECT_EQ((*store)->search_backlog().value().snapshots, 0);
  EXPECT_EQ(testing::query(dir.file("h.db"), "SELECT count(*) FROM snapshots_fts_docsize"), "8");
}

TEST_F(Service, MetricsEndpointServesPrometheusTextAndHealth) {
  // Port 0: the daemon binds a free port itself and logs it.
  testing::write_file(config_path, config(source("one", "/one.xml"),
                                          "\n      \"metrics_listen\": \"127.0.0.1:0\","));
  start_daemon();
  ASSERT_TRUE(wait_until([&] { return hooks_received() >= 1; }, 15s)) << log();
  const int port = testing::metrics_port_from_log(log());
  ASSERT_GT(port, 0) << log();

  httplib::Client client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << log();
  EXPECT_EQ(health->status, 200);
  std::string text;
  ASSERT_TRUE(wait_until(
      [&] {
        auto r = client.Get("/metrics");
        text = r ? r->body : "";
        return text.find(
                   "headlined_delivery_attempts_total{channel=\"hook\",outcome=\"sent\"} 1") !=
               std::string::npos;
      },
      10s))
      << text;
  // The outbox gauges count the database's rows: the one delivery, sent, none pending.
  ASSERT_TRUE(wait_until(
      [&] {
        auto r = client.Get("/metrics");
        text = r ? r->body : "";
        return text.find("headlined_deliveries{state=\"sent\"} 1\n") != std::string::npos &&
               text.find("headlined_deliveries{state=\"pending\"} 0\n") != std::string::npos;
      },
      10s))
      << text;

  // Parsed by the Prometheus client library's own parser.
  testing::write_file(dir.file("metrics.txt"), text);
  const std::string command =
      "/usr/bin/python3 -c 'import sys; from prometheus_client.parser import "
      "text_string_to_metric_families as parse; "
      "fams = {f.name: f for f in parse(open(sys.argv[1]).read())}; "
      "stored = fams[\"headlined_articles_stored\"].samples[0].value; "
      "assert stored >= 1, stored; "
      "assert \"headlined_fetch_duration_seconds\" in fams; print(\"parsed\", len(fams))' " +
      dir.file("metrics.txt");
  EXPECT_EQ(std::system(command.c_str()), 0) << text;

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
}

// A receiver that refuses the channel itself (401): the daemon pauses the channel and says so
// in its log, its metrics and `headlined status`; a reload tries it again at once.
TEST_F(Service, ARefusedChannelIsPausedVisiblyAndTriedAgainOnReload) {
  hook_status = 401;
  testing::write_file(config_path, config(source("one", "/one.xml"),
                                          "\n      \"metrics_listen\": \"127.0.0.1:0\","));
  start_daemon();
  ASSERT_TRUE(wait_until(
      [&] { return log().find("channel 'hook' paused: HTTP 401") != std::string::npos; }, 15s))
      << log();
  const int port = testing::metrics_port_from_log(log());
  ASSERT_GT(port, 0) << log();
  httplib::Client client("127.0.0.1", port);
  auto gauge = [&](const char* value) {
    auto r = client.Get("/metrics");
    return r && r->body.find(std::string("headlined_channel_paused{channel=\"hook\"} ") + value +
                             "\n") != std::string::npos;
  };
  EXPECT_TRUE(wait_until([&] { return gauge("1"); }, 10s));
  auto status =
      testing::run_command(std::string(HEADLINED_BINARY) + " status --config " + config_path);
  EXPECT_EQ(status.status, 0);
  EXPECT_NE(status.out.find("channel 'hook' paused since"), std::string::npos) << status.out;
  EXPECT_EQ(hooks_received(), 1u);  // paused: not retried meanwhile

  hook_status = 200;  // the admin fixed it at the receiver's end, then reloads
  daemon.signal(SIGHUP);
  ASSERT_TRUE(wait_until(
      [&] { return log().find("channel 'hook' takes messages again") != std::string::npos; }, 15s))
      << log();
  EXPECT_TRUE(wait_until([&] { return gauge("0"); }, 10s));
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
}

TEST_F(Service, LogsNeverShowSecrets) {
  const std::string secret_source = R"({"name": "private", "type": "feed", "url": ")" +
                                    site.url("/private.xml?token=tok-0123456789") +
                                    R"(", "interval": "1s"})";
  testing::write_file(config_path, config(source("one", "/one.xml") + "," + secret_source));
  start_daemon({{"JOURNAL_STREAM", "8:1234"}});  // as under systemd: priority prefixes
  ASSERT_TRUE(wait_until(
      [&] {
        return log().find("private") != std::string::npos && log().find("500") != std::string::npos;
      },
      15s))
      << log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), 0);
  const std::string text = log();
  EXPECT_EQ(text.find("tok-0123456789"), std::string::npos) << text;
  EXPECT_EQ(text.find("hunter2-password"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cret-header-value"), std::string::npos) << text;
  EXPECT_NE(text.find("token=***"), std::string::npos) << text;
  // The failing source is a warning: priority 4 for the journal.
  EXPECT_NE(text.find("<4>source 'private' failed"), std::string::npos) << text;
}

}  // namespace
}  // namespace headlined
