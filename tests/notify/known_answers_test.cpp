// The answers each service documents, served by a local receiver the way the service sends
// them, and what the channel makes of them: accepted, retried (with the service's wait),
// this message refused, or the channel refused (paused). Facts from each service's public
// bot/webhook documentation; see docs/channels.md#known-answers.
#include <gtest/gtest.h>

#include <mutex>

#include "headlined/notify/channels.hpp"
#include "notify_fixture.hpp"
#include "support/local_server.hpp"

namespace headlined::notify::testing {
namespace {

using headlined::testing::LocalServer;
using namespace std::chrono_literals;

enum class Verdict { Accepted, Retry, Dead, Pause };

struct Case {
  const char* preset;
  int status;
  const char* body;
  Verdict verdict;
  const char* meaning;  // a part of the failure's reason ("" for accepted)
  std::optional<std::chrono::seconds> wait = std::nullopt;
};

class KnownAnswersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post(".*", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      res.status = status_;
      res.set_content(body_, body_.starts_with("{") ? "application/json" : "text/plain");
    });
    server_.start();
  }

  SendResult send(const Case& c) {
    {
      std::lock_guard lock(mutex_);
      status_ = c.status;
      body_ = c.body;
    }
    ChannelSpec spec;
    spec.name = "bot";
    spec.type = ChannelType::Webhook;
    spec.preset = c.preset;
    spec.url = server_.url("/hook");
    spec.token = "t0ken";
    spec.target = "news";
    spec.timeout = 5s;
    auto channel = make_channel(spec);
    EXPECT_TRUE(channel) << channel.error().to_string();
    if (!channel) return std::unexpected(SendFailure{"no channel", {}});
    return (*channel)->send(seed_message());
  }

  std::mutex mutex_;
  int status_ = 200;
  std::string body_;
  LocalServer server_;
};

TEST_F(KnownAnswersTest, EachServiceAnswerIsReadAsDocumented) {
  const Case cases[] = {
      {"dingtalk", 200, R"({"errcode":0,"errmsg":"ok"})", Verdict::Accepted, ""},
      {"dingtalk", 200, R"({"errcode":310000,"errmsg":"keywords not in content"})", Verdict::Pause,
       "keyword rule"},
      {"dingtalk", 200, R"({"errcode":310000,"errmsg":"sign not match"})", Verdict::Pause,
       "signature"},
      {"dingtalk", 200, R"({"errcode":310000,"errmsg":"ip 203.0.113.9 not in whitelist"})",
       Verdict::Pause, "IP rule"},
      {"dingtalk", 200, R"({"errcode":300001,"errmsg":"token is not exist"})", Verdict::Pause,
       "access_token"},
      {"dingtalk", 200, R"({"errcode":130101,"errmsg":"send too fast"})", Verdict::Retry,
       "20 messages a minute", 600s},
      {"wecom", 200, R"({"errcode":93000,"errmsg":"invalid webhook url"})", Verdict::Pause,
       "webhook key"},
      {"wecom", 200, R"({"errcode":45009,"errmsg":"api freq out of limit"})", Verdict::Retry,
       "20 messages a minute", 60s},
      {"wecom", 200, R"({"errcode":60020,"errmsg":"not allow to access from your ip"})",
       Verdict::Pause, "IP rule"},
      {"feishu", 200, R"({"code":0,"msg":"success"})", Verdict::Accepted, ""},
      {"feishu", 200,
       R"({"code":19021,"msg":"sign match fail or timestamp is not within one hour"})",
       Verdict::Pause, "signature"},
      {"feishu", 200, R"({"code":19024,"msg":"Key Words Not Found"})", Verdict::Pause,
       "keyword rule"},
      {"feishu", 200, R"({"code":19022,"msg":"Ip Not Allowed"})", Verdict::Pause, "IP rule"},
      {"feishu", 200, R"({"code":11232,"msg":"frequency limited"})", Verdict::Retry, "", 60s},
      {"slack", 200, "ok", Verdict::Accepted, ""},
      {"slack", 403, "invalid_token", Verdict::Pause, "token"},
      {"slack", 410, "channel_is_archived", Verdict::Pause, "archived"},
      {"slack", 400, "invalid_payload", Verdict::Dead, "payload"},
      {"telegram", 200, R"({"ok":true,"result":{}})", Verdict::Accepted, ""},
      {"telegram", 401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})",
       Verdict::Pause, "bot token"},
      {"telegram", 403,
       R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})",
       Verdict::Pause, "may not write"},
      {"telegram", 429,
       R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 35","parameters":{"retry_after":35}})",
       Verdict::Retry, "", 35s},
      {"discord", 204, "", Verdict::Accepted, ""},
      {"discord", 404, R"({"message":"Unknown Webhook","code":10015})", Verdict::Pause,
       "no such webhook"},
      {"discord", 401, R"({"message":"Invalid Webhook Token","code":50027})", Verdict::Pause,
       "token"},
      {"discord", 429, R"({"message":"You are being rate limited.","retry_after":2.5})",
       Verdict::Retry, "", 3s},
      {"ntfy", 403, R"({"code":40301,"http":403,"error":"forbidden"})", Verdict::Pause,
       "forbidden"},
      {"gotify", 401,
       R"({"error":"Unauthorized","errorCode":401,"errorDescription":"you need to provide a valid access token"})",
       Verdict::Pause, "valid access token"},
      {"bark", 200, R"({"code":200,"message":"success"})", Verdict::Accepted, ""},
      {"bark", 400, R"({"code":400,"message":"failed to get device token: not found"})",
       Verdict::Pause, "device_key"},
      {"serverchan", 200, R"({"code":0,"message":"","data":{}})", Verdict::Accepted, ""},
      {"serverchan", 200, R"({"code":40001,"message":"bad pushtoken"})", Verdict::Pause,
       "send_key"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.preset) + " " + std::to_string(c.status) + " " + c.body);
    SendResult result = send(c);
    if (c.verdict == Verdict::Accepted) {
      EXPECT_TRUE(result) << result.error().reason;
      continue;
    }
    ASSERT_FALSE(result);
    const SendFailure& f = result.error();
    EXPECT_EQ(f.pause, c.verdict == Verdict::Pause) << f.reason;
    EXPECT_EQ(f.permanent, c.verdict != Verdict::Retry) << f.reason;
    EXPECT_NE(f.reason.find(c.meaning), std::string::npos) << f.reason;
    if (c.wait) {
      EXPECT_EQ(f.retry_after, c.wait) << f.reason;
    }
  }
}

}  // namespace
}  // namespace headlined::notify::testing
