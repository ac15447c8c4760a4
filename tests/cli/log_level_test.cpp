// `--log-level` is accepted before or after the subcommand, and it filters what is logged:
// an admin writing `headlined run --config … --log-level error` gets errors only.

#include <gtest/gtest.h>

#include "cli_fixture.hpp"

namespace headlined::cli {
namespace {

using testing::headlined;
using testing::shell_quoted;

class LogLevel : public ::testing::Test {
 protected:
  void SetUp() override {
    // A source nobody listens on: its failure is logged as a warning.
    headlined::testing::write_file(config, R"({
      "database": "h.db",
      "crawl": {"retries": 0},
      "sources": [{"name": "gone", "type": "feed", "url": "http://127.0.0.1:1/feed.xml"}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"]}]
    })");
  }
  std::string run_once(const std::string& before, const std::string& after) {
    return headlined(before + " run --once --config " + shell_quoted(config) + " " + after +
                     " 2>&1")
        .out;
  }
  headlined::testing::TempDir dir;
  const std::string config = dir.file("headlined.jsonc");
};

TEST_F(LogLevel, FiltersWhetherGivenBeforeOrAfterTheSubcommand) {
  const std::string info = run_once("", "");
  EXPECT_NE(info.find("started:"), std::string::npos) << info;
  EXPECT_NE(info.find("source 'gone' failed"), std::string::npos) << info;

  for (const std::string& out :
       {run_once("--log-level warn", ""), run_once("", "--log-level warn")}) {
    EXPECT_EQ(out.find("started:"), std::string::npos) << out;
    EXPECT_NE(out.find("source 'gone' failed"), std::string::npos) << out;
  }
  EXPECT_EQ(run_once("", "--log-level error"), "");
}

TEST_F(LogLevel, AnUnknownLevelIsRefusedWithTheLevelsThereAre) {
  auto out = headlined("run --config " + shell_quoted(config) + " --log-level loud 2>&1");
  EXPECT_NE(out.status, 0);
  EXPECT_NE(out.out.find("loud not in {trace,debug,info,warn,error,off}"), std::string::npos)
      << out.out;
}

}  // namespace
}  // namespace headlined::cli
