// The "web" object and the subscriptions' feed tokens: defaults, every key, and errors at
// their place.

#include <gtest/gtest.h>

#include <cstdlib>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

const std::string kSubscription = R"(
  "channels": [{"name": "out", "type": "console"}],
  "subscriptions": [
    {"name": "s", "query": "招商引资", "channels": ["out"],
     "feed_token": {"env": "HEADLINED_TEST_FEED_TOKEN"}}
  ])";

TEST(WebConfig, IsOffByDefault) {
  LoadResult r = load_config_text("{}", "w.jsonc");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.config.web.has_value());
}

TEST(WebConfig, ReadsEveryKeyAndTheFeedTokenFromTheEnvironment) {
  setenv("HEADLINED_TEST_FEED_TOKEN", "0123456789abcdef-token", 1);
  LoadResult r = load_config_text(R"({
  "web": {"listen": "127.0.0.1:8080", "public_base_url": "https://news.example.org/",
          "site_name": "快照站", "contact": "takedown@example.org", "language": "en"},)" +
                                      kSubscription + "\n}",
                                  "w.jsonc");
  unsetenv("HEADLINED_TEST_FEED_TOKEN");
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  ASSERT_TRUE(r.config.web);
  EXPECT_EQ(r.config.web->listen, "127.0.0.1:8080");
  EXPECT_EQ(r.config.web->public_base_url, "https://news.example.org");
  EXPECT_EQ(r.config.web->site_name, "快照站");
  EXPECT_EQ(r.config.web->contact, "takedown@example.org");
  EXPECT_EQ(r.config.web->language, "en");
  EXPECT_EQ(r.config.subscriptions.at(0).subscription.feed_token, "0123456789abcdef-token");
}

TEST(WebConfig, ErrorsNameTheKeyAndPlace) {
  setenv("HEADLINED_TEST_FEED_TOKEN", "short", 1);
  LoadResult r = load_config_text(R"({
  "web": {"listen": "8080", "language": "fr", "colour": "red"},)" +
                                      kSubscription + "\n}",
                                  "w.jsonc");
  unsetenv("HEADLINED_TEST_FEED_TOKEN");
  std::vector<std::string> errors;
  for (const ConfigError& e : r.errors) errors.push_back(e.to_string());
  ASSERT_EQ(errors.size(), 4u) << ::testing::PrintToString(errors);
  // In file order: listen, language, then the unknown key after them.
  EXPECT_NE(errors[0].find("w.jsonc:2:"), std::string::npos);
  EXPECT_NE(errors[0].find("'listen' must be HOST:PORT"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("'language' must be \"zh\" or \"en\""), std::string::npos);
  EXPECT_NE(errors[2].find("unknown key 'colour'"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("w.jsonc:6:"), std::string::npos) << errors[3];
  EXPECT_NE(errors[3].find("'feed_token' must be at least 16 characters"), std::string::npos);
}

}  // namespace
}  // namespace headlined::config
