#include <gtest/gtest.h>

#include <sstream>

#include "headlined/notify/channels.hpp"
#include "notify_fixture.hpp"

namespace headlined::notify::testing {
namespace {

ChannelSpec spec_of(ChannelType type) {
  ChannelSpec s;
  s.name = "alerts";
  s.type = type;
  return s;
}

std::string error_of(const ChannelSpec& spec) {
  auto made = make_channel(spec);
  EXPECT_FALSE(made);
  return made ? "" : made.error().to_string();
}

TEST(MakeChannel, ErrorsNameTheChannelAndTheMissingField) {
  ChannelSpec hook = spec_of(ChannelType::Webhook);
  EXPECT_EQ(error_of(hook), "channel 'alerts': webhook channel is missing url");
  hook.url = "ftp://x/";
  EXPECT_NE(error_of(hook).find("http"), std::string::npos);
  hook.url = "https://hooks.example/x";
  hook.headers = {{"X-Bad", "a\r\nInjected: 1"}};
  EXPECT_NE(error_of(hook).find("X-Bad"), std::string::npos);

  ChannelSpec mail = spec_of(ChannelType::Email);
  EXPECT_EQ(error_of(mail), "channel 'alerts': email channel is missing smtp_url");
  mail.smtp_url = "smtp://127.0.0.1:2525";
  EXPECT_EQ(error_of(mail), "channel 'alerts': email channel is missing from");
  mail.from = "Headlined <alerts@example.com>";
  EXPECT_EQ(error_of(mail), "channel 'alerts': email channel is missing to");
  mail.to = {"reader@example.com"};
  EXPECT_TRUE(make_channel(mail));

  ChannelSpec console = spec_of(ChannelType::Console);
  EXPECT_TRUE(make_channel(console));
  console.max_attempts = 0;
  EXPECT_NE(error_of(console).find("max_attempts"), std::string::npos);
}

TEST(ConsoleChannel, PrintsTitleUrlAndSnippetWithoutControlCharacters) {
  std::ostringstream out;
  ConsoleChannel console(out);
  Message m = seed_message();
  m.items[0].snapshot.article.title += "\x1b[2J";
  ASSERT_TRUE(console.send(m));
  EXPECT_EQ(out.str(),
            "🔔 [headlined] investment: 一季度招商引资两项重要指标均居全市首位 [2J\n"
            "   https://news.example.cn/zibo/2024/04/14/gaoqing.html\n"
            "   …全市招商引资综合情况…\n");
}

}  // namespace
}  // namespace headlined::notify::testing
