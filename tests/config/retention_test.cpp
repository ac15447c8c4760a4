#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(ConfigRetention, ADurationOrSecondsSetsIt) {
  LoadResult days = load_config_text(R"({"retention": "90d"})", "c.jsonc");
  ASSERT_TRUE(days.ok()) << days.errors.front().to_string();
  EXPECT_EQ(days.config.retention, std::chrono::hours(24 * 90));
  LoadResult seconds = load_config_text(R"({"retention": 3600})", "c.jsonc");
  ASSERT_TRUE(seconds.ok());
  EXPECT_EQ(seconds.config.retention, std::chrono::seconds(3600));
}

TEST(ConfigRetention, LeftOutKeepsSnapshotsForever) {
  LoadResult loaded = load_config_text("{}", "c.jsonc");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.retention, std::chrono::seconds(0));
}

TEST(ConfigRetention, ABadValueIsReportedAtItsPlace) {
  LoadResult loaded = load_config_text("{\n  \"retention\": \"90x\"\n}", "c.jsonc");
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].pos.line, 2);
  EXPECT_NE(loaded.errors[0].message.find("retention"), std::string::npos)
      << loaded.errors[0].to_string();
}

}  // namespace
}  // namespace headlined::config
