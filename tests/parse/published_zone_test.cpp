// A time printed without an offset is read in the zone the page means: the source's
// "time_zone" when set, else Asia/Shanghai for a Chinese page (declared, or by its text),
// else UTC; the stored `published` always carries the offset.

#include "headlined/parse/published_zone.hpp"

#include <gtest/gtest.h>

#include <string>

#include "headlined/parse/extract.hpp"

namespace headlined::parse {
namespace {

// An article page with `lang` on <html> (none when empty), a headline, a dateline and text.
std::string page(const std::string& lang, const std::string& title, const std::string& dateline,
                 const std::string& text) {
  return "<!DOCTYPE html><html" + (lang.empty() ? "" : " lang=\"" + lang + "\"") +
         "><head><title>" + title + "</title></head><body><article><h1>" + title +
         "</h1><div class=\"info\">" + dateline + "</div><p>" + text + "</p><p>" + text +
         "</p></article></body></html>";
}

const std::string kChineseText =
    "一季度，全区招商引资工作取得新进展，新签约项目数量和到位资金两项重要指标均居全市首位，"
    "为全年经济社会发展打下了坚实基础。";
const std::string kEnglishText =
    "The harbour reopened on Monday after the storm, and ferries to the islands run again "
    "from today, the port authority said in a statement.";

Article extracted(const std::string& html, const std::string& source_zone = "") {
  Article a = extract_article(html, "https://news.example/a/1.html");
  apply_time_zone(a, source_zone);
  return a;
}

TEST(PublishedZone, AChinesePageIsReadInBeijingTime) {
  const Article a = extracted(
      page("zh-CN", "招商引资两项指标居全市首位", "发布时间：2024年4月14日 08:30", kChineseText));
  EXPECT_EQ(a.language, "zh-CN");
  EXPECT_EQ(a.published, "2024-04-14T08:30:00+08:00");
}

TEST(PublishedZone, AChinesePageWithoutADeclaredLanguageIsKnownByItsText) {
  // Many Chinese sites keep a template's lang="en": the text decides too.
  for (const std::string lang : {"", "en"}) {
    const Article a =
        extracted(page(lang, "招商引资两项指标居全市首位", "2024-04-14 08:30", kChineseText));
    EXPECT_EQ(a.published, "2024-04-14T08:30:00+08:00") << "lang=" << lang;
  }
}

TEST(PublishedZone, OtherPagesAreReadInUtc) {
  const Article a =
      extracted(page("en", "Harbour reopens after the storm", "2024-04-14 08:30", kEnglishText));
  EXPECT_EQ(a.published, "2024-04-14T08:30:00Z");
  // A Japanese page has Han characters, and Kana besides: not Chinese.
  const Article ja = extracted(page("", "港の再開", "2024-04-14 08:30",
                                    "嵐の後、港は月曜日に再開され、島へのフェリーも今日から運航"
                                    "を再開したと港湾局が声明で発表しました。"));
  EXPECT_EQ(ja.published, "2024-04-14T08:30:00Z");
}

TEST(PublishedZone, TheSourcesZoneWinsAndFollowsDst) {
  const std::string english =
      page("en", "Harbour reopens after the storm", "2024-04-14 08:30", kEnglishText);
  EXPECT_EQ(extracted(english, "America/New_York").published, "2024-04-14T08:30:00-04:00");
  const std::string winter =
      page("en", "Harbour reopens after the storm", "2024-01-14 08:30", kEnglishText);
  EXPECT_EQ(extracted(winter, "America/New_York").published, "2024-01-14T08:30:00-05:00");
  const std::string chinese =
      page("zh", "招商引资两项指标居全市首位", "2024-04-14 08:30", kChineseText);
  EXPECT_EQ(extracted(chinese, "Asia/Tokyo").published, "2024-04-14T08:30:00+09:00");
}

TEST(PublishedZone, ATimeWithAnOffsetOrNoTimeIsLeftAlone) {
  Article a;
  a.language = "zh-CN";
  a.published = "2024-04-14T08:30:00-05:00";
  apply_time_zone(a, "");
  EXPECT_EQ(a.published, "2024-04-14T08:30:00-05:00");
  a.published = "2024-04-14T00:30:00Z";
  apply_time_zone(a, "");
  EXPECT_EQ(a.published, "2024-04-14T00:30:00Z");
  a.published = "";
  apply_time_zone(a, "");
  EXPECT_EQ(a.published, "");
}

TEST(PublishedZone, TheZoneChosenIsReported) {
  Article a;
  a.title = "Harbour reopens";
  EXPECT_EQ(page_time_zone(a, ""), "UTC");
  EXPECT_EQ(page_time_zone(a, "Europe/London"), "Europe/London");
  a.language = "zh-Hant-TW";
  EXPECT_TRUE(is_chinese_page(a));
  EXPECT_EQ(page_time_zone(a, ""), "Asia/Shanghai");
  a.language = "zu";  // Zulu starts with a z too
  EXPECT_FALSE(is_chinese_page(a));
}

}  // namespace
}  // namespace headlined::parse
