// `headlined test-channel NAME`: one message through the channel to a local server that
// answers as the service documents, and the answer printed with what it means.
#include <gtest/gtest.h>

#include <mutex>

#include "cli_fixture.hpp"
#include "support/local_server.hpp"

namespace headlined::cli::testing {
namespace {

using headlined::testing::LocalServer;

class TestChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_.server().Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mutex_);
      seen_path_ = req.path;
      seen_body_ = req.body;
      res.status = status_;
      res.set_content(reply_, "application/json");
    });
    server_.start();
  }

  void answer(int status, const std::string& body) {
    std::lock_guard lock(mutex_);
    status_ = status;
    reply_ = body;
  }
  std::string seen_body() {
    std::lock_guard lock(mutex_);
    return seen_body_;
  }

  // A config with one channel (JSON members after "name"), its database beside it.
  Output test_channel(const std::string& channel_members, const std::string& name = "bot") {
    headlined::testing::write_file(config_path_, R"({"database": "h.db", "channels": [
  {"name": "bot", )" + channel_members + R"(}]})");
    return headlined("test-channel " + name + " --config " + shell_quoted(config_path_) + " 2>&1");
  }

  std::mutex mutex_;
  int status_ = 200;
  std::string reply_;
  std::string seen_path_;
  std::string seen_body_;
  LocalServer server_;
  headlined::testing::TempDir dir_;
  std::string config_path_ = dir_.file("headlined.jsonc");
};

TEST_F(TestChannelTest, ExplainsADingTalkKeywordRuleAndHidesTheToken) {
  answer(200, R"({"errcode":310000,"errmsg":"keywords not in content, more: [...]"})");
  Output out = test_channel(R"("type": "dingtalk", "url": ")" +
                            server_.url("/robot/send?access_token=s3cr3t-t0ken") + R"(")");
  EXPECT_EQ(out.status, 1) << out.out;
  EXPECT_NE(out.out.find("answer: HTTP 200 {\"errcode\":310000"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("keyword rule"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("would pause the channel"), std::string::npos) << out.out;
  EXPECT_EQ(out.out.find("s3cr3t-t0ken"), std::string::npos) << out.out;
  EXPECT_NE(seen_body().find("测试消息"), std::string::npos) << seen_body();
}

TEST_F(TestChannelTest, ReportsAnAcceptedWeComMessage) {
  answer(200, R"({"errcode":0,"errmsg":"ok"})");
  Output out = test_channel(R"("type": "wecom", "url": ")" +
                            server_.url("/cgi-bin/webhook/send?key=693a") + R"(")");
  EXPECT_EQ(out.status, 0) << out.out;
  EXPECT_NE(out.out.find("accepted"), std::string::npos) << out.out;
}

TEST_F(TestChannelTest, ExplainsAnUnknownTelegramChat) {
  answer(400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})");
  Output out = test_channel(R"("type": "telegram", "url": ")" + server_.url("/") +
                            R"(", "bot_token": "123:ABC", "chat_id": "-100")");
  EXPECT_EQ(out.status, 1) << out.out;
  EXPECT_NE(out.out.find("no chat with this chat_id"), std::string::npos) << out.out;
}

TEST_F(TestChannelTest, ARetryableAnswerSaysTheDaemonWouldTryAgain) {
  answer(429, R"({"code":42901,"http":429,"error":"limit reached"})");
  Output out =
      test_channel(R"("type": "ntfy", "url": ")" + server_.url("/") + R"(", "topic": "news")");
  EXPECT_EQ(out.status, 1) << out.out;
  EXPECT_NE(out.out.find("limit reached"), std::string::npos) << out.out;
  EXPECT_NE(out.out.find("would try again later"), std::string::npos) << out.out;
}

TEST_F(TestChannelTest, AnUnknownNameOrAMissingSecretIsAUsageError) {
  Output unknown = test_channel(R"("type": "console")", "nope");
  EXPECT_EQ(unknown.status, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no channel 'nope'"), std::string::npos) << unknown.out;
  EXPECT_NE(unknown.out.find("it has: bot"), std::string::npos) << unknown.out;

  unsetenv("HEADLINED_TEST_UNSET_HOOK_URL");
  Output secret =
      test_channel(R"("type": "webhook", "url": {"env": "HEADLINED_TEST_UNSET_HOOK_URL"})");
  EXPECT_EQ(secret.status, 2) << secret.out;
  EXPECT_NE(secret.out.find("HEADLINED_TEST_UNSET_HOOK_URL is not set"), std::string::npos)
      << secret.out;
}

}  // namespace
}  // namespace headlined::cli::testing
