#include <gtest/gtest.h>

#include "headlined/notify/digest_schedule.hpp"
#include "headlined/notify/email.hpp"
#include "headlined/notify/render.hpp"
#include "notify_fixture.hpp"
#include "python_check.hpp"

namespace headlined::notify::testing {
namespace {

using namespace std::chrono_literals;

TEST(Render, ChineseDefaultTemplates) {
  Message m = seed_message();
  m.language = "zh";
  EXPECT_EQ(render_subject(m), "[headlined] investment:一季度招商引资两项重要指标均居全市首位");
  std::string body = render_body(m, Markup::Plain);
  EXPECT_NE(body.find("来源:zibo"), std::string::npos);
  EXPECT_NE(body.find("转自:淄博日报"), std::string::npos);
  EXPECT_NE(body.find("命中关键词:招商引资, 高青"), std::string::npos);
}

TEST(Render, LinesWhosePlaceholdersAreAllEmptyAreLeftOut) {
  Message m = seed_message();
  m.items[0].snapshot.article.attribution.clear();
  m.items[0].snapshot.article.published.clear();
  std::string body = render_body(m, Markup::Plain);
  EXPECT_EQ(body.find("Reprinted from"), std::string::npos);
  EXPECT_EQ(body.find("Published"), std::string::npos);
  EXPECT_NE(body.find("Source: zibo"), std::string::npos);
}

TEST(Render, OverridesWithPlaceholdersAndLiteralBraces) {
  Message m = seed_message();
  m.overrides.subject = "{{new}} {title} via {source}";
  m.overrides.body = "{subscription}: {url}\n{unknown}";
  EXPECT_EQ(render_subject(m), "{new} 一季度招商引资两项重要指标均居全市首位 via zibo");
  EXPECT_EQ(render_body(m, Markup::Plain),
            "investment: https://news.example.cn/zibo/2024/04/14/gaoqing.html\n{unknown}\n");
}

TEST(Render, HtmlEscapesArticleTextAndHighlightsHits) {
  Message m = seed_message();
  m.items[0].snapshot.article.title = "<script>alert(1)</script> & \"招商\"";
  m.items[0].snippet = "a <b>招商引资</b> snippet";
  std::string html = render_body(m, Markup::Html);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;招商&quot;"),
            std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;<b>招商引资</b>&lt;/b&gt;"), std::string::npos);
}

TEST(Render, HighlightIsCaseInsensitiveForLatinAndPrefersTheLongestTerm) {
  EXPECT_EQ(highlight("Tariffs and TARIFF news", {"tariff", "tariffs"}, Markup::Markdown),
            "**Tariffs** and **TARIFF** news");
  EXPECT_EQ(highlight("招商引资", {"招商", "招商引资"}, Markup::Plain), "[招商引资]");
}

TEST(Email, HtmlPartIsLastAndEscapedAsPythonReadsIt) {
  Message m = seed_message();
  m.items[0].snapshot.article.title = "招商 <img src=x onerror=alert(1)>\r\nBcc: evil@x";
  ChannelSpec spec;
  spec.from = "Headlined <alerts@headlined.test>";
  spec.to = {"reader@example.com"};
  spec.unsubscribe = "https://example.com/unsubscribe?u=1";
  auto mail = python_mail(render_email(m, spec, 1713055507));
  EXPECT_EQ(mail["subject"],
            "[headlined] investment: 招商 <img src=x onerror=alert(1)>  Bcc: evil@x");
  EXPECT_FALSE(mail["headers"].contains("bcc"));
  EXPECT_EQ(mail["headers"]["list-unsubscribe"][0], "<https://example.com/unsubscribe?u=1>");
  ASSERT_EQ(mail["parts"].size(), 2u);
  EXPECT_EQ(mail["parts"][0]["type"], "text/plain");
  EXPECT_EQ(mail["parts"][1]["type"], "text/html");
  const std::string html = mail["parts"][1]["content"];
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
}

TEST(DigestSchedule, EveryNIsAlignedToTheEpoch) {
  Subscription s;
  s.delivery = DeliveryMode::Digest;
  s.digest_every = 1800s;
  EXPECT_EQ(next_digest_boundary(s, 1699999200), 1699999200 + 1800);
  EXPECT_EQ(next_digest_boundary(s, 1699999201), 1699999200 + 1800);
  EXPECT_EQ(next_digest_boundary(s, 1699999199), 1699999200);
}

TEST(DigestSchedule, DailyAtALocalTimeInAZone) {
  Subscription s;
  s.delivery = DeliveryMode::Digest;
  s.digest_daily_minute = 8 * 60;  // 08:00
  s.digest_time_zone = "Asia/Shanghai";
  // 2024-04-14T00:45:07Z is 08:45 in Shanghai: the next 08:00 there is 2024-04-15T00:00Z.
  EXPECT_EQ(next_digest_boundary(s, 1713055507), 1713139200);
  // New York changes to DST at 02:00 on 2024-03-10: from 09:00 EST on the 9th, the next
  // 08:00 is 08:00 EDT on the 10th (12:00Z, not 13:00Z), then 08:00 EDT on the 11th.
  s.digest_time_zone = "America/New_York";
  EXPECT_EQ(next_digest_boundary(s, 1709992800), 1710072000);
  EXPECT_EQ(next_digest_boundary(s, 1710072000), 1710158400);
  EXPECT_EQ(utc_offset("America/New_York", 1710158400), -4 * 3600);  // 2024-03-11T12:00Z
  EXPECT_EQ(utc_offset("America/New_York", 1704110400), -5 * 3600);  // 2024-01-01T12:00Z
  EXPECT_FALSE(utc_offset("No/Such_Zone", 0));
  EXPECT_FALSE(utc_offset("../../etc/passwd", 0));
}

}  // namespace
}  // namespace headlined::notify::testing
