#include <gtest/gtest.h>

#include "headlined/notify/channels.hpp"
#include "headlined/notify/email.hpp"
#include "headlined/notify/render.hpp"
#include "mail_parse.hpp"
#include "notify_fixture.hpp"
#include "python_check.hpp"
#include "support/smtp_server.hpp"

namespace headlined::notify::testing {
namespace {

ChannelSpec email_spec(const std::string& smtp_url) {
  ChannelSpec spec;
  spec.name = "mail";
  spec.type = ChannelType::Email;
  spec.smtp_url = smtp_url;
  spec.from = "Headlined <alerts@headlined.test>";
  spec.to = {"reader@example.com"};
  spec.timeout = std::chrono::seconds(10);
  return spec;
}

// True when `bytes` is a sequence of complete UTF-8 characters.
bool whole_utf8(const std::string& bytes) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > bytes.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

// Splits "=?UTF-8?B?..?=\r\n =?UTF-8?B?..?=" into its words.
std::vector<std::string> words_of(const std::string& encoded) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", pos);
    if (end == std::string::npos) end = encoded.size();
    words.push_back(encoded.substr(pos, end - pos));
    pos = end + 3;
  }
  return words;
}

TEST(EmailRendering, EncodedWordsAreShortAndNeverSplitCharacters) {
  // 60 three-byte characters with a single ASCII byte in front, so naive byte chunking would
  // land inside a character.
  std::string text = "x";
  for (int i = 0; i < 60; ++i) text += "招";
  std::string encoded = encode_header_words(text);
  auto words = words_of(encoded);
  ASSERT_GT(words.size(), 2u);
  std::string rejoined;
  for (const auto& w : words) {
    EXPECT_LE(w.size(), 75u) << w;
    ASSERT_TRUE(w.starts_with("=?UTF-8?B?") && w.ends_with("?=")) << w;
    std::string bytes = base64_decode(w.substr(10, w.size() - 12));
    EXPECT_TRUE(whole_utf8(bytes)) << "word cuts a character: " << w;
    rejoined += bytes;
  }
  EXPECT_EQ(rejoined, text);
  EXPECT_EQ(decode_rfc2047(encoded), text);
}

TEST(EmailRendering, TitleCannotInjectHeaders) {
  Message m = seed_message();
  m.items[0].snapshot.article.title = "招商引资\r\nBcc: evil@x";
  std::string raw = render_email(m, email_spec("smtp://127.0.0.1:1"), 1713055507);
  EXPECT_EQ(header(raw, "Bcc"), std::nullopt);
  EXPECT_EQ(decode_rfc2047(header(raw, "Subject").value_or("")),
            "[headlined] investment: 招商引资  Bcc: evil@x");
  EXPECT_EQ(header(raw, "Date"), "Sun, 14 Apr 2024 00:45:07 +0000");
  EXPECT_EQ(header(raw, "Message-ID"), "<headlined-delivery-42@headlined.test>");
  EXPECT_TRUE(header(raw, "Content-Type").value_or("").starts_with("multipart/alternative;"));
  EXPECT_EQ(header(raw, "List-Unsubscribe"), "<mailto:alerts@headlined.test?subject=unsubscribe>");
  // Every line ends in CRLF and none is longer than SMTP's 998-character limit.
  std::size_t pos = 0;
  while (pos < raw.size()) {
    std::size_t end = raw.find('\n', pos);
    ASSERT_NE(end, std::string::npos);
    EXPECT_EQ(raw[end - 1], '\r');
    EXPECT_LE(end - pos, 78u);
    pos = end + 1;
  }
}

TEST(EmailRendering, BodyListsTheArticle) {
  std::string body = render_body(seed_message(), Markup::Plain);
  for (const char* part :
       {"一季度招商引资两项重要指标均居全市首位", "淄博日报", "2024-04-14T08:45:07+08:00",
        "…全市[招商引资]综合情况…", "https://news.example.cn/zibo/2024/04/14/gaoqing.html",
        "招商引资, 高青", "Subscriptions: investment"}) {
    EXPECT_NE(body.find(part), std::string::npos) << part;
  }
}

class EmailChannelTest : public ::testing::Test {
 protected:
  void SetUp() override { smtp_.start(); }
  headlined::testing::SmtpServer smtp_;
};

TEST_F(EmailChannelTest, DeliversToARealSmtpServer) {
  Message m = seed_message();
  m.items[0].subscriptions = {"招商引资"};
  m.items[0].snapshot.article.title = "一季度招商引资两项重要指标均居全市首位\r\nBcc: evil@x";
  EmailChannel channel(email_spec(smtp_.url()));
  auto result = channel.send(m);
  ASSERT_TRUE(result) << result.error().reason;

  auto messages = smtp_.wait_for_messages(1);
  ASSERT_EQ(messages.size(), 1u);
  const std::string& raw = messages[0];
  EXPECT_EQ(decode_rfc2047(header(raw, "Subject").value_or("")),
            "[headlined] 招商引资: 一季度招商引资两项重要指标均居全市首位  Bcc: evil@x");
  EXPECT_EQ(header(raw, "Bcc"), std::nullopt);
  // aiosmtpd records the envelope recipients: only the configured one.
  EXPECT_EQ(header(raw, "X-RcptTo"), "reader@example.com");
  EXPECT_EQ(header(raw, "X-MailFrom"), "alerts@headlined.test");
  EXPECT_NE(header(raw, "Message-ID").value_or("").find("headlined-delivery-42"),
            std::string::npos);
  std::string body = python_mail(raw).at("parts").at(0).at("content");
  EXPECT_NE(body.find("https://news.example.cn/zibo/2024/04/14/gaoqing.html"), std::string::npos);
  EXPECT_NE(body.find("淄博日报"), std::string::npos);
}

TEST_F(EmailChannelTest, UnreachableServerIsRetryable) {
  int port = smtp_.port();
  smtp_.stop();
  EmailChannel channel(email_spec("smtp://127.0.0.1:" + std::to_string(port)));
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);
  EXPECT_FALSE(result.error().permanent);
}

TEST(EmailRendering, MessageIdNamesTheSendersOwnDomain) {
  // Two installations sending from their own domains never produce the same Message-ID.
  EXPECT_EQ(message_id_host("Alerts <alerts@news.example.org>"), "news.example.org");
  EXPECT_EQ(message_id_host("alerts@[192.0.2.1]"), "[192.0.2.1]");
  // Nothing usable as a header's domain: a fixed word rather than a broken header.
  EXPECT_EQ(message_id_host("alerts"), "headlined");
  EXPECT_EQ(message_id_host("alerts@bad domain>x"), "headlined");
  EXPECT_EQ(message_id_host("alerts@例子.测试"), "headlined");
}

}  // namespace
}  // namespace headlined::notify::testing
