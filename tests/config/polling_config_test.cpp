// The "websub" and "polling" objects and the sources' interval rules: defaults, every key,
// and errors at their place.

#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(PollingConfig, IntervalIsFixedWhenNamedElseAdaptiveWithinTheDefaults) {
  LoadResult r = load_config_text(R"({
  "polling": {"min_interval": "1m", "max_interval": "2h"},
  "sources": [
    {"name": "fixed", "url": "https://a.example/feed", "interval": "5m"},
    {"name": "default", "url": "https://b.example/feed"},
    {"name": "own", "url": "https://c.example/feed", "min_interval": "30s", "max_interval": "10m"},
    {"name": "low", "url": "https://d.example/feed", "max_interval": "30s"}
  ]})",
                                  "p.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  const auto& p = r.config.source_polling;
  ASSERT_EQ(p.size(), 4u);
  EXPECT_TRUE(p.at("fixed").fixed);
  EXPECT_EQ(p.at("fixed").interval.count(), 300);
  EXPECT_FALSE(p.at("default").fixed);
  EXPECT_EQ(p.at("default").min_interval.count(), 60);
  EXPECT_EQ(p.at("default").max_interval.count(), 7200);
  EXPECT_EQ(p.at("own").min_interval.count(), 30);
  EXPECT_EQ(p.at("own").max_interval.count(), 600);
  // A maximum under the default minimum pulls the minimum down with it.
  EXPECT_EQ(p.at("low").min_interval.count(), 30);
  EXPECT_EQ(p.at("low").max_interval.count(), 30);
}

TEST(PollingConfig, ReversedBoundsAreErrorsAtTheirPlace) {
  LoadResult r = load_config_text(R"({
  "sources": [{"name": "s", "url": "https://a.example/feed",
               "min_interval": "1h", "max_interval": "1m"}]})",
                                  "p.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].pos.line, 3);
  EXPECT_NE(r.errors[0].message.find("'max_interval' is shorter"), std::string::npos);
}

TEST(WebSubConfig, OffByDefaultAndEveryKeyRead) {
  EXPECT_FALSE(load_config_text("{}", "w.jsonc").config.websub);
  LoadResult r = load_config_text(R"({"websub": {"listen": "127.0.0.1:8090",
    "public_base_url": "https://news.example.org/headlined/", "lease": "2d",
    "safety_poll": "30m", "verify_timeout": "1m", "max_body_bytes": 65536}})",
                                  "w.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors[0].to_string();
  ASSERT_TRUE(r.config.websub);
  EXPECT_EQ(r.config.websub->listen, "127.0.0.1:8090");
  EXPECT_EQ(r.config.websub->public_base_url, "https://news.example.org/headlined");
  EXPECT_EQ(r.config.websub->lease.count(), 2 * 86400);
  EXPECT_EQ(r.config.websub->safety_poll.count(), 1800);
  EXPECT_EQ(r.config.websub->verify_timeout.count(), 60);
  EXPECT_EQ(r.config.websub->max_body_bytes, 65536);
}

TEST(WebSubConfig, MissingPublicUrlAndBadListenAreNamed) {
  LoadResult r = load_config_text(R"({"websub": {"listen": "nowhere"}})", "w.jsonc");
  ASSERT_EQ(r.errors.size(), 2u);
  std::string all = r.errors[0].to_string() + "\n" + r.errors[1].to_string();
  EXPECT_NE(all.find("'listen' must be HOST:PORT"), std::string::npos) << all;
  EXPECT_NE(all.find("public_base_url"), std::string::npos) << all;
}

}  // namespace
}  // namespace headlined::config
