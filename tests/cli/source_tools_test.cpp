// `headlined extract` and `headlined parse-feed` on fixture files, as a user runs them to
// try a source before adding it.

#include "cli_fixture.hpp"

namespace headlined::cli::testing {
namespace {

std::string fixture(const std::string& name) {
  return shell_quoted(std::string(HEADLINED_FIXTURES_DIR) + "/parse/" + name);
}

TEST(SourceTools, ExtractJsonGivesEverySeedField) {
  Output o = headlined("extract --json " + fixture("seed-article.html") +
                       " --base-url https://news.example.cn/zibo/2024/0414/1234.html");
  ASSERT_EQ(o.status, 0) << o.out;
  nlohmann::json a = nlohmann::json::parse(o.out);
  EXPECT_EQ(a["title"], "高青:请进优质合伙人共赢未来");
  EXPECT_EQ(a["subtitle"], "一季度招商引资两项重要指标均居全市首位");
  EXPECT_EQ(a["byline"], "□本报记者 董振霞 通讯员 王克军");
  EXPECT_EQ(a["author"], "董振霞 王克军");
  EXPECT_EQ(a["attribution"], "淄博日报");
  // The page prints no offset; it is Chinese, so the time is Beijing time.
  EXPECT_EQ(a["published"], "2024-04-14T08:30:00+08:00");
  EXPECT_EQ(a["url"], "https://news.example.cn/zibo/2024/0414/1234.html");
  EXPECT_NE(a["body"].get<std::string>().find("优化产业链"), std::string::npos);
  EXPECT_NE(a["body_html"].get<std::string>().find("<p>优化产业链</p>"), std::string::npos);
}

// --time-zone stands for a source's "time_zone": the zone offset-less times are read in.
TEST(SourceTools, ExtractReadsOffsetLessTimesInTheGivenZone) {
  Output o = headlined("extract --json --time-zone Europe/London " + fixture("seed-article.html"));
  ASSERT_EQ(o.status, 0) << o.out;
  EXPECT_EQ(nlohmann::json::parse(o.out)["published"], "2024-04-14T08:30:00+01:00");
  Output bad =
      headlined("extract --time-zone Asia/Pekin " + fixture("seed-article.html") + " 2>&1");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("--time-zone: time zone 'Asia/Pekin': unknown time zone"),
            std::string::npos)
      << bad.out;
}

TEST(SourceTools, ExtractTextAndAMissingFile) {
  Output o = headlined("extract " + fixture("english-article.html"));
  ASSERT_EQ(o.status, 0);
  EXPECT_NE(o.out.find("Title:       City council approves new riverside park"), std::string::npos)
      << o.out;
  EXPECT_EQ(headlined("extract /nonexistent/page.html 2>/dev/null").status, 1);
}

TEST(SourceTools, ParseFeedJsonOfAGzipSitemapNewestFirst) {
  Output o = headlined("parse-feed --json --limit 2 " + fixture("sitemap-news.xml.gz") +
                       " --base-url https://daily.example/sitemaps/news.xml.gz");
  ASSERT_EQ(o.status, 0) << o.out;
  nlohmann::json j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["kind"], "sitemap");
  ASSERT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["items"][0]["url"], "https://daily.example/2024/04/14/newest.html");
  EXPECT_EQ(j["items"][0]["title"], "The newest story");
}

TEST(SourceTools, ParseFeedOfAGb2312FeedAndAListPage) {
  Output feed = headlined("parse-feed --json " + fixture("rss-gb2312.xml"));
  ASSERT_EQ(feed.status, 0) << feed.out;
  nlohmann::json j = nlohmann::json::parse(feed.out);
  EXPECT_EQ(j["kind"], "rss");
  EXPECT_EQ(j["items"][0]["title"], "济南：春季招聘会提供岗位两万个");

  Output list =
      headlined("parse-feed --json --list --selector 'ul.news-list li' --exclude /0413/ " +
                fixture("list-page.html") + " --base-url https://news.example.cn/zibo/");
  ASSERT_EQ(list.status, 0) << list.out;
  nlohmann::json l = nlohmann::json::parse(list.out);
  ASSERT_EQ(l["items"].size(), 3u);
  EXPECT_EQ(l["items"][0]["url"], "https://news.example.cn/zibo/2024/0414/1234.html");
}

}  // namespace
}  // namespace headlined::cli::testing
