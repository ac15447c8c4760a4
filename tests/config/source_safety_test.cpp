// Per-source safety switches: "allow_private_addresses" (the address policy's opt-in) and
// "tls_verify" (an explicit opt-out that is always warned about).

#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(SourceSafety, DefaultsArePolicedAndVerified) {
  LoadResult r = load_config_text(
      R"({"sources": [{"name": "a", "type": "feed", "url": "https://x.example/feed"}]})",
      "c.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  EXPECT_FALSE(r.config.sources.at(0).allow_private_addresses);
  EXPECT_TRUE(r.config.sources.at(0).tls_verify);
  EXPECT_TRUE(config_warnings(r.config).empty());
}

TEST(SourceSafety, OptInAndOptOutAreReadAndTheOptOutIsWarnedAbout) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "intranet", "type": "list", "url": "http://news.corp.example/",
   "allow_private_addresses": true},
  {"name": "self-signed", "type": "feed", "url": "https://10.0.0.5/feed",
   "tls_verify": false},
  {"name": "plain", "type": "feed", "url": "https://x.example/feed", "tls_verify": true,
   "allow_private_addresses": false}
]})",
                                  "c.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  EXPECT_TRUE(r.config.sources.at(0).allow_private_addresses);
  EXPECT_TRUE(r.config.sources.at(0).tls_verify);
  EXPECT_FALSE(r.config.sources.at(1).tls_verify);
  EXPECT_FALSE(r.config.sources.at(1).allow_private_addresses);
  EXPECT_TRUE(r.config.sources.at(2).tls_verify);
  EXPECT_FALSE(r.config.sources.at(2).allow_private_addresses);
  const std::vector<std::string> warnings = config_warnings(r.config);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("source 'self-signed'"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("\"tls_verify\": false"), std::string::npos) << warnings[0];
}

TEST(SourceSafety, NonBooleanValuesAreReportedAtTheValue) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "a", "type": "feed", "url": "https://x.example/feed",
   "allow_private_addresses": "yes", "tls_verify": 0}
]})",
                                  "c.jsonc");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].to_string(),
            "c.jsonc:3:31: 'allow_private_addresses' must be true or false, not a string");
  EXPECT_EQ(r.errors[1].to_string(),
            "c.jsonc:3:52: 'tls_verify' must be true or false, not a "
            "number");
}

TEST(SourceSafety, AMisspelledKeyIsUnknown) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "a", "type": "feed", "url": "https://x.example/feed", "verify_tls": false}
]})",
                                  "c.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("unknown key 'verify_tls' in source"), std::string::npos)
      << r.errors[0].to_string();
  EXPECT_NE(r.errors[0].message.find("allow_private_addresses"), std::string::npos);
  EXPECT_NE(r.errors[0].message.find("tls_verify"), std::string::npos);
}

}  // namespace
}  // namespace headlined::config
