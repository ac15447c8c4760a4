#include "cli_fixture.hpp"
#include "support/write_faults.hpp"

namespace headlined::cli::testing {
namespace {

TEST_F(CliTest, StatusReportsSourcesDeliveriesAndArticlesToday) {
  auto owed = store->deliveries().value();
  ASSERT_EQ(owed.size(), 2u);
  ASSERT_TRUE(store->mark_failed(owed[0].id, "HTTP 502", now_unix() + 60, false));

  Output status = headlined("status --json --config " + shell_quoted(config_path));
  ASSERT_EQ(status.status, 0) << status.out;
  nlohmann::json out = parse(status);
  EXPECT_EQ(out["articles"]["today"], 1);  // the harbour article is 100 days old
  EXPECT_EQ(out["articles"]["total"], 2);
  EXPECT_EQ(out["deliveries"]["pending"], 2);
  EXPECT_EQ(out["deliveries"]["failing"], 1);
  EXPECT_EQ(out["deliveries"]["dead"], 0);
  EXPECT_EQ(out["deliveries"]["sent"], 0);
  ASSERT_EQ(out["sources"].size(), 2u);
  EXPECT_EQ(out["sources"][0]["name"], "coast");  // by name
  EXPECT_EQ(out["sources"][0]["last_error"], "HTTP 503");
  EXPECT_EQ(out["sources"][0]["consecutive_failures"], 1);
  EXPECT_TRUE(out["sources"][0]["last_success"].is_null());
  EXPECT_EQ(out["sources"][1]["name"], "zibo");
  EXPECT_EQ(out["sources"][1]["last_error"], "");
  EXPECT_TRUE(out["sources"][1]["last_success"].is_string());
  EXPECT_TRUE(out["sources"][1]["next_poll"].is_string());

  EXPECT_EQ(out["database"]["writable"], true);
  EXPECT_EQ(out["database"]["problem"], "");
  EXPECT_TRUE(out["database"]["free_bytes"].is_number());

  Output text = db_command("status");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("MiB free"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("HTTP 503"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 stored today, 2 in all"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("2 pending (1 failing)"), std::string::npos) << text.out;
}

// Several nodes on one database: status lists each with its last heartbeat, calls one whose
// heartbeat is older than its own lease period stale, and counts the source leases it holds.
TEST_F(CliTest, StatusListsTheNodesTheirHeartbeatsAndTheSourcesTheyHold) {
  const UnixTime now = now_unix();
  ASSERT_TRUE(store->record_heartbeat({"crawler-a", now - 100, now, "0.1.0", 60000, 0}));
  ASSERT_TRUE(store->record_heartbeat({"crawler-b", now - 100, now - 120, "0.1.0", 60000, 0}));
  const std::int64_t now_ms = now_unix_ms();
  ASSERT_TRUE(
      store->take_lease(store::LeaseKind::Source, "zibo", "crawler-a", now_ms, now_ms + 60000));
  ASSERT_TRUE(
      store->take_lease(store::LeaseKind::Channel, "hook", "crawler-a", now_ms, now_ms + 60000));
  // crawler-b died holding a lease that has expired since: not counted.
  ASSERT_TRUE(store->take_lease(store::LeaseKind::Source, "coast", "crawler-b", now_ms - 120000,
                                now_ms - 60000));

  Output status = headlined("status --json --config " + shell_quoted(config_path));
  ASSERT_EQ(status.status, 0) << status.out;
  nlohmann::json out = parse(status);
  ASSERT_EQ(out["nodes"].size(), 2u) << out.dump();
  EXPECT_EQ(out["nodes"][0]["name"], "crawler-a");
  EXPECT_EQ(out["nodes"][0]["stale"], false);
  EXPECT_EQ(out["nodes"][0]["sources_held"], 1);
  EXPECT_EQ(out["nodes"][0]["held_sources"], nlohmann::json::array({"zibo"}));
  EXPECT_EQ(out["nodes"][0]["version"], "0.1.0");
  EXPECT_TRUE(out["nodes"][0]["last_heartbeat"].is_string());
  EXPECT_EQ(out["nodes"][1]["name"], "crawler-b");
  EXPECT_EQ(out["nodes"][1]["stale"], true);
  EXPECT_EQ(out["nodes"][1]["sources_held"], 0);
  EXPECT_EQ(out["nodes"][1]["held_sources"], nlohmann::json::array());

  Output text = db_command("status");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("nodes: 2"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("1 source(s) held (zibo)"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("stale"), std::string::npos) << text.out;
}

// The daemon cannot write down that its database went read-only; status sees it in the files.
// (Made read-only with the immutable attribute, which stops root too; skipped where it cannot
// be set.)
TEST_F(CliTest, StatusSaysWhenTheDatabaseCannotBeWritten) {
  headlined::testing::ImmutableFiles frozen(headlined::testing::database_files(db_path));
  if (!frozen.ok()) GTEST_SKIP() << "cannot set the immutable attribute here (not root, or tmpfs)";
  Output status = headlined("status --json --config " + shell_quoted(config_path));
  ASSERT_EQ(status.status, 0) << status.out;
  nlohmann::json out = parse(status);
  EXPECT_EQ(out["database"]["writable"], false);
  EXPECT_NE(out["database"]["problem"].get<std::string>().find("read-only"), std::string::npos);
  Output text = db_command("status");
  EXPECT_NE(text.out.find("read-only"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("cannot store new articles"), std::string::npos) << text.out;
}

TEST_F(CliTest, SourcesAndSubscriptionsJoinTheConfigWithTheDatabase) {
  Output sources = headlined("sources --json --config " + shell_quoted(config_path));
  ASSERT_EQ(sources.status, 0) << sources.out;
  nlohmann::json list = parse(sources);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "zibo");  // in config order
  EXPECT_EQ(list[0]["type"], "feed");
  EXPECT_EQ(list[0]["interval_seconds"], 300);
  EXPECT_TRUE(list[0]["last_success"].is_string());
  EXPECT_EQ(list[1]["name"], "coast");
  EXPECT_EQ(list[1]["type"], "list");
  EXPECT_EQ(list[1]["last_error"], "HTTP 503");

  Output subs = headlined("subscriptions --json --config " + shell_quoted(config_path));
  ASSERT_EQ(subs.status, 0) << subs.out;
  nlohmann::json by = parse(subs);
  ASSERT_EQ(by.size(), 3u);
  EXPECT_EQ(by[0]["name"], "investment");
  EXPECT_EQ(by[0]["query"], "招商引资");
  EXPECT_EQ(by[0]["matches"], 1);
  EXPECT_EQ(by[0]["channels"], nlohmann::json::array({"hook"}));
  EXPECT_EQ(by[1]["matches"], 1);
  EXPECT_EQ(by[2]["name"], "quiet");
  EXPECT_EQ(by[2]["matches"], 0);
  EXPECT_TRUE(by[2]["last_match"].is_null());

  Output text = headlined("subscriptions --config " + shell_quoted(config_path));
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("investment  1 match(es)"), std::string::npos) << text.out;
}

// A source of type "auto" shows what discovery chose for it (kept in its stored state).
TEST_F(CliTest, StatusAndSourcesShowWhatDiscoveryChose) {
  ASSERT_TRUE(store->record_discovery("zibo", "feed", "https://zibo.example/news/rss.xml",
                                      "the page announces it"));
  Output status = headlined("status --json --config " + shell_quoted(config_path));
  ASSERT_EQ(status.status, 0) << status.out;
  nlohmann::json out = parse(status);
  EXPECT_TRUE(out["sources"][0]["discovered"].is_null());  // coast: nothing discovered
  EXPECT_EQ(out["sources"][1]["discovered"],
            (nlohmann::json{{"type", "feed"},
                            {"url", "https://zibo.example/news/rss.xml"},
                            {"reason", "the page announces it"}}));
  const std::string line =
      "discovered feed https://zibo.example/news/rss.xml (the page announces it)";
  Output text = db_command("status");
  EXPECT_NE(text.out.find(line), std::string::npos) << text.out;
  Output sources = headlined("sources --config " + shell_quoted(config_path));
  ASSERT_EQ(sources.status, 0);
  EXPECT_NE(sources.out.find(line), std::string::npos) << sources.out;
  nlohmann::json list = parse(headlined("sources --json --config " + shell_quoted(config_path)));
  EXPECT_EQ(list[0]["discovered"]["url"], "https://zibo.example/news/rss.xml");
}

TEST_F(CliTest, ExitStatusesForUsageAndMissingDatabases) {
  EXPECT_EQ(headlined("status").status, 2);  // neither --db nor --config
  EXPECT_EQ(headlined("status --db " + shell_quoted(dir.file("typo.db"))).status, 1);
  EXPECT_FALSE(std::filesystem::exists(dir.file("typo.db")));  // not created by the look
  EXPECT_EQ(headlined("sources --db " + shell_quoted(db_path)).status, 2);  // needs the config
  EXPECT_EQ(db_command("search").status, 2);                                // no query
  EXPECT_EQ(db_command("search x --limit 0").status, 2);
  EXPECT_EQ(headlined("status --help").status, 0);
  EXPECT_NE(headlined("takedown --help").out.find("Exit status"), std::string::npos);
  headlined::testing::write_file(dir.file("bad.jsonc"), R"({"retention": "soon"})");
  EXPECT_EQ(headlined("status --config " + shell_quoted(dir.file("bad.jsonc"))).status, 2);
}

}  // namespace
}  // namespace headlined::cli::testing
