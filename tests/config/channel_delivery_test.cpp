// Channel presets, delivery policy and the subscriptions' delivery settings as the config
// states them, and their errors at the place a user would look.

#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

using namespace std::chrono_literals;

LoadResult load(const std::string& channels, const std::string& subscription_extra) {
  return load_config_text(R"({"channels": [)" + channels + R"(],
"subscriptions": [{"name": "s", "query": "harbour", "channels": ["c"])" +
                              subscription_extra + "}]}",
                          "c.jsonc");
}

std::string errors(const LoadResult& r) {
  std::string out;
  for (const ConfigError& e : r.errors) out += e.to_string() + "\n";
  return out;
}

TEST(ChannelConfig, PresetsMapOntoTheSpec) {
  LoadResult r = load(R"({"name": "c", "type": "telegram", "bot_token": "1:A", "chat_id": "-5",
    "rate_limit": {"messages": 20, "per": "1m"}, "backoff": {"initial": "5s", "max": "6h"},
    "template": {"subject": "{title}", "body": "{url}\n{snippet}"}})",
                      "");
  ASSERT_TRUE(r.ok()) << errors(r);
  const ChannelSpec& c = r.config.channels.at(0);
  EXPECT_EQ(c.type, ChannelType::Webhook);
  EXPECT_EQ(c.preset, "telegram");
  EXPECT_EQ(c.token, "1:A");
  EXPECT_EQ(c.target, "-5");
  EXPECT_EQ(c.rate_limit_count, 20);
  EXPECT_EQ(c.rate_limit_window, 60s);
  EXPECT_EQ(c.retry_initial, 5s);
  EXPECT_EQ(c.retry_maximum, 6h);
  EXPECT_EQ(c.message_template.body, "{url}\n{snippet}");
}

TEST(ChannelConfig, LarkIsFeishuAndWebhookSecretsNeedThePrefix) {
  LoadResult r = load(
      R"({"name": "c", "type": "lark", "url": "https://x.test/hook/t0k3n", "secret": "s"})", "");
  ASSERT_TRUE(r.ok()) << errors(r);
  EXPECT_EQ(r.config.channels.at(0).preset, "feishu");
  r = load(R"({"name": "c", "type": "webhook", "url": "https://x.test/h",
    "secret": "abc"})",
           "");
  EXPECT_EQ(errors(r),
            "c.jsonc:2:15: a Standard Webhooks secret starts with \"whsec_\" (then base64)\n");
}

TEST(ChannelConfig, ErrorsAtTheirPlace) {
  LoadResult r = load(R"({"name": "c", "type": "slack", "url": "https://x.test/services/T/B/x",
    "chat_id": "1", "backoff": {"max": "2d"}, "template": {"body": "{titel}"}})",
                      "");
  std::string e = errors(r);
  EXPECT_NE(e.find("c.jsonc:2:5: unknown key 'chat_id' in slack channel"), std::string::npos) << e;
  EXPECT_NE(e.find("at most a day"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown placeholder '{titel}'"), std::string::npos) << e;
}

// A preset URL copied without its credential can never deliver; each service's own shape is
// checked, at the URL's place in the file.
TEST(ChannelConfig, PresetURLsWithoutTheirTokenAreErrors) {
  struct Case {
    const char* type;
    const char* url;
    const char* names;  // what the message must name
  };
  const Case cases[] = {
      {"dingtalk", "https://oapi.dingtalk.com/robot/send", "access_token"},
      {"dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=", "access_token"},
      {"wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?debug=1", "no key"},
      {"feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/", "/hook/"},
      {"lark", "https://open.larksuite.com/open-apis/bot/v2/hook", "/hook/"},
      {"slack", "https://hooks.slack.com/services/T000/B000", "/services/"},
      {"discord", "https://discord.com/api/webhooks/123", "ID/TOKEN"},
  };
  for (const Case& c : cases) {
    LoadResult r = load(std::string(R"({"name": "c", "type": ")") + c.type + R"(",
    "url": ")" + c.url + R"("})",
                        "");
    std::string e = errors(r);
    EXPECT_EQ(e.rfind("c.jsonc:2:12: ", 0), 0u) << c.type << " " << c.url << ": " << e;
    EXPECT_NE(e.find(c.names), std::string::npos) << e;
  }
  const std::pair<const char*, const char*> whole[] = {
      {"dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc123"},
      {"wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a-91f6"},
      {"feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/2f1e-77"},
      {"slack", "https://hooks.slack.com/services/T000/B000/XXXX"},
      {"discord", "https://discord.com/api/webhooks/123/abc"},
  };
  for (const auto& [type, url] : whole) {
    LoadResult r = load(
        std::string(R"({"name": "c", "type": ")") + type + R"(", "url": ")" + url + R"("})", "");
    EXPECT_TRUE(r.ok()) << type << ": " << errors(r);
  }
}

TEST(SubscriptionConfig, DigestDailyInATimeZoneWithChineseTemplates) {
  LoadResult r = load(R"({"name": "c", "type": "console"})",
                      R"(, "delivery": "digest", "digest_at": "08:30",
    "time_zone": "Asia/Shanghai", "language": "zh")");
  ASSERT_TRUE(r.ok()) << errors(r);
  const Subscription& s = r.config.subscriptions.at(0).subscription;
  EXPECT_EQ(s.delivery, DeliveryMode::Digest);
  EXPECT_EQ(s.digest_daily_minute, 8 * 60 + 30);
  EXPECT_EQ(s.digest_time_zone, "Asia/Shanghai");
  EXPECT_EQ(s.language, "zh");
}

TEST(SubscriptionConfig, DigestMistakes) {
  std::string e = errors(load(R"({"name": "c", "type": "console"})",
                              R"(, "delivery": "digest", "digest_at": "25:00",
    "time_zone": "Mars/Olympus", "language": "fr")"));
  EXPECT_NE(e.find("'digest_at' must be a time of day"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown time zone \"Mars/Olympus\""), std::string::npos) << e;
  EXPECT_NE(e.find("'language' must be \"en\" or \"zh\""), std::string::npos) << e;
  e = errors(load(R"({"name": "c", "type": "console"})", R"(, "delivery": "digest")"));
  EXPECT_NE(e.find("a digest needs exactly one of"), std::string::npos) << e;
  e = errors(load(R"({"name": "c", "type": "console"})", R"(, "digest_every": "1h")"));
  EXPECT_NE(e.find("applies only with \"delivery\": \"digest\""), std::string::npos) << e;
}

}  // namespace
}  // namespace headlined::config
