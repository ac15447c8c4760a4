// Each semantic error is reported at the line and column a user would look at: the value
// that is wrong, the key that is unknown, or the object that lacks a key.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

std::vector<std::string> errors_of(const std::string& text) {
  LoadResult r = load_config_text(text, "c.jsonc");
  std::vector<std::string> out;
  for (const ConfigError& e : r.errors) out.push_back(e.to_string());
  return out;
}

using Errors = std::vector<std::string>;

TEST(ConfigErrors, MissingRequiredKeyPointsAtTheObject) {
  EXPECT_EQ(errors_of(R"({"sources": [
  {"name": "a", "type": "feed"}
]})"),
            Errors{"c.jsonc:2:3: source is missing the required key 'url'"});
}

TEST(ConfigErrors, WrongTypePointsAtTheValue) {
  EXPECT_EQ(errors_of(R"({"workers": "4"})"),
            Errors{"c.jsonc:1:13: 'workers' must be a whole number, not a string"});
  EXPECT_EQ(errors_of(R"({"workers": 0})"),
            Errors{"c.jsonc:1:13: 'workers' must be between 1 and 256, not 0"});
  EXPECT_EQ(errors_of(R"({"sources": {}})"),
            Errors{"c.jsonc:1:13: 'sources' must be an array, not an object"});
  EXPECT_EQ(errors_of("[1]"), Errors{"c.jsonc:1:1: the config must be an object, not an array"});
}

TEST(ConfigErrors, UnknownKeyPointsAtTheKey) {
  EXPECT_EQ(errors_of(R"({"sources": [{
  "name": "a",
  "type": "feed",
  "url": "http://x.example/",
  "intreval": "5m"
}]})"),
            Errors{"c.jsonc:5:3: unknown key 'intreval' in source (known keys: name, type, url, "
                   "interval, link_selector, max_articles_per_poll, proxy, include_urls, "
                   "exclude_urls, overrides, allow_private_addresses, tls_verify, time_zone, "
                   "min_interval, max_interval)"});
}

TEST(ConfigErrors, KeyOfAnotherChannelTypeSaysWhereItBelongs) {
  EXPECT_EQ(errors_of(R"({"channels": [{
  "name": "m", "type": "email", "smtp_url": "smtp://127.0.0.1:2525",
  "from": "a@example.com", "to": ["b@example.com"],
  "headers": {"X": "y"}
}]})"),
            Errors{"c.jsonc:4:3: 'headers' applies only to webhook channels"});
}

TEST(ConfigErrors, DuplicateNamesNameTheFirstDefinition) {
  EXPECT_EQ(
      errors_of(R"({"channels": [
  {"name": "ops", "type": "console"},
  {"name": "ops", "type": "console"}
]})"),
      Errors{"c.jsonc:3:12: duplicate channel name 'ops' (first defined at line 2, column 12)"});
}

TEST(ConfigErrors, BadUrlsAreRejected) {
  EXPECT_EQ(errors_of(R"({"sources": [
  {"name": "a", "type": "feed", "url": "ftp://x.example/"}
]})"),
            Errors{"c.jsonc:2:40: 'url' must be an http:// or https:// URL, not "
                   "\"ftp://x.example/\""});
  EXPECT_EQ(errors_of(R"({"channels": [
  {"name": "m", "type": "email", "smtp_url": "http://mail.example.com",
   "from": "a@example.com", "to": ["b@example.com"]}
]})"),
            Errors{"c.jsonc:2:46: 'smtp_url' must be an smtp:// or smtps:// URL, not "
                   "\"http://mail.example.com\""});
}

TEST(ConfigErrors, BadIntervalIsExplained) {
  EXPECT_EQ(errors_of(R"({"sources": [
  {"name": "a", "type": "feed", "url": "http://x.example/", "interval": "5x"}
]})"),
            Errors{"c.jsonc:2:73: bad 'interval': unknown duration unit 'x': use s, m, h or d"});
  EXPECT_EQ(errors_of(R"({"sources": [
  {"name": "a", "type": "feed", "url": "http://x.example/", "interval": -5}
]})"),
            Errors{"c.jsonc:2:73: 'interval' in seconds must be between 1 and 31536000 (365 "
                   "days)"});
}

TEST(ConfigErrors, SubscriptionNamingAnUnknownChannel) {
  EXPECT_EQ(errors_of(R"({"channels": [{"name": "ops", "type": "console"}],
 "subscriptions": [
  {"name": "s", "query": "a", "channels": ["ops", "opps"]}
]})"),
            Errors{"c.jsonc:3:51: unknown channel 'opps': no channel has that name"});
}

TEST(ConfigErrors, EmptyQueryAndEmptyChannelList) {
  EXPECT_EQ(
      errors_of(R"({"channels": [{"name": "ops", "type": "console"}],
 "subscriptions": [
  {"name": "s", "query": "  ", "channels": ["ops"]},
  {"name": "t", "query": "　", "channels": []}
]})"),
      // The ideographic space (3 bytes) is one column.
      (Errors{"c.jsonc:3:26: 'query' must not be empty", "c.jsonc:4:26: 'query' must not be empty",
              "c.jsonc:4:43: 'channels' must list at least one entry"}));
}

TEST(ConfigErrors, LinkSelectorOnAFeedIsRejected) {
  EXPECT_EQ(errors_of(R"({"sources": [
  {"name": "a", "type": "feed", "url": "http://x.example/", "link_selector": "a"}
]})"),
            Errors{"c.jsonc:2:61: 'link_selector' applies only to sources of type \"list\" (or "
                   "\"auto\" when the URL turns out a list page)"});
}

// Columns count characters, as editors do: "招商引资" is 4 of them (12 bytes).
TEST(ConfigErrors, AllErrorsAreReportedTogetherInFileOrder) {
  EXPECT_EQ(errors_of(R"({
  "workers": -1,
  "colour": "blue",
  "sources": [
    {"name": "a", "type": "rss", "url": "http://x.example/"},
    {"name": "a", "type": "feed", "url": "not a url"}
  ],
  "channels": [
    {"name": "hook", "type": "webhook", "url": "https://h.example/", "max_attempts": "8"}
  ],
  "subscriptions": [
    {"name": "s", "query": "招商引资", "channels": ["mail"]}
  ]
})"),
            (Errors{
                "c.jsonc:2:14: 'workers' must be between 1 and 256, not -1",
                "c.jsonc:3:3: unknown key 'colour' in the config (known keys: database, "
                "database_password, user_agent, workers, metrics_listen, metrics_allow_remote, "
                "retention, "
                "story_window, crawl, web, "
                "websub, polling, sources, channels, "
                "subscriptions, node, lease_period, database_retry_max)",
                "c.jsonc:5:27: unknown source type 'rss': use \"auto\" (the default), \"feed\", "
                "\"list\" or \"sitemap\"",
                "c.jsonc:6:14: duplicate source name 'a' (first defined at line 5, column 14)",
                "c.jsonc:6:42: 'url' must be an http:// or https:// URL, not \"not a url\"",
                "c.jsonc:9:86: 'max_attempts' must be a whole number, not a string",
                "c.jsonc:12:49: unknown channel 'mail': no channel has that name",
            }));
}

}  // namespace
}  // namespace headlined::config
