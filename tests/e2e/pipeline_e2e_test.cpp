// End to end: the real `headlined` binary, one cycle, against a local news site, a local
// webhook receiver and a real SMTP server (python3-aiosmtpd), all on 127.0.0.1.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "headlined/daemon/embedded_files.hpp"
#include "headlined/store/store.hpp"
#include "support/local_server.hpp"
#include "support/postgres_server.hpp"
#include "support/python_email.hpp"
#include "support/run_command.hpp"
#include "support/smtp_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using testing::LocalServer;
using testing::SmtpServer;
using testing::TempDir;

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
    text.replace(p, from.size(), to);
  return text;
}

// Runs a command and returns its exit status and what it printed.

struct ReceivedHook {
  std::string body;
  std::string idempotency_key;
};

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    // The seed article, as the demo site bundles it: a GBK page; here the charset comes in
    // the HTTP header too.
    std::string seed(daemon::demo_site_files().at("articles/gaoqing-investment.html"));
    site.server().Get(
        "/news/gaoqing.html", [seed, this](const httplib::Request&, httplib::Response& res) {
          res.set_content(replace_all(seed, "{{base}}", site.url("")), "text/html; charset=GBK");
        });
    site.server().Get("/news/harbour.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><title>Harbour reopens after storm - Coast News</title></head><body>"
          "<nav><a href='/'>Home</a></nav><article><h1>Harbour reopens after storm</h1>"
          "<p>The harbour reopened on Monday after a week of repairs to the outer wall.</p>"
          "<p>Ferries to the islands run on the usual timetable again.</p></article>"
          "<footer>Copyright Coast News</footer></body></html>",
          "text/html; charset=utf-8");
    });
    site.server().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
          "<title>Demo</title>"
          "<item><title>高青:请进优质合伙人共赢未来</title><link>" +
              site.url("/news/gaoqing.html") +
              "</link><pubDate>Sun, 14 Apr 2024 08:30:00 +0800</pubDate></item>"
              "<item><title>Harbour</title><link>" +
              site.url("/news/harbour.html?utm_source=rss") +
              "</link></item>"
              "</channel></rss>",
          "application/rss+xml");
    });
    site.server().Get("/atom.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
          "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom demo</title>"
          "<entry><title>Harbour reopens</title><link href=\"" +
              site.url("/news/harbour.html") +
              "\"/><id>urn:x:1</id><updated>2024-04-15T08:00:00Z</updated></entry></feed>",
          "application/atom+xml");
    });
    hooks.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex);
      received.push_back({req.body, req.get_header_value("Idempotency-Key")});
      res.status = 200;
    });
    site.start();
    hooks.start();
    smtp.start();

    config_path = dir.file("headlined.jsonc");
    testing::write_file(config_path, R"({
      // one feed in RSS, one in Atom: the harbour article appears in both, stored once
      "database": "state/headlined.db",
      "sources": [
        {"name": "rss", "type": "feed", "url": ")" +
                                         site.url("/feed.xml") + R"(", "interval": "1m"},
        {"name": "atom", "type": "feed", "url": ")" +
                                         site.url("/atom.xml") + R"(", "interval": "1m"}
      ],
      "channels": [
        {"name": "hook", "type": "webhook", "url": ")" +
                                         hooks.url("/hook") + R"("},
        {"name": "mail", "type": "email", "smtp_url": "smtp://127.0.0.1:)" +
                                         std::to_string(smtp.port()) + R"(",
         "from": "headlined@example.org", "to": ["reader@example.org"]}
      ],
      "subscriptions": [
        {"name": "招商", "query": "招商引资 -房地产", "channels": ["hook", "mail"]},
        {"name": "harbour", "query": "harbour OR port", "channels": ["hook"]}
      ]
    })");
    std::filesystem::create_directories(dir.path() / "state");
  }

  std::pair<int, std::string> run_once() {
    return testing::run_command_merged(std::string(HEADLINED_BINARY) + " run --once --config " +
                                       config_path);
  }

  std::vector<ReceivedHook> hooks_received() {
    std::lock_guard lock(mutex);
    return received;
  }

  TempDir dir;
  std::string config_path;
  std::mutex mutex;
  std::vector<ReceivedHook> received;
  // After the state their handlers use, so they stop before it is destroyed (the daemon a
  // test started may still be sending when the test ends).
  LocalServer site, hooks;
  SmtpServer smtp;
};

TEST_F(EndToEnd, OneCycleStoresMatchesAndNotifiesThenASecondCycleAddsNothing) {
  auto [status, output] = run_once();
  ASSERT_EQ(status, 0) << output;

  {
    auto store = store::Store::open(dir.file("state/headlined.db"));
    ASSERT_TRUE(store) << store.error().to_string();
    auto seed = (*store)->snapshot_by_url(site.url("/news/gaoqing.html"));
    ASSERT_TRUE(seed && *seed) << output;
    const Article& a = (**seed).article;
    EXPECT_EQ(a.title, "高青:请进优质合伙人共赢未来");
    EXPECT_EQ(a.subtitle, "一季度招商引资两项重要指标均居全市首位");
    EXPECT_EQ(a.attribution, "淄博日报");
    EXPECT_EQ(a.byline, "□本报记者 董振霞 通讯员 王克军");
    EXPECT_EQ(a.source_name, "rss");
    EXPECT_EQ(a.body.rfind("日前,我市公布今年一季度全市招商引资综合情况", 0), 0u) << a.body;
    EXPECT_NE(a.body.find("吸引更多合伙人共享机遇、共赢未来。"), std::string::npos);
    EXPECT_EQ(a.body.find("版权所有"), std::string::npos);
    // The raw page is kept as received: GBK bytes, not the decoded text.
    EXPECT_EQ((**seed).raw_page.find("高青"), std::string::npos);
    EXPECT_NE((**seed).charset.find("gb"), std::string::npos);

    // Linked with a tracking parameter in RSS and without it in Atom: stored once.
    auto deliveries = (*store)->deliveries();
    ASSERT_TRUE(deliveries);
    EXPECT_EQ(deliveries->size(), 3u);  // seed -> hook + mail, harbour -> hook
    for (const Delivery& d : *deliveries)
      EXPECT_EQ(d.status, DeliveryStatus::Sent) << d.channel << ": " << d.last_error;
  }

  auto hooks_now = hooks_received();
  ASSERT_EQ(hooks_now.size(), 2u) << output;
  bool saw_seed = false;
  for (const ReceivedHook& h : hooks_now) {
    auto payload = nlohmann::json::parse(h.body);
    EXPECT_FALSE(h.idempotency_key.empty());
    EXPECT_EQ(payload["id"], h.idempotency_key);
    if (payload["subscription"] == "招商") {
      saw_seed = true;
      EXPECT_EQ(payload["article"]["title"], "高青:请进优质合伙人共赢未来");
      EXPECT_EQ(payload["article"]["attribution"], "淄博日报");
      EXPECT_EQ(payload["terms"], nlohmann::json::array({"招商引资"}));
      EXPECT_NE(payload["snippet"].get<std::string>().find("招商引资"), std::string::npos);
    } else {
      EXPECT_EQ(payload["subscription"], "harbour");
    }
  }
  EXPECT_TRUE(saw_seed);

  auto mails = smtp.wait_for_messages(1);
  ASSERT_EQ(mails.size(), 1u);
  const std::string subject = testing::python_decoded_subject(mails[0]);
  EXPECT_NE(subject.find("高青:请进优质合伙人共赢未来"), std::string::npos) << subject;
  EXPECT_NE(subject.find("招商"), std::string::npos) << subject;

  // Second cycle: everything is known; nothing is stored or sent again.
  auto [status2, output2] = run_once();
  ASSERT_EQ(status2, 0) << output2;
  EXPECT_EQ(hooks_received().size(), 2u) << output2;
  EXPECT_EQ(smtp.messages().size(), 1u);
  auto store = store::Store::open(dir.file("state/headlined.db"));
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->deliveries()->size(), 3u);
}

TEST_F(EndToEnd, ShowPrintsTheStoredSeedSnapshotInTheSeedLayout) {
  ASSERT_EQ(run_once().first, 0);
  auto [status, output] =
      testing::run_command_merged(std::string(HEADLINED_BINARY) + " show --config " + config_path +
                                  " '" + site.url("/news/gaoqing.html") + "'");
  ASSERT_EQ(status, 0) << output;
  EXPECT_EQ(output.rfind("本文转自:淄博日报\n一季度招商引资两项重要指标均居全市首位\n"
                         "高青:请进优质合伙人共赢未来\n□本报记者 董振霞 通讯员 王克军\n",
                         0),
            0u)
      << output;
  EXPECT_NE(output.find("快照生成时间:"), std::string::npos);
  EXPECT_NE(output.find("信息原文地址: " + site.url("/news/gaoqing.html")), std::string::npos);

  auto [json_status, json] = testing::run_command_merged(
      std::string(HEADLINED_BINARY) + " show --json --config " + config_path + " 1");
  ASSERT_EQ(json_status, 0) << json;
  auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["id"], 1);
  EXPECT_FALSE(j["title"].get<std::string>().empty());

  EXPECT_EQ(testing::run_command_merged(std::string(HEADLINED_BINARY) + " show --config " +
                                        config_path + " 999")
                .first,
            1);
}

TEST_F(EndToEnd, RunPollsUntilSigtermThenExitsCleanly) {
  std::vector<std::string> args = {HEADLINED_BINARY, "run", "--config", config_path};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);

  // The daemon polls on its own; wait until both webhook deliveries have arrived.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (hooks_received().size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(hooks_received().size(), 2u);

  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  pid_t done = 0;
  while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "the daemon did not stop within 10 s of SIGTERM";
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  auto store = store::Store::open(dir.file("state/headlined.db"));
  ASSERT_TRUE(store);
  auto deliveries = (*store)->deliveries(DeliveryStatus::Sent);
  ASSERT_TRUE(deliveries);
  EXPECT_EQ(deliveries->size(), 3u);
}

TEST(CheckConfig, SaysOkOrNamesEachErrorWithLineAndColumn) {
  TempDir dir;
  testing::write_file(dir.file("good.jsonc"), R"({
    "channels": [{"name": "c", "type": "console"}],
    "subscriptions": [{"name": "s", "query": "a OR b", "channels": ["c"]}]
  })");
  auto [ok_status, ok_output] = testing::run_command_merged(
      std::string(HEADLINED_BINARY) + " check-config " + dir.file("good.jsonc"));
  EXPECT_EQ(ok_status, 0) << ok_output;
  EXPECT_EQ(ok_output.rfind("OK", 0), 0u) << ok_output;

  testing::write_file(dir.file("bad.jsonc"),
                      "{\n"
                      "  \"channels\": [{\"name\": \"c\", \"type\": \"carrier-pigeon\"}],\n"
                      "  \"subscriptions\": [{\"name\": \"s\", \"query\": \"a OR\", "
                      "\"channels\": [\"c\"]}]\n"
                      "}\n");
  auto [bad_status, bad_output] = testing::run_command_merged(
      std::string(HEADLINED_BINARY) + " check-config " + dir.file("bad.jsonc"));
  EXPECT_EQ(bad_status, 2) << bad_output;
  EXPECT_NE(bad_output.find("bad.jsonc:2:"), std::string::npos) << bad_output;
  EXPECT_NE(bad_output.find("bad.jsonc:3:"), std::string::npos) << bad_output;
}

TEST(Demo, OneCycleShowsTheSeedSnapshotAndNotificationsAndExitsZero) {
  auto [status, output] =
      testing::run_command_merged(std::string(HEADLINED_BINARY) + " demo --once");
  ASSERT_EQ(status, 0) << output;
  EXPECT_NE(output.find("[crawl]"), std::string::npos) << output;
  EXPECT_NE(output.find("[store]"), std::string::npos);
  EXPECT_NE(output.find("[webhook] received"), std::string::npos);
  EXPECT_NE(output.find("本文转自:淄博日报"), std::string::npos);
  EXPECT_NE(output.find("快照生成时间:"), std::string::npos);
  EXPECT_NE(output.find("信息原文地址:"), std::string::npos);
}

// The daemon and the admin commands on a PostgreSQL server: `demo --database URL` stores
// there, `show --db URL` reads it back.
TEST(Demo, OneCycleOnPostgresqlStoresThereAndShowReadsItBack) {
  auto& server = testing::PostgresServer::instance();
  ASSERT_TRUE(server.started()) << server.failure();
  const std::string url = server.fresh_schema_url();
  auto [status, output] = testing::run_command_merged(std::string(HEADLINED_BINARY) +
                                                      " demo --once --database '" + url + "'");
  ASSERT_EQ(status, 0) << output;
  EXPECT_NE(output.find("[store]"), std::string::npos) << output;
  EXPECT_NE(output.find("[webhook] received"), std::string::npos) << output;
  EXPECT_NE(server.query(url, "SELECT count(*) FROM snapshots"), "0");
  EXPECT_NE(server.query(url, "SELECT count(*) FROM deliveries WHERE status = 'sent'"), "0");
  auto [show_status, shown] =
      testing::run_command_merged(std::string(HEADLINED_BINARY) + " show --db '" + url + "' 1");
  ASSERT_EQ(show_status, 0) << shown;
  EXPECT_NE(shown.find("快照生成时间:"), std::string::npos) << shown;
}

}  // namespace
}  // namespace headlined
