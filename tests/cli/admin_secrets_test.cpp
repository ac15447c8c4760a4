// The admin's path on an installed system: from a root shell, without the environment or the
// credentials systemd gives only the service, the admin commands read the service's database;
// check-config says what it could not check; a paused channel shows in `status` and
// `redeliver --channel` lifts the pause; and run as root, the write commands leave the
// database files owned by the service's user.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "cli_fixture.hpp"

namespace headlined::cli::testing {
namespace {

// The fixture's sources and subscriptions, with the channel's URL and a header in secrets
// that only the service could read.
constexpr const char* kConfigWithServiceSecrets = R"({
  "database": "headlined.db",
  "sources": [
    {"name": "zibo", "type": "feed", "url": "https://zibo.example/rss.xml", "interval": "5m"},
    {"name": "coast", "type": "list", "url": "https://coast.example/", "interval": "1h"}
  ],
  "channels": [
    {"name": "hook", "type": "dingtalk", "url": {"env": "HEADLINED_TEST_UNSET_DINGTALK_URL"},
     "secret": {"file": "/run/credentials/headlined.service/dingtalk-secret"}}
  ],
  "subscriptions": [
    {"name": "investment", "query": "招商引资", "channels": ["hook"]},
    {"name": "harbour", "query": "harbour", "channels": ["hook"]}
  ]
})";

TEST_F(CliTest, ReadOnlyCommandsNeedNoChannelSecrets) {
  unsetenv("HEADLINED_TEST_UNSET_DINGTALK_URL");
  headlined::testing::write_file(config_path, kConfigWithServiceSecrets);
  const std::string config = " --config " + shell_quoted(config_path);
  for (const std::string& command :
       {std::string("status"), std::string("sources"), std::string("subscriptions"),
        std::string("deliveries"), std::string("search 招商引资"),
        "show " + std::to_string(seed_id), std::string("export --subscription investment")}) {
    Output out = headlined(command + config + " 2>&1");
    EXPECT_EQ(out.status, 0) << command << ": " << out.out;
    EXPECT_EQ(out.out.find("not set"), std::string::npos) << command << ": " << out.out;
  }
}

TEST_F(CliTest, CheckConfigNamesWhatOnlyTheServiceCanRead) {
  unsetenv("HEADLINED_TEST_UNSET_DINGTALK_URL");
  headlined::testing::write_file(config_path, kConfigWithServiceSecrets);
  Output out = headlined("check-config " + shell_quoted(config_path) + " 2>&1");
  EXPECT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find(config_path + ":8:"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("HEADLINED_TEST_UNSET_DINGTALK_URL is not set: not checked here"),
            std::string::npos)
      << out.out;
  EXPECT_NE(out.out.find("LoadCredential="), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("2 secret(s) only the service can read were not checked"),
            std::string::npos)
      << out.out;
}

TEST_F(CliTest, StatusShowsAPausedChannelAndRedeliverLiftsThePause) {
  const UnixTime now = now_unix();
  ASSERT_TRUE(
      store->disable_channel({"hook", "HTTP 200 {\"errcode\":310000}: DingTalk's keyword rule",
                              "https://h.example", now}));
  auto owed = store->deliveries().value();
  ASSERT_TRUE(store->defer_deliveries({owed[0].id}, now + 3600));

  Output text = db_command("status");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find("channel 'hook' paused since"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("DingTalk's keyword rule"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("headlined redeliver --channel hook"), std::string::npos) << text.out;
  nlohmann::json json = parse(db_command("status --json"));
  ASSERT_EQ(json["paused_channels"].size(), 1u);
  EXPECT_EQ(json["paused_channels"][0]["channel"], "hook");

  Output resumed = db_command("redeliver --channel hook");
  EXPECT_EQ(resumed.status, 0) << resumed.out;
  EXPECT_NE(resumed.out.find("channel 'hook' resumed: 1 pending delivery due now"),
            std::string::npos)
      << resumed.out;
  EXPECT_TRUE(store->disabled_channels().value().empty());
  EXPECT_LE(store->deliveries().value()[0].next_attempt_at, now_unix());
  EXPECT_EQ(db_command("redeliver --channel hook").status, 1);  // not paused any more
}

// The service's user owns /var/lib/headlined and its files; an admin's root shell runs the
// commands as the docs write them. SQLite, run as root, gives the -wal and -shm files it
// creates the database file's owner, so the service can still open them afterwards.
TEST_F(CliTest, WriteCommandsRunAsRootKeepTheDatabaseOwner) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (CI runs the suite as root)";
  store.reset();  // closed: its -wal and -shm files are gone
  const uid_t service_uid = 65534;
  const gid_t service_gid = 65534;
  ASSERT_EQ(::chown(db_path.c_str(), service_uid, service_gid), 0);
  // A connection held open, as the running daemon holds one: the -wal and -shm files it
  // creates (this process is root) and the commands then share must be the service's too.
  auto held = store::Store::open(db_path);
  ASSERT_TRUE(held) << held.error().to_string();
  ASSERT_TRUE(std::filesystem::exists(db_path + "-wal"));
  for (const std::string& command :
       {"takedown " + shell_quoted(kSeedUrl) + " --reason request",
        std::string("purge --older-than 30d"), std::string("redeliver --all-failed"),
        "backup " + shell_quoted(dir.file("copy.db"))}) {
    Output out = headlined(command + " --config " + shell_quoted(config_path) + " 2>&1");
    EXPECT_NE(out.status, 2) << command << ": " << out.out;
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat st {};
      ASSERT_EQ(::stat((db_path + suffix).c_str(), &st), 0) << db_path << suffix;
      EXPECT_EQ(st.st_uid, service_uid) << command << " left " << db_path << suffix;
    }
  }
}

}  // namespace
}  // namespace headlined::cli::testing
