#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

std::string config_with_subscription(const std::string& subscription) {
  return R"({
  "database": "news.db",
  "sources": [
    {"name": "zibo", "type": "list", "url": "http://127.0.0.1:8080/news/"},
    {"name": "feed", "type": "feed", "url": "http://127.0.0.1:8080/rss.xml"}
  ],
  "channels": [{"name": "out", "type": "console"}],
  "subscriptions": [
    )" + subscription +
         R"(
  ]
})";
}

TEST(SubscriptionSources, ListsTheSourcesItCovers) {
  LoadResult r = load_config_text(
      config_with_subscription(
          R"({"name": "z", "query": "招商引资", "channels": ["out"], "sources": ["zibo"]})"),
      "h.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  ASSERT_EQ(r.config.subscriptions.size(), 1u);
  EXPECT_EQ(r.config.subscriptions[0].subscription.sources, std::vector<std::string>{"zibo"});
}

TEST(SubscriptionSources, DefaultsToEverySource) {
  LoadResult r = load_config_text(
      config_with_subscription(R"({"name": "z", "query": "招商引资", "channels": ["out"]})"),
      "h.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  EXPECT_TRUE(r.config.subscriptions[0].subscription.sources.empty());
}

TEST(SubscriptionSources, AnUnknownSourceIsAnErrorAtItsPosition) {
  LoadResult r = load_config_text(
      config_with_subscription(
          R"({"name": "z", "query": "a", "channels": ["out"], "sources": ["zibo", "xinhua"]})"),
      "h.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(),
            "h.jsonc:9:74: unknown source 'xinhua': no source has that name");
}

TEST(SubscriptionSources, AnEmptyListIsRejected) {
  LoadResult r =
      load_config_text(config_with_subscription(
                           R"({"name": "z", "query": "a", "channels": ["out"], "sources": []})"),
                       "h.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].to_string().find("sources"), std::string::npos) << r.errors[0].to_string();
}

}  // namespace
}  // namespace headlined::config
