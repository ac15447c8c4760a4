// Each preset against a local receiver: the request carries what the service's documented
// API requires, signatures check out with Python's hmac, and error bodies are failures.
#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/signing.hpp"
#include "notify_fixture.hpp"
#include "python_check.hpp"
#include "support/local_server.hpp"

namespace headlined::notify::testing {
namespace {

using headlined::testing::LocalServer;
using nlohmann::json;

struct Seen {
  std::string path;
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> headers;
  std::string body;
};

class PresetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      seen_ = Seen{req.path, {}, {}, req.body};
      for (const auto& [k, v] : req.params) seen_.params[k] = v;
      for (const auto& [k, v] : req.headers) seen_.headers[k] = v;
      res.set_content(reply_, "application/json");
    });
    server_.start();
  }

  SendResult send(ChannelSpec spec, const std::string& reply = "{}") {
    {
      std::lock_guard lock(mutex_);
      reply_ = reply;
    }
    spec.name = "bot";
    spec.type = ChannelType::Webhook;
    spec.timeout = std::chrono::seconds(5);
    auto channel = make_channel(spec);
    EXPECT_TRUE(channel) << channel.error().to_string();
    if (!channel) return std::unexpected(SendFailure{"no channel", {}});
    return (*channel)->send(seed_message());
  }

  ChannelSpec preset(const std::string& name, const std::string& path = "/hook") {
    ChannelSpec spec;
    spec.preset = name;
    spec.url = server_.url(path);
    return spec;
  }

  Seen seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  json body() { return json::parse(seen().body); }

  std::mutex mutex_;
  Seen seen_;
  std::string reply_;
  LocalServer server_;  // last: stopped before the state its handler touches is destroyed
};

const std::string kTitle = "一季度招商引资两项重要指标均居全市首位";
const std::string kUrl = "https://news.example.cn/zibo/2024/04/14/gaoqing.html";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(PresetTest, SlackGetsMrkdwnText) {
  ASSERT_TRUE(send(preset("slack")));
  json b = body();
  ASSERT_TRUE(b["text"].is_string());
  EXPECT_TRUE(contains(b["text"], kTitle));
  EXPECT_TRUE(contains(b["text"], "<" + kUrl + ">"));
  EXPECT_TRUE(contains(b["text"], "*招商引资*"));  // the hit, in bold
}

TEST_F(PresetTest, DiscordGetsContentWithinItsLimitAndNoMentions) {
  ASSERT_TRUE(send(preset("discord")));
  json b = body();
  ASSERT_TRUE(b["content"].is_string());
  EXPECT_TRUE(contains(b["content"], kTitle));
  EXPECT_LE(b["content"].get<std::string>().size(), 2000u * 4);
  EXPECT_EQ(b["allowed_mentions"]["parse"], json::array());
}

TEST_F(PresetTest, TelegramCallsSendMessageWithChatIdAndHtml) {
  ChannelSpec spec = preset("telegram", "/");
  spec.url = server_.url("");
  spec.token = "123:ABC";
  spec.target = "-1001234";
  ASSERT_TRUE(send(spec, R"({"ok":true,"result":{}})"));
  EXPECT_EQ(seen().path, "/bot123:ABC/sendMessage");
  json b = body();
  EXPECT_EQ(b["chat_id"], "-1001234");
  EXPECT_EQ(b["parse_mode"], "HTML");
  EXPECT_TRUE(contains(b["text"], "<b>" + kTitle) || contains(b["text"], kTitle));
  EXPECT_TRUE(contains(b["text"], "<a href=\"" + kUrl + "\">"));
  EXPECT_FALSE(contains(b["text"], "<br>"));  // not in Telegram's HTML subset
  auto refused = send(spec, R"({"ok":false,"description":"Bad Request: chat not found"})");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(contains(refused.error().reason, "chat not found"));
}

TEST_F(PresetTest, DingTalkSendsMarkdownSignedWithItsSecret) {
  ChannelSpec spec = preset("dingtalk", "/robot/send");
  spec.url += "?access_token=tok";
  spec.secret = "SEC0123456789abcdef";
  ASSERT_TRUE(send(spec, R"({"errcode":0,"errmsg":"ok"})"));
  Seen s = seen();
  EXPECT_EQ(s.params["access_token"], "tok");
  const std::string timestamp = s.params["timestamp"];
  ASSERT_FALSE(timestamp.empty());
  // DingTalk: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), as Python computes it.
  EXPECT_EQ(s.params["sign"], python_hmac_base64(spec.secret, timestamp + "\n" + spec.secret));
  json b = body();
  EXPECT_EQ(b["msgtype"], "markdown");
  EXPECT_TRUE(contains(b["markdown"]["title"], kTitle));
  EXPECT_TRUE(contains(b["markdown"]["text"], kUrl));
  auto refused = send(spec, R"({"errcode":310000,"errmsg":"sign not match"})");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(contains(refused.error().reason, "310000"));
}

TEST_F(PresetTest, WeComSendsMarkdownContent) {
  ASSERT_TRUE(send(preset("wecom", "/cgi-bin/webhook/send"), R"({"errcode":0,"errmsg":"ok"})"));
  json b = body();
  EXPECT_EQ(b["msgtype"], "markdown");
  EXPECT_TRUE(contains(b["markdown"]["content"], kTitle));
  EXPECT_LE(b["markdown"]["content"].get<std::string>().size(), 4096u);
  EXPECT_FALSE(send(preset("wecom"), R"({"errcode":93000,"errmsg":"invalid webhook url"})"));
}

TEST_F(PresetTest, FeishuSendsTextSignedWithItsSecret) {
  ChannelSpec spec = preset("feishu", "/open-apis/bot/v2/hook/x");
  spec.secret = "feishu-secret";
  ASSERT_TRUE(send(spec, R"({"code":0,"msg":"success"})"));
  json b = body();
  EXPECT_EQ(b["msg_type"], "text");
  EXPECT_TRUE(contains(b["content"]["text"], kTitle));
  const std::string timestamp = b["timestamp"];
  // Feishu: the key is timestamp + "\n" + secret and the message is empty.
  EXPECT_EQ(b["sign"], python_hmac_base64(timestamp + "\n" + spec.secret, ""));
  EXPECT_FALSE(send(spec, R"({"code":19021,"msg":"sign match fail"})"));
}

TEST_F(PresetTest, NtfyPublishesJsonToTheTopic) {
  ChannelSpec spec = preset("ntfy", "/");
  spec.url = server_.url("");
  spec.target = "news-alerts";
  ASSERT_TRUE(send(spec));
  json b = body();
  EXPECT_EQ(b["topic"], "news-alerts");
  EXPECT_TRUE(contains(b["title"], kTitle));
  EXPECT_TRUE(b["message"].is_string());
  EXPECT_EQ(b["click"], kUrl);
}

TEST_F(PresetTest, GotifyPostsMessageWithItsAppToken) {
  ChannelSpec spec = preset("gotify", "/");
  spec.url = server_.url("");
  spec.token = "app-token";
  ASSERT_TRUE(send(spec, R"({"id":1})"));
  EXPECT_EQ(seen().path, "/message");
  EXPECT_EQ(seen().headers["X-Gotify-Key"], "app-token");
  json b = body();
  EXPECT_TRUE(contains(b["title"], kTitle));
  EXPECT_TRUE(b["message"].is_string());
  EXPECT_EQ(b["extras"]["client::notification"]["click"]["url"], kUrl);
}

TEST_F(PresetTest, BarkPushesToTheDevice) {
  ChannelSpec spec = preset("bark", "/");
  spec.url = server_.url("");
  spec.token = "device-key";
  ASSERT_TRUE(send(spec, R"({"code":200,"message":"success"})"));
  EXPECT_EQ(seen().path, "/push");
  json b = body();
  EXPECT_EQ(b["device_key"], "device-key");
  EXPECT_TRUE(contains(b["title"], kTitle));
  EXPECT_TRUE(b["body"].is_string());
  EXPECT_EQ(b["url"], kUrl);
  EXPECT_FALSE(send(spec, R"({"code":400,"message":"failed to get device token"})"));
}

TEST_F(PresetTest, ServerChanPostsTitleAndDespToTheSendKey) {
  ChannelSpec spec = preset("serverchan", "/");
  spec.url = server_.url("");
  spec.token = "SCT123";
  ASSERT_TRUE(send(spec, R"({"code":0,"message":""})"));
  Seen s = seen();
  EXPECT_EQ(s.path, "/SCT123.send");
  EXPECT_EQ(s.headers["Content-Type"], "application/x-www-form-urlencoded");
  EXPECT_FALSE(s.params["title"].empty());
  EXPECT_TRUE(contains(s.params["desp"], kUrl));
}

TEST(StandardWebhooks, SignatureMatchesThePublishedTestVector) {
  // The example from the Standard Webhooks specification.
  auto signature = standard_webhooks_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                               "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                               R"({"test": 2432232314})");
  EXPECT_EQ(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_EQ(standard_webhooks_signature("whsec_not base64!", "id", 1, "{}"), std::nullopt);
}

TEST_F(PresetTest, GenericWebhookIsSignedPerStandardWebhooks) {
  ChannelSpec spec = preset("");
  spec.secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  ASSERT_TRUE(send(spec));
  Seen s = seen();
  EXPECT_EQ(s.headers["webhook-id"], "headlined-delivery-42");
  const std::string timestamp = s.headers["webhook-timestamp"];
  ASSERT_FALSE(timestamp.empty());
  EXPECT_EQ(s.headers["webhook-signature"],
            standard_webhooks_signature(spec.secret, "headlined-delivery-42", std::stoll(timestamp),
                                        s.body));
}

}  // namespace
}  // namespace headlined::notify::testing
