// Every setting that loads but has no effect, or is risky, is named at its line and column:
// as an error when the config does not ask for the risk, as a warning when it does or when
// the setting is merely useless. One test per entry of docs/config.md's table ("Settings
// that do nothing or are risky"), in the table's order.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

using Lines = std::vector<std::string>;

struct Outcome {
  Lines errors;
  Lines warnings;
};

Outcome load(const std::string& text) {
  LoadResult r = load_config_text(text, "c.jsonc");
  Outcome out;
  for (const ConfigError& e : r.errors) out.errors.push_back(e.to_string());
  out.warnings = config_warnings(r.config);
  return out;
}

// A channel and subscription that make a config complete around the setting under test.
const std::string kRest = R"(
  "channels": [{"name": "log", "type": "console"}],
  "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"]}]
})";

TEST(SettingWarnings, MetricsBeyondLoopbackWithoutTheOptInIsAnError) {
  const Outcome o = load(R"({"metrics_listen": "0.0.0.0:9464",)" + kRest);
  EXPECT_EQ(o.errors, (Lines{"c.jsonc:1:20: 'metrics_listen' 0.0.0.0:9464 is reachable from "
                             "other hosts, and /metrics has no authentication: listen on "
                             "127.0.0.1 (a reverse proxy can publish it; docs/operations.md), "
                             "or set \"metrics_allow_remote\": true"}));
  // A LAN address and a host name are beyond loopback too; every loopback spelling is not.
  EXPECT_EQ(load(R"({"metrics_listen": "192.168.1.5:9464",)" + kRest).errors.size(), 1u);
  EXPECT_EQ(load(R"({"metrics_listen": "[::]:9464",)" + kRest).errors.size(), 1u);
  for (const char* local : {"127.0.0.1:9464", "127.0.0.2:0", "[::1]:9464", "localhost:9464"}) {
    const Outcome ok = load(std::string(R"({"metrics_listen": ")") + local + "\"," + kRest);
    EXPECT_TRUE(ok.errors.empty()) << local << ": " << ok.errors.front();
    EXPECT_TRUE(ok.warnings.empty()) << local << ": " << ok.warnings.front();
  }
}

TEST(SettingWarnings, MetricsBeyondLoopbackWithTheOptInIsAWarning) {
  const Outcome o =
      load(R"({"metrics_listen": "0.0.0.0:9464", "metrics_allow_remote": true,)" + kRest);
  EXPECT_TRUE(o.errors.empty()) << o.errors.front();
  EXPECT_EQ(o.warnings, (Lines{"c.jsonc:1:2: warning: /metrics on 0.0.0.0:9464 is reachable "
                               "from other hosts without authentication "
                               "(\"metrics_allow_remote\": true)"}));
}

TEST(SettingWarnings, TheOptInWithoutARemoteListenerDoesNothing) {
  EXPECT_EQ(load(R"({"metrics_allow_remote": true,)" + kRest).warnings,
            (Lines{"c.jsonc:1:2: warning: 'metrics_allow_remote' has no effect: "
                   "'metrics_listen' is not set"}));
  EXPECT_EQ(load(R"({"metrics_listen": "127.0.0.1:9464", "metrics_allow_remote": true,)" + kRest)
                .warnings,
            (Lines{"c.jsonc:1:38: warning: 'metrics_allow_remote' has no effect: 'metrics_listen' "
                   "is on loopback"}));
  EXPECT_EQ(load(R"({"metrics_allow_remote": "yes",)" + kRest).errors,
            (Lines{"c.jsonc:1:26: 'metrics_allow_remote' must be true or false, not a string"}));
}

TEST(SettingWarnings, LinkSelectorOnAFeedOrSitemapIsAnError) {
  for (const char* type : {"feed", "sitemap"}) {
    const Outcome o = load(std::string(R"({"sources": [{"name": "a", "type": ")") + type +
                           R"(", "url": "https://x.example/", "link_selector": "a"}],)" + kRest);
    ASSERT_EQ(o.errors.size(), 1u) << type;
    EXPECT_NE(o.errors[0].find("'link_selector' applies only to sources of type \"list\""),
              std::string::npos)
        << o.errors[0];
  }
  // A list source, or one whose type is found out ("auto"), uses it.
  for (const char* type : {"list", "auto"}) {
    const Outcome o = load(std::string(R"({"sources": [{"name": "a", "type": ")") + type +
                           R"(", "url": "https://x.example/", "link_selector": "a"}],)" + kRest);
    EXPECT_TRUE(o.errors.empty()) << type << ": " << o.errors.front();
  }
}

TEST(SettingWarnings, ProxyNoneWithoutAGlobalProxyDoesNothing) {
  const std::string source =
      R"({"name": "a", "type": "feed", "url": "https://x.example/", "proxy": "none"})";
  EXPECT_EQ(load(R"({"sources": [)" + source + "]," + kRest).warnings,
            (Lines{"c.jsonc:1:73: warning: \"proxy\": \"none\" has no effect: no \"crawl\" "
                   "proxy is set"}));
  EXPECT_TRUE(load(R"({"crawl": {"proxy": "socks5h://127.0.0.1:1080"}, "sources": [)" + source +
                   "]," + kRest)
                  .warnings.empty());
}

TEST(SettingWarnings, TlsVerifyOffIsAWarningAtTheKey) {
  EXPECT_EQ(
      load(R"({"sources": [{"name": "a", "url": "https://x.example/", "tls_verify": false}],)" +
           kRest)
          .warnings,
      (Lines{"c.jsonc:1:57: warning: source 'a': TLS certificate verification is off "
             "(\"tls_verify\": false); its pages can be forged by anyone on the network path"}));
}

TEST(SettingWarnings, AnUnknownSourceTimeZoneIsAnError) {
  EXPECT_EQ(
      load(
          R"({"sources": [{"name": "a", "url": "https://x.example/", "time_zone": "Asia/Pekin"}],)" +
          kRest)
          .errors,
      (Lines{"c.jsonc:1:70: unknown time zone \"Asia/Pekin\": use an IANA name such as "
             "\"Asia/Shanghai\", or \"UTC\""}));
}

// An email channel around `extra` keys.
std::string email(const std::string& smtp_url, const std::string& extra) {
  return R"({"channels": [{"name": "m", "type": "email", "smtp_url": ")" + smtp_url +
         R"(", "from": "a@example.com", "to": ["b@example.com"])" + extra + R"(}],
  "subscriptions": [{"name": "s", "query": "harbour", "channels": ["m"]}]})";
}

TEST(SettingWarnings, TlsWithSmtpsDoesNothing) {
  const Outcome o = load(email("smtps://mail.example.com", R"(, "tls": "starttls")"));
  EXPECT_TRUE(o.errors.empty()) << o.errors.front();
  ASSERT_EQ(o.warnings.size(), 1u);
  EXPECT_NE(o.warnings[0].find(": warning: 'tls' has no effect with an smtps:// URL"),
            std::string::npos)
      << o.warnings[0];
  EXPECT_TRUE(load(email("smtps://mail.example.com", "")).warnings.empty());
  EXPECT_TRUE(
      load(email("smtp://mail.example.com:587", R"(, "tls": "starttls")")).warnings.empty());
}

TEST(SettingWarnings, APasswordWithoutAUsernameDoesNothing) {
  const Outcome o = load(email("smtps://mail.example.com", R"(, "password": "p")"));
  ASSERT_EQ(o.warnings.size(), 1u);
  EXPECT_NE(o.warnings[0].find("warning: 'password' has no effect without 'username'"),
            std::string::npos)
      << o.warnings[0];
}

TEST(SettingWarnings, ALoginOverSmtpWithoutRequiredStarttlsIsRisky) {
  for (const char* tls : {"", R"(, "tls": "try")", R"(, "tls": "none")"}) {
    const Outcome o = load(email("smtp://mail.example.com:587",
                                 std::string(R"(, "username": "u", "password": "p")") + tls));
    ASSERT_EQ(o.warnings.size(), 1u) << tls;
    EXPECT_NE(o.warnings[0].find("warning: the login may be sent unencrypted over smtp://"),
              std::string::npos)
        << o.warnings[0];
  }
  // Required STARTTLS, or smtps://, keeps the login encrypted.
  EXPECT_TRUE(load(email("smtp://mail.example.com:587",
                         R"(, "username": "u", "password": "p", "tls": "starttls")"))
                  .warnings.empty());
  EXPECT_TRUE(load(email("smtps://mail.example.com", R"(, "username": "u", "password": "p")"))
                  .warnings.empty());
}

TEST(SettingWarnings, ATimeZoneWithoutADigestDoesNothing) {
  const Outcome o = load(R"({"channels": [{"name": "log", "type": "console"}],
  "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"],
                     "time_zone": "Asia/Shanghai"}]})");
  EXPECT_TRUE(o.errors.empty()) << o.errors.front();
  EXPECT_EQ(o.warnings, (Lines{"c.jsonc:3:22: warning: 'time_zone' has no effect without "
                               "\"delivery\": \"digest\" (it places digest windows)"}));
  // With a digest, daily or periodic, the zone places the windows.
  for (const char* schedule : {R"("digest_at": "08:00")", R"("digest_every": "6h")"}) {
    const Outcome digest = load(std::string(R"({"channels": [{"name": "log", "type": "console"}],
  "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"],
                     "delivery": "digest", )") +
                                schedule + R"(, "time_zone": "Asia/Shanghai"}]})");
    EXPECT_TRUE(digest.errors.empty()) << digest.errors.front();
    EXPECT_TRUE(digest.warnings.empty()) << digest.warnings.front();
  }
}

TEST(SettingWarnings, DigestSettingsWithoutADigestAreAnError) {
  const Outcome o = load(R"({"channels": [{"name": "log", "type": "console"}],
  "subscriptions": [{"name": "s", "query": "harbour", "channels": ["log"], "digest_at": "08:00"}]})");
  EXPECT_EQ(o.errors,
            (Lines{"c.jsonc:2:76: 'digest_at' applies only with \"delivery\": \"digest\""}));
}

TEST(SettingWarnings, KeysOfAnotherChannelTypeAreAnError) {
  const Outcome o = load(
      R"({"channels": [{"name": "log", "type": "console", "timeout": "5s"}], "subscriptions": []})");
  EXPECT_EQ(o.errors, (Lines{"c.jsonc:1:50: 'timeout' does not apply to console channels"}));
  const Outcome webhook = load(R"({"channels": [{"name": "h", "type": "webhook",
  "url": "https://h.example/", "tls": "none"}], "subscriptions": []})");
  EXPECT_EQ(webhook.errors, (Lines{"c.jsonc:2:32: 'tls' applies only to email channels"}));
}

TEST(SettingWarnings, ACleanConfigHasNone) {
  const Outcome o = load(R"({"metrics_listen": "127.0.0.1:9464",
  "crawl": {"proxy": "socks5h://127.0.0.1:1080"},
  "sources": [{"name": "a", "type": "list", "url": "https://x.example/", "link_selector": "a",
               "proxy": "none", "time_zone": "Asia/Shanghai"}],)" +
                         kRest);
  EXPECT_TRUE(o.errors.empty()) << o.errors.front();
  EXPECT_TRUE(o.warnings.empty()) << o.warnings.front();
}

}  // namespace
}  // namespace headlined::config
