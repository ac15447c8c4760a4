// A webhook endpoint and an SMTP server (python3-aiosmtpd) both down for a long stretch (many
// retries at the short backoff the config sets) while new articles keep matching. The real
// daemon must drop nothing (no delivery dead: the config's max_attempts outlasts the outage)
// and, once both are back, drain each channel's backlog in the order the deliveries were
// created (the order the articles were stored), each (article, recipient) exactly once.
//
// "Down": the webhook answers 503 (a retryable failure); the mail server is stopped (the
// connection is refused) and started again on the same port.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "e2e_support.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/smtp_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::query;
using testing::wait_until;

constexpr int kOutageArticles = 12;

// The idempotency key in an email's Message-ID "<key@domain>".
std::string message_id_key(const std::string& message) {
  static const std::regex id("Message-ID: <([^@>]+)@");
  std::smatch m;
  return std::regex_search(message, m, id) ? m[1].str() : "";
}

TEST(OutageDrain, WebhookAndMailDownForALongStretchThenTheBacklogDrainsInOrderOnce) {
  testing::TempDir dir;
  std::atomic<int> published{0};
  std::mutex mutex;
  std::atomic<bool> hook_down{true};
  int hook_refused = 0;
  std::vector<std::string> hook_order;  // idempotency keys accepted, in arrival order
  // After the state their handlers use, so they stop before it is destroyed.
  testing::LocalServer site, hooks;
  testing::SmtpServer smtp;
  site.server().Get("/feed.xml", [&](const httplib::Request&, httplib::Response& res) {
    std::string items;
    for (int i = published.load(); i >= 1; --i)  // newest first, as feeds list them
      items += "<item><title>Article " + std::to_string(i) + "</title><link>" +
               site.url("/a/" + std::to_string(i) + ".html") + "</link></item>";
    res.set_content("<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>",
                    "application/rss+xml");
  });
  site.server().Get(R"(/a/(\d+)\.html)", [](const httplib::Request& req, httplib::Response& res) {
    const std::string n = req.matches[1].str();
    res.set_content("<html><head><title>Article " + n +
                        "</title></head><body><article><h1>Article " + n +
                        "</h1><p>The harbour authority signed contract number " + n +
                        " for the new container port.</p></article></body></html>",
                    "text/html; charset=utf-8");
  });
  hooks.server().Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mutex);
    if (hook_down) {
      ++hook_refused;
      res.status = 503;
      return;
    }
    hook_order.push_back(req.get_header_value("Idempotency-Key"));
    res.status = 200;
  });
  site.start();
  hooks.start();
  smtp.start();
  const int smtp_port = smtp.port();
  smtp.stop();  // down from the start

  const std::string db = dir.file("h.db");
  const std::string config = dir.file("h.jsonc");
  // Retries every 1-2 s; 100 attempts allowed, far more than the outage below lasts, so
  // none goes dead.
  testing::write_file(config, R"({
    "database": ")" + db + R"(",
    "crawl": {"host_delay_ms": 10, "robots": false},
    "sources": [{"name": "s", "type": "feed", "url": ")" +
                                  site.url("/feed.xml") + R"(", "interval": "1s"}],
    "channels": [
      {"name": "hook", "type": "webhook", "url": ")" +
                                  hooks.url("/hook") + R"(",
       "backoff": {"initial": "1s", "max": "2s"}, "max_attempts": 100},
      {"name": "mail", "type": "email", "smtp_url": "smtp://127.0.0.1:)" +
                                  std::to_string(smtp_port) + R"(", "timeout": "5s",
       "from": "headlined@example.org", "to": ["reader@example.org"],
       "backoff": {"initial": "1s", "max": "2s"}, "max_attempts": 100}],
    "subscriptions": [{"name": "harbour", "query": "harbour", "channels": ["hook", "mail"]}]
  })");
  const std::string log = dir.file("daemon.log");
  testing::ChildProcess daemon;
  daemon.start({HEADLINED_BINARY, "run", "--config", config}, log);

  // The outage: articles appear one after another (each stored before the next appears),
  // and it lasts until the oldest message of each channel has been refused ten times.
  for (int n = 1; n <= kOutageArticles; ++n) {
    published = n;
    ASSERT_TRUE(wait_until(
        [&] { return query(db, "SELECT count(*) FROM snapshots") == std::to_string(n); }, 20s))
        << "article " << n << " not stored\n"
        << testing::read_file(log);
  }
  auto attempts_of = [&](const char* channel) {
    const std::string n = query(db, std::string("SELECT max(attempts) FROM deliveries WHERE "
                                                "channel = '") +
                                        channel + "'");
    return n.empty() ? 0 : std::stoi(n);
  };
  ASSERT_TRUE(
      wait_until([&] { return attempts_of("hook") >= 10 && attempts_of("mail") >= 10; }, 60s))
      << "hook " << attempts_of("hook") << ", mail " << attempts_of("mail") << " attempts\n"
      << testing::read_file(log);
  EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries WHERE status = 'dead'"), "0");
  EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'"), "0");
  // Only the oldest message of each channel probed the receivers meanwhile, many times.
  EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries WHERE attempts > 0"), "2");
  {
    std::lock_guard lock(mutex);
    EXPECT_GE(hook_refused, 10);
  }

  // Both come back.
  hook_down = false;
  smtp.start(smtp_port);
  ASSERT_TRUE(wait_until(
      [&] {
        return query(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'") ==
               std::to_string(2 * kOutageArticles);
      },
      30s))
      << testing::read_file(log);
  // Stopped at once: every message that arrived was sent before its delivery was marked,
  // so a repeat (a key arriving twice) shows in what the receivers hold now.
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(10s), 0) << testing::read_file(log);

  // The order the deliveries were created in (the order the articles were stored), by key.
  auto created_order = [&](const std::string& channel) {
    std::vector<std::string> keys;
    sqlite3* handle = nullptr;
    sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    const std::string sql =
        "SELECT d.key FROM deliveries d JOIN snapshots s ON s.id = d.snapshot_id "
        "WHERE d.channel = '" +
        channel + "' ORDER BY s.id";
    sqlite3_prepare_v2(handle, sql.c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      keys.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(handle);
    return keys;
  };
  const std::vector<std::string> hook_expected = created_order("hook");
  const std::vector<std::string> mail_expected = created_order("mail");
  ASSERT_EQ(hook_expected.size(), static_cast<std::size_t>(kOutageArticles));
  ASSERT_EQ(mail_expected.size(), static_cast<std::size_t>(kOutageArticles));

  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(hook_order, hook_expected) << "the webhook backlog did not drain in order, once";
  }
  std::vector<std::string> mail_order;
  for (const std::string& message : smtp.messages()) mail_order.push_back(message_id_key(message));
  EXPECT_EQ(mail_order, mail_expected) << "the mail backlog did not drain in order, once";
  EXPECT_EQ(query(db, "SELECT count(*) FROM deliveries WHERE status != 'sent'"), "0");
}

}  // namespace
}  // namespace headlined
