// A subscription's "alerts" ("story" by default, or "article") and the top-level story_window.
#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

std::string with_subscription(const std::string& extra) {
  return R"({"channels": [{"name": "log", "type": "console"}],
    "subscriptions": [{"name": "s", "query": "码头", "channels": ["log"])" +
         extra + "}]}";
}

TEST(ConfigAlerts, StoryByDefaultArticleWhenAskedAndSevenDayWindow) {
  LoadResult plain = load_config_text(with_subscription(""), "c.jsonc");
  ASSERT_TRUE(plain.ok()) << plain.errors.front().to_string();
  EXPECT_EQ(plain.config.subscriptions[0].subscription.alerts, AlertScope::Story);
  EXPECT_EQ(plain.config.story_window, std::chrono::hours(24 * 7));
  LoadResult article = load_config_text(with_subscription(R"(, "alerts": "article")"), "c.jsonc");
  ASSERT_TRUE(article.ok()) << article.errors.front().to_string();
  EXPECT_EQ(article.config.subscriptions[0].subscription.alerts, AlertScope::Article);
  LoadResult window = load_config_text(R"({"story_window": "2d"})", "c.jsonc");
  ASSERT_TRUE(window.ok()) << window.errors.front().to_string();
  EXPECT_EQ(window.config.story_window, std::chrono::hours(48));
}

TEST(ConfigAlerts, AnUnknownValueIsAnErrorAtItsPlace) {
  LoadResult loaded = load_config_text(with_subscription(R"(, "alerts": "once")"), "c.jsonc");
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.errors.front().to_string(),
            "c.jsonc:2:83: 'alerts' must be \"story\" or \"article\", not \"once\"");
}

}  // namespace
}  // namespace headlined::config
