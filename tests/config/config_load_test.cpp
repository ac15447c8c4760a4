#include <gtest/gtest.h>

#include <cstdlib>

#include <filesystem>

#include "headlined/config/config.hpp"
#include "headlined/config/database_path.hpp"
#include "support/temp_dir.hpp"

namespace headlined::config {
namespace {

const char* const kValid = R"({
  // Where snapshots go; relative to this file.
  "database": "data/news.db",
  "user_agent": "test-agent/1.0",
  "workers": 3,
  "sources": [
    {"name": "zibo", "type": "list", "url": "http://127.0.0.1:8080/news/",
     "interval": "1h30m", "link_selector": "ul.news a", "max_articles_per_poll": 20},
    {"name": "feed", "type": "feed", "url": "https://example.com/rss.xml", "interval": 45},
  ],
  "channels": [
    {"name": "hook", "type": "webhook", "url": "https://hooks.example.com/x",
     "headers": {"Authorization": "Bearer t"}, "max_attempts": 3, "timeout": "20s"},
    {"name": "mail", "type": "email", "smtp_url": "smtps://mail.example.com:465",
     "username": "u", "password": "p", "from": "news@example.com",
     "to": ["a@example.com", "b@example.com"]},
    {"name": "out", "type": "console"}
  ],
  "subscriptions": [
    /* Chinese and English terms together */
    {"name": "invest", "query": "招商引资 OR \"new energy\"", "channels": ["hook", "out"]},
  ]
})";

TEST(ConfigLoad, ReadsEveryField) {
  LoadResult r = load_config_text(kValid, "/etc/headlined/headlined.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  const Config& c = r.config;
  EXPECT_EQ(c.path, "/etc/headlined/headlined.jsonc");
  EXPECT_EQ(c.database, "/etc/headlined/data/news.db");
  EXPECT_EQ(c.user_agent, "test-agent/1.0");
  EXPECT_EQ(c.workers, 3);

  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[0].name, "zibo");
  EXPECT_EQ(c.sources[0].kind, SourceKind::ListPage);
  EXPECT_EQ(c.sources[0].url, "http://127.0.0.1:8080/news/");
  EXPECT_EQ(c.sources[0].interval, std::chrono::seconds(5400));
  EXPECT_EQ(c.sources[0].link_selector, "ul.news a");
  EXPECT_EQ(c.sources[0].max_articles_per_poll, 20);
  EXPECT_EQ(c.sources[1].kind, SourceKind::Feed);
  EXPECT_EQ(c.sources[1].interval, std::chrono::seconds(45));
  EXPECT_EQ(c.sources[1].max_articles_per_poll, 50);

  ASSERT_EQ(c.channels.size(), 3u);
  EXPECT_EQ(c.channels[0].type, ChannelType::Webhook);
  EXPECT_EQ(c.channels[0].url, "https://hooks.example.com/x");
  EXPECT_EQ(c.channels[0].headers.at("Authorization"), "Bearer t");
  EXPECT_EQ(c.channels[0].max_attempts, 3);
  EXPECT_EQ(c.channels[0].timeout, std::chrono::seconds(20));
  EXPECT_EQ(c.channels[1].type, ChannelType::Email);
  EXPECT_EQ(c.channels[1].smtp_url, "smtps://mail.example.com:465");
  EXPECT_EQ(c.channels[1].username, "u");
  EXPECT_EQ(c.channels[1].password, "p");
  EXPECT_EQ(c.channels[1].from, "news@example.com");
  EXPECT_EQ(c.channels[1].to, (std::vector<std::string>{"a@example.com", "b@example.com"}));
  EXPECT_EQ(c.channels[1].max_attempts, 16);  // the default
  EXPECT_EQ(c.channels[2].type, ChannelType::Console);

  ASSERT_EQ(c.subscriptions.size(), 1u);
  const SubscriptionEntry& s = c.subscriptions[0];
  EXPECT_EQ(s.subscription.name, "invest");
  EXPECT_EQ(s.subscription.query, "招商引资 OR \"new energy\"");
  EXPECT_EQ(s.subscription.channels, (std::vector<std::string>{"hook", "out"}));
  // The query string opens on line 21 at column 33; its first character is one further.
  EXPECT_EQ(s.query_pos.line, 21);
  EXPECT_EQ(s.query_pos.column, 34);
}

TEST(ConfigLoad, MapsQueryOffsetsPastEscapesToFileColumns) {
  LoadResult r = load_config_text(kValid, "c.jsonc");
  ASSERT_TRUE(r.ok());
  const SubscriptionEntry& s = r.config.subscriptions[0];
  // "招商引资 OR " is 16 bytes but 8 characters, and columns count characters; the phrase's
  // quote is written as \" (two characters in the file).
  EXPECT_EQ(query_position(s, 16).column, 34 + 8);
  // The 'n' of "new" follows the escaped quote: decoded offset 17, file column 34 + 10.
  EXPECT_EQ(query_position(s, 17).column, 34 + 10);
  EXPECT_EQ(query_position(s, 0).line, 21);
}

TEST(ConfigLoad, DefaultsApplyWhenTopLevelKeysAreLeftOut) {
  LoadResult r = load_config_text("{}", "headlined.jsonc");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.database, "headlined.db");
  EXPECT_EQ(r.config.workers, 4);
  EXPECT_TRUE(r.config.sources.empty());
}

TEST(ConfigLoad, ReadsAFileAndResolvesTheDatabaseBesideIt) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "h.jsonc", R"({"database": "x.db" /* beside me */})");
  LoadResult r = load_config_file(dir.file("h.jsonc"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.database, (dir.path() / "x.db").string());

  LoadResult missing = load_config_file(dir.file("absent.jsonc"));
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].to_string(),
            dir.file("absent.jsonc") + ": cannot read the config file: No such file or directory");
}

// One rule for the daemon and the admin commands: what systemd sets in the service's
// environment must not move the database, or `status --config` from a shell looks elsewhere.
TEST(ConfigLoad, TheStateDirectoryDoesNotMoveARelativeDatabase) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "h.jsonc", R"({"database": "x.db"})");
  setenv("STATE_DIRECTORY", "/var/lib/headlined", 1);
  LoadResult r = load_config_file(dir.file("h.jsonc"));
  unsetenv("STATE_DIRECTORY");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.config.database, (dir.path() / "x.db").string());
}

// An upgrade keeps an admin's edited config, which may still name the relative database that
// earlier versions kept under the state folder: the service keeps using that file and says
// what to write instead, rather than starting on an empty database beside the config.
TEST(ConfigLoad, AnUpgradedRelativeDatabaseIsFoundWhereEarlierVersionsKeptIt) {
  testing::TempDir config_dir;
  testing::TempDir state_dir;
  testing::write_file(config_dir.path() / "h.jsonc", R"({"database": "x.db"})");
  testing::write_file(state_dir.path() / "x.db", "");
  setenv("STATE_DIRECTORY", state_dir.path().c_str(), 1);
  LoadResult earlier = load_config_file(config_dir.file("h.jsonc"));
  testing::write_file(config_dir.path() / "x.db", "");  // today's rule finds a file: it wins
  LoadResult today = load_config_file(config_dir.file("h.jsonc"));
  unsetenv("STATE_DIRECTORY");
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier.config.database, (state_dir.path() / "x.db").string());
  ASSERT_EQ(earlier.config.warnings.size(), 1u);
  EXPECT_NE(earlier.config.warnings[0].to_string().find(
                "Write \"database\": \"" + (state_dir.path() / "x.db").string() + "\""),
            std::string::npos)
      << earlier.config.warnings[0].to_string();
  EXPECT_EQ(today.config.database, (config_dir.path() / "x.db").string());
  EXPECT_TRUE(today.config.warnings.empty());
}

TEST(ConfigLoad, ADatabaseOutsideTheServicesStateFolderIsNamedWithTheFix) {
  auto problem = database_outside_state_directory("/etc/headlined/headlined.db",
                                                  "/var/lib/headlined:/var/lib/other");
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("\"database\": \"/var/lib/headlined/headlined.db\""), std::string::npos)
      << *problem;
  EXPECT_FALSE(
      database_outside_state_directory("/var/lib/headlined/headlined.db", "/var/lib/headlined"));
  EXPECT_FALSE(
      database_outside_state_directory("/var/lib/headlined/sub/h.db", "/var/lib/headlined/"));
  EXPECT_TRUE(
      database_outside_state_directory("/var/lib/headlined-old/h.db", "/var/lib/headlined"));
  EXPECT_FALSE(database_outside_state_directory("/anywhere/h.db", ""));
}

TEST(ConfigLoad, TheShippedExampleNamesTheServicesDatabaseAbsolutely) {
  std::filesystem::path example =
      std::filesystem::path(HEADLINED_FIXTURES_DIR) / "../../config/headlined.example.jsonc";
  LoadResult r = load_config_file(example.string());
  EXPECT_EQ(r.config.database, "/var/lib/headlined/headlined.db");
}

TEST(ConfigLoad, TheShippedExampleConfigIsValid) {
  std::filesystem::path example =
      std::filesystem::path(HEADLINED_FIXTURES_DIR) / "../../config/headlined.example.jsonc";
  LoadResult r = load_config_file(example.string());
  for (const ConfigError& e : r.errors) ADD_FAILURE() << e.to_string();
  EXPECT_FALSE(r.config.sources.empty());
  EXPECT_FALSE(r.config.subscriptions.empty());
}

TEST(ConfigLoad, TheExampleInTheConfigReferenceIsValid) {
  std::string doc =
      testing::read_file(std::filesystem::path(HEADLINED_FIXTURES_DIR) / "../../docs/config.md");
  std::size_t begin = doc.find("```jsonc\n");
  ASSERT_NE(begin, std::string::npos);
  begin += 9;
  std::size_t end = doc.find("\n```", begin);
  LoadResult r = load_config_text(doc.substr(begin, end - begin), "config.md");
  for (const ConfigError& e : r.errors) ADD_FAILURE() << e.to_string();
  EXPECT_EQ(r.config.channels.size(), 3u);
}

TEST(ConfigLoad, SyntaxErrorNamesFileLineAndColumn) {
  LoadResult r = load_config_text("{\n  \"workers\": 2\n  \"database\": \"x\"\n}", "bad.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(), "bad.jsonc:3:3: expected ',' or '}' after object member");
}

}  // namespace
}  // namespace headlined::config
