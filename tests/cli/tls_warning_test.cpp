// A source with "tls_verify": false is an explicit opt-out of TLS verification: the real
// binary says so, naming the source, in `check-config` and in the daemon's log at start and
// at every reload; a config without it says nothing of the kind.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>

#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined::cli {
namespace {

using namespace std::chrono_literals;
using headlined::testing::ChildProcess;
using headlined::testing::LocalServer;
using headlined::testing::read_file;
using headlined::testing::TempDir;
using headlined::testing::wait_until;
using headlined::testing::write_file;

// The binary with `args`, stdout and stderr together.
headlined::testing::CommandOutput run_binary(const std::string& args) {
  return headlined::testing::run_command(std::string(HEADLINED_BINARY) + " " + args + " 2>&1");
}

class TlsWarning : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
          "</channel></rss>",
          "application/rss+xml");
    });
    site.start();
  }

  void write_config(bool insecure) {
    write_file(config_path, R"({
      "database": "h.db",
      "sources": [
        {"name": "checked", "type": "feed", "url": ")" +
                                site.url("/feed.xml") + R"("},
        {"name": "self-signed", "type": "feed", "url": ")" +
                                site.url("/feed.xml") + R"(")" +
                                (insecure ? R"(, "tls_verify": false)" : "") + R"(}
      ],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"]}]
    })");
  }

  TempDir dir;
  LocalServer site;
  const std::string config_path = dir.file("headlined.jsonc");
};

TEST_F(TlsWarning, CheckConfigNamesTheSource) {
  write_config(true);
  const auto r = run_binary("check-config " + config_path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("OK: "), std::string::npos) << r.out;
  // At the key's line and column, as errors are.
  const std::string warning =
      ": warning: source 'self-signed': TLS certificate verification "
      "is off (\"tls_verify\": false)";
  EXPECT_NE(r.out.find(config_path + ":5:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(warning), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("'checked'"), std::string::npos) << r.out;

  write_config(false);
  const auto clean = run_binary("check-config " + config_path);
  EXPECT_EQ(clean.status, 0) << clean.out;
  EXPECT_EQ(clean.out.find("warning"), std::string::npos) << clean.out;
}

TEST_F(TlsWarning, TheDaemonLogsItAtStartAndAtReload) {
  write_config(true);
  const auto once = run_binary("run --once --config " + config_path);
  EXPECT_EQ(once.status, 0) << once.out;
  EXPECT_NE(once.out.find("source 'self-signed': TLS certificate verification is off"),
            std::string::npos)
      << once.out;

  // Started without the opt-out: no warning; reloaded with it: the warning.
  write_config(false);
  const std::string log_path = dir.file("daemon.log");
  ChildProcess daemon;
  daemon.start({HEADLINED_BINARY, "run", "--config", config_path}, log_path);
  auto log = [&] { return read_file(log_path); };
  ASSERT_TRUE(wait_until([&] { return log().find("started:") != std::string::npos; }, 10s))
      << log();
  EXPECT_EQ(log().find("TLS certificate verification is off"), std::string::npos) << log();
  write_config(true);
  daemon.signal(SIGHUP);
  ASSERT_TRUE(wait_until(
      [&] {
        return log().find("source 'self-signed': TLS certificate verification is off") !=
               std::string::npos;
      },
      10s))
      << log();
  daemon.signal(SIGTERM);
  EXPECT_TRUE(daemon.wait(10s).has_value());
}

}  // namespace
}  // namespace headlined::cli
