// "database_retry_max": the longest wait between attempts to reach a PostgreSQL server.
#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(ConfigDatabaseRetry, LeftOutIsThirtySecondsAndADurationSetsIt) {
  LoadResult defaults = load_config_text("{}", "c.jsonc");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults.config.database_retry_max, std::chrono::seconds(30));
  LoadResult set = load_config_text(R"({"database_retry_max": "2m"})", "c.jsonc");
  ASSERT_TRUE(set.ok()) << set.errors.front().to_string();
  EXPECT_EQ(set.config.database_retry_max, std::chrono::minutes(2));
}

TEST(ConfigDatabaseRetry, ZeroIsAnErrorAtItsPlace) {
  LoadResult loaded = load_config_text("{\n  \"database_retry_max\": \"0s\"\n}", "c.jsonc");
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].to_string(),
            "c.jsonc:2:25: bad 'database_retry_max': duration must be longer than zero");
}

}  // namespace
}  // namespace headlined::config
