#include <gtest/gtest.h>

#include <sstream>

#include "headlined/parse/extract.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

std::vector<std::string> paragraphs(const std::string& body) {
  std::vector<std::string> out;
  std::istringstream in(body);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

class SeedArticle : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    article_ = new Article(extract_article(testing::read_fixture("parse/seed-article.html"),
                                           "https://news.example.cn/zibo/2024/0414/1234.html"));
  }
  static void TearDownTestSuite() {
    delete article_;
    article_ = nullptr;
  }
  static const Article* article_;
};
const Article* SeedArticle::article_ = nullptr;

TEST_F(SeedArticle, Fields) {
  const Article& a = *article_;
  EXPECT_EQ(a.url, "https://news.example.cn/zibo/2024/0414/1234.html");
  EXPECT_EQ(a.title, "高青:请进优质合伙人共赢未来");
  EXPECT_EQ(a.subtitle, "一季度招商引资两项重要指标均居全市首位");
  EXPECT_EQ(a.byline, "□本报记者 董振霞 通讯员 王克军");
  EXPECT_EQ(a.attribution, "淄博日报");
  // The labelled publish time, not today's date in the page's top bar.
  EXPECT_EQ(a.published, "2024-04-14T08:30:00");
}

TEST_F(SeedArticle, BodyHtmlMirrorsTheParagraphs) {
  const std::string& html = article_->body_html;
  EXPECT_EQ(html.rfind("<p>日前,我市公布今年一季度", 0), 0u) << html;
  EXPECT_NE(html.find("<p>优化产业链</p>"), std::string::npos);
  // Nothing of the page's markup survives: no attributes, scripts or links.
  EXPECT_EQ(html.find("class="), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<a "), std::string::npos);
}

TEST_F(SeedArticle, BodyParagraphs) {
  auto p = paragraphs(article_->body);
  ASSERT_EQ(p.size(), 21u) << article_->body;
  EXPECT_EQ(p.front(),
            "日前,我市公布今年一季度全市招商引资综合情况,高青县省外到位资金、新引进过亿元项目两项"
            "重要指标的年度目标完成率,均居全市首位。高青县委书记刘学圣说:“这得益于我们请进了一批"
            "优质合伙人。”");
  EXPECT_EQ(p.back(),
            "积极走出去、热情请进来,高青县正以更优良的服务、更优惠的政策、更优质的环境,吸引更多合"
            "伙人共享机遇、共赢未来。");
  // The two-line section headings, as <p><strong>, <h3> with <br> and <strong><br><strong>.
  EXPECT_EQ(p[2], "优化产业链");
  EXPECT_EQ(p[3], "成立五大招商专班");
  EXPECT_EQ(p[9], "促进快签约");
  EXPECT_EQ(p[10], "县镇联动惠企护商");
  EXPECT_EQ(p[14], "积极走出去");
  EXPECT_EQ(p[15], "主打团体战协同战");
}

TEST_F(SeedArticle, BodyLeavesOutFieldsAndPageFurniture) {
  const std::string& body = article_->body;
  for (const char* absent : {"本文转自",
                             "□本报记者",
                             "发布时间",
                             "浏览次数",
                             "责任编辑",
                             "分享到",  // fields, tools
                             "一季度招商引资两项重要指标均居全市首位\n",
                             "高青:请进优质合伙人共赢未来\n",
                             "首页",
                             "财经频道",
                             "当前位置",  // navigation
                             "相关新闻",
                             "黄三角药谷产业园新签约项目",
                             "万亩梨花",  // sidebar
                             "热点推荐",
                             "淄博烧烤",  // hot list
                             "网友评论",
                             "淄博老张",
                             "发表评论",  // comments
                             "Copyright",
                             "版权所有",
                             "ICP",
                             "关于我们"}) {  // footer
    EXPECT_EQ(body.find(absent), std::string::npos) << absent;
  }
}

TEST(ExtractArticle, EnglishArticleWithChrome) {
  Article a = extract_article(testing::read_fixture("parse/english-article.html"),
                              "https://courier.example/local/2024/04/12/riverside-park");
  EXPECT_EQ(a.title, "City council approves new riverside park");
  EXPECT_EQ(a.subtitle, "The twelve-acre project will replace a disused rail yard by 2026");
  EXPECT_EQ(a.byline, "By Jane Holloway");
  EXPECT_EQ(a.published, "2024-04-12T09:15:00-04:00");
  EXPECT_EQ(a.attribution, "Riverside Courier staff reporting");
  auto p = paragraphs(a.body);
  ASSERT_EQ(p.size(), 5u) << a.body;
  EXPECT_EQ(p[0].substr(0, 45), "The city council voted seven to two on Thursd");
  EXPECT_EQ(p[2], "Funding questions remain");
  EXPECT_EQ(p[4].substr(0, 40), "\"We are building something our grandchil");
  // Photo captions are not the story's text (the public benchmark's bodies leave them out).
  for (const char* absent : {"Local News", "Read more", "Share on", "Great news", "Most read",
                             "bridge", "rights reserved", "Source:", "By Jane", "artist's drawing"})
    EXPECT_EQ(a.body.find(absent), std::string::npos) << absent;
}

TEST(ExtractArticle, MetadataSources) {
  Article a = extract_article(
      "<html><head><title>Plain headline - Example News</title>"
      "<meta name=\"author\" content=\"Li Ming\">"
      "<meta property=\"article:published_time\" content=\"2024-04-14T08:45:07+08:00\">"
      "</head><body><div class=\"main\"><p>One paragraph, long enough to be the body, with "
      "commas, and more commas, and a full stop.</p></div></body></html>",
      "https://e.example/1");
  EXPECT_EQ(a.title, "Plain headline");  // <title> without the site name
  EXPECT_EQ(a.byline, "Li Ming");
  EXPECT_EQ(a.published, "2024-04-14T08:45:07+08:00");
  EXPECT_EQ(a.subtitle, "");
  EXPECT_EQ(a.attribution, "");
  EXPECT_EQ(a.body,
            "One paragraph, long enough to be the body, with commas, and more commas, and a full "
            "stop.");
}

TEST(ExtractArticle, ChineseSourceMarkersAndTimeElement) {
  Article a = extract_article(
      "<html><head><title>央行发布一季度金融数据_财经频道_网站</title></head><body>"
      "<h1 class=\"logo\">网站</h1><h1>央行发布一季度金融数据</h1>"
      "<div class=\"meta\">来源：《新华社》 <time datetime=\"2024-04-12\">4月12日</time></div>"
      "<div id=\"zw\">据新华社北京4月12日电，一季度人民币贷款增加九点四六万亿元，同比多增，"
      "金融支持实体经济力度稳固。<br>专家表示，货币政策将继续保持稳健，为经济回升向好营造良好环境。"
      "</div></body></html>",
      "https://e.example/2");
  EXPECT_EQ(a.title, "央行发布一季度金融数据");  // the <h1> in <title>, not the logo
  EXPECT_EQ(a.attribution, "新华社");
  EXPECT_EQ(a.published, "2024-04-12T00:00:00");
  auto p = paragraphs(a.body);
  ASSERT_EQ(p.size(), 2u) << a.body;  // <br>-separated lines of a <div>
  EXPECT_EQ(p[1], "专家表示，货币政策将继续保持稳健，为经济回升向好营造良好环境。");
}

TEST(ExtractArticle, LongestH1WithoutTitle) {
  Article a = extract_article(
      "<html><head></head><body><h1>网站</h1>"
      "<h1>市场监管总局通报春季食品抽检结果</h1></body></html>",
      "https://e.example/3");
  EXPECT_EQ(a.title, "市场监管总局通报春季食品抽检结果");
}

// Body paragraphs long enough to be chosen as the content.
const std::string kStory =
    "<div class=\"content\"><p>3月2日，市里召开新闻发布会，介绍了今年春季植树活动的安排，"
    "各区将在河道两侧和新建公园里种下两万棵树。</p><p>有关负责人表示，今年的树种以本地树种为主，"
    "并将组织市民认养，养护期为三年，由各街道负责落实。</p></div>";

TEST(ExtractArticle, PrintedHeadlineWithoutH1) {
  // No <h1> and no share title: the headline the page prints, which <title> wraps in a
  // column name or an office's name.
  for (const char* title : {"城市快讯--春季植树活动在全市各区同时启动",
                            "春季植树活动在全市各区同时启动 园林处_某某网"}) {
    Article a = extract_article(std::string("<html><head><title>") + title +
                                    "</title></head><body><div class=\"crumb\">首页 &gt; "
                                    "城市快讯</div><p><b>春季植树活动在全市各区同时启动</b></p>"
                                    "<p>发布时间：2024-03-02 10:15</p>" +
                                    kStory + "</body></html>",
                                "https://x.example/1.html");
    EXPECT_EQ(a.title, "春季植树活动在全市各区同时启动") << title;
  }
  // A short line that <title> happens to contain is not the headline.
  Article b = extract_article(
      "<html><head><title>春季植树活动在全市各区同时启动_城市快讯_某某网</title></head><body>"
      "<p>城市快讯</p>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(b.title, "春季植树活动在全市各区同时启动");
}

TEST(ExtractArticle, LeadImageFromOgImageElseFirstBodyImage) {
  std::string body =
      "<article><h1>Pier rebuilt</h1><p>The old pier, closed since the storm, reopened on "
      "Saturday after two years of work, and hundreds walked its length.</p>"
      "<img src=\"/i/pixel.gif\" width=\"1\" height=\"1\"><img src=\"/i/pier.jpg\" alt=\"The "
      "pier\"><p>The council says the rebuilt deck will last fifty years, twice as long as the "
      "old one did, and costs less to keep.</p></article>";
  Article plain = extract_article("<html><body>" + body + "</body></html>",
                                  "https://coast.example/2024/pier.html");
  EXPECT_EQ(plain.lead_image, "https://coast.example/i/pier.jpg");
  EXPECT_NE(plain.body_html.find("<img src=\"https://coast.example/i/pier.jpg\" alt=\"The pier\">"),
            std::string::npos)
      << plain.body_html;
  Article og = extract_article(
      "<html><head><meta property=\"og:image\" content=\"/share/pier-wide.jpg\"></head><body>" +
          body + "</body></html>",
      "https://coast.example/2024/pier.html");
  EXPECT_EQ(og.lead_image, "https://coast.example/share/pier-wide.jpg");
}

TEST(ExtractArticle, OverrideSelectorsDecideTheirFields) {
  std::string page =
      "<html><head><title>Wrong title - Site</title></head><body>"
      "<div class=\"hd\"><span class=\"t\">The right title</span>"
      "<span class=\"who\">Lee Wan</span><span class=\"when\">2024-04-14 08:45:07</span>"
      "<span class=\"from\">来源：新华社</span></div>"
      "<div id=\"sidebar-like\"><p>A long paragraph of unrelated text, written to look like the "
      "article, with commas, clauses, and more words than the real story has in it at all.</p>"
      "<p>Another long paragraph of unrelated text, with commas, clauses, and many more words "
      "than the real story has.</p></div>"
      "<div class=\"story\"><p>The real story.</p><p class=\"ad\">Buy now!</p></div>"
      "</body></html>";
  Source::Overrides o;
  o.title = ".hd .t";
  o.author = ".who";
  o.time = ".when";
  o.attribution = ".from";
  o.body = "div.story";
  o.drop = "p.ad";
  Article a = extract_article(page, "https://x.example/1.html", o);
  EXPECT_EQ(a.title, "The right title");
  EXPECT_EQ(a.byline, "Lee Wan");
  EXPECT_EQ(a.published, "2024-04-14T08:45:07");
  EXPECT_EQ(a.attribution, "新华社");
  EXPECT_EQ(a.body, "The real story.");
  // Without overrides the general extractor picks the longer prose.
  EXPECT_NE(extract_article(page, "https://x.example/1.html").body, "The real story.");
}

TEST(ExtractArticle, ChineseDatelineReporterCaptionsAndNotes) {
  std::string page =
      "<html><head><title>交通网络建设提速_财经频道_某网</title>"
      "<meta name=\"author\" content=\"某网\"></head><body>"
      "<div class=\"header-bar\"><h1>交通网络建设提速</h1>"
      "<div class=\"info\">2019-09-26 10:56:28 证券时报网</div></div>"
      "<div class=\"content\"><p>（原标题：交通网络建设全面提速）</p>"
      "<p>新京报讯（记者 "
      "陆一夫）9月26日，交通运输部举行新闻发布会，介绍了区域综合立体交通网络的建设进展，"
      "各项工作正在有序推进。</p><p>城市摄影队 周斌 摄</p>"
      "<p>"
      "发布会上，有关负责人表示，下一步将继续完善路网结构，提升运输服务水平，加快推进重点项目建设。"
      "</p>"
      "<p>【编辑：姚昊】</p></div></body></html>";
  Article a = extract_article(page, "https://x.example/1.html");
  EXPECT_EQ(a.title, "交通网络建设提速");
  EXPECT_EQ(a.published, "2019-09-26T10:56:28");  // the dateline under the headline
  EXPECT_EQ(a.attribution, "证券时报网");         // the outlet after the dateline's time
  EXPECT_EQ(a.byline, "记者 陆一夫");             // not the site named as meta author
  EXPECT_EQ(byline_names(a.byline), "陆一夫");
  auto p = paragraphs(a.body);
  ASSERT_EQ(p.size(), 2u) << a.body;  // no original-title note, photo credit or editor line
  EXPECT_EQ(p[0].rfind("新京报讯（记者 陆一夫）", 0), 0u);
}

TEST(ExtractArticle, WriterAndOutletUnderTheHeadline) {
  // "name/outlet" between the headline and the dateline: the writer and the source.
  Article a = extract_article(
      "<html><head><title>春季植树活动启动_某某网</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"info\"><p>王芳/某某日报</p>"
      "<p>2024-03-02 10:15</p></div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.attribution, "某某日报");
  EXPECT_EQ(a.byline, "王芳/某某日报");
  EXPECT_EQ(byline_names(a.byline), "王芳");
  EXPECT_EQ(a.published, "2024-03-02T10:15:00");
  // An outlet alone there is the source, and no writer.
  Article b = extract_article(
      "<html><head><title>春季植树活动启动_某某网</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"info\"><p>新华社</p>"
      "<p>2024-03-02 10:15</p></div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(b.attribution, "新华社");
  EXPECT_EQ(b.byline, "");
  // A short line that does not end like an outlet (a column name) is neither.
  Article c = extract_article(
      "<html><head><title>春季植树活动启动_某某网</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"info\"><p>城市观察</p>"
      "<p>2024-03-02 10:15</p></div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(c.attribution, "");
  EXPECT_EQ(c.byline, "");
}

TEST(ExtractArticle, AccountNamedBeforeTheDateline) {
  // Platforms print the account that posted the piece before the time; with no other source
  // named it is the source ("原创" marks the account's own piece and is not part of it).
  Article a = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"sub\"><span>原创</span> <span>某某晚报</span> "
      "<span>2024-03-02 10:15:20</span></div>" +
          kStory + "<p>采写：见习记者 李青</p></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.attribution, "某某晚报");
  EXPECT_EQ(a.published, "2024-03-02T10:15:20");
  EXPECT_EQ(byline_names(a.byline), "李青");
  // When the page names another source, the account is the one who posted it: the author.
  Article b = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"sub\"><span>山水人文</span> "
      "<span>2024-03-02 10:15:20</span></div>" +
          kStory + "<p>来源：网络</p></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(b.attribution, "网络");
  EXPECT_EQ(b.byline, "山水人文");
  EXPECT_EQ(b.body.find("来源"), std::string::npos) << b.body;
  // A label or a weekday before the time is not an account.
  Article c = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body>"
      "<h1>春季植树活动启动</h1><div class=\"sub\">星期六 2024-03-02 10:15:20</div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(c.attribution, "");
  EXPECT_EQ(c.byline, "");
  Article d = extract_article(
      "<html><head><title>Trees planted</title></head><body><h1>Trees planted</h1>"
      "<div class=\"sub\">Published 2024-03-02 10:15:20</div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(d.attribution, "");
  EXPECT_EQ(d.published, "2024-03-02T10:15:20");
}

TEST(ExtractArticle, OriginalWriterLineIsTheByline) {
  // "原创： writer account" at the top of a reposted piece: a byline, not body text.
  Article a = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body><h1>春季植树活动启动</h1>"
      "<div class=\"content\"><p>原创： 张明编译 城市研究</p>"
      "<p>3月2日，市里召开新闻发布会，介绍了今年春季植树活动的安排，各区将在河道两侧和新建公园"
      "里种下两万棵树。</p></div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "原创： 张明编译 城市研究");
  EXPECT_EQ(byline_names(a.byline), "张明");
  EXPECT_EQ(a.body.find("原创"), std::string::npos) << a.body;
}

TEST(ExtractArticle, AuthorizedIsNotAnAuthorClass) {
  // A class that starts like "author" but means a permission ("authorized", "authority").
  Article a = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body><h1>春季植树活动启动</h1>" + kStory +
          "<div class=\"popup\"><span class=\"authorized\">我已授权</span>"
          "<span class=\"authority-note\">版权方</span></div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "");
  Article b = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body><h1>春季植树活动启动</h1>"
      "<div class=\"authorName\">赵林</div>" +
          kStory + "</body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(b.byline, "赵林");
}

TEST(ExtractArticle, SectionNamedInTheAuthorBoxIsNotAWriter) {
  // The author box names a column the site's menu links to: a section, not a person.
  std::string menu =
      "<ul class=\"nav main-nav\"><li><a href=\"/\">首页</a></li>"
      "<li><a href=\"/city/\">城市观察</a></li></ul>";
  Article a = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body>" + menu +
          "<h1>春季植树活动启动</h1>" + kStory +
          "<div class=\"post-author\"><a class=\"author-name\" href=\"/city/\">城市观察</a>"
          "<div class=\"author-bio\">暂无简介</div><div class=\"author-count\">共 12 篇</div>"
          "<div class=\"author-posts-title\">精选文章</div></div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "");
  // Nor is another name for a section the menu links to.
  Article c =
      extract_article("<html><head><title>春季植树活动启动</title></head><body>" + menu +
                          "<h1>春季植树活动启动</h1>" + kStory +
                          "<div class=\"box\"><a class=\"author-name\" href=\"/city\">城市快讯</a>"
                          "</div></body></html>",
                      "https://x.example/1.html");
  EXPECT_EQ(c.byline, "");
  // A writer's name in the same box is the byline.
  Article b = extract_article(
      "<html><head><title>春季植树活动启动</title></head><body>" + menu +
          "<h1>春季植树活动启动</h1>" + kStory +
          "<div class=\"post-author\"><a class=\"author-name\" href=\"/u/9\">赵林</a>"
          "</div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(b.byline, "赵林");
  // Even when the menu names the writer too (a personal site's "about" entry).
  Article d = extract_article(
      "<html><head><title>Trees planted</title></head><body><nav><a href=\"/about/\">Lin Zhao</a>"
      "</nav><h1>Trees planted</h1>" +
          kStory +
          "<div class=\"author-box\"><a class=\"author-name\" href=\"/u/9\">Lin Zhao</a>"
          "</div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(d.byline, "Lin Zhao");
}

TEST(BylineNames, RolesAndLabelsLeaveTheNames) {
  EXPECT_EQ(byline_names("□本报记者 董振霞 通讯员 王克军"), "董振霞 王克军");
  EXPECT_EQ(byline_names("澎湃新闻记者 段彦超 廖艳"), "段彦超 廖艳");
  EXPECT_EQ(byline_names("作者：未知 责任编辑：棒棒不是糖"), "");
  EXPECT_EQ(byline_names("By Jane Holloway"), "Jane Holloway");
  EXPECT_EQ(byline_names("IT之家 发布时间：09-30 22:46"), "IT之家");
  EXPECT_EQ(byline_names("原创： 李华编译 某某研究"), "李华");  // writer, then account
  EXPECT_EQ(byline_names("张三/某某日报"), "张三");             // the outlet is the source
  EXPECT_EQ(byline_names("张三/李四/某某新闻"), "张三 李四");
  EXPECT_EQ(byline_names("文/王五"), "王五");
}

TEST(ExtractArticle, BadInputNeverCrashes) {
  for (std::string html : {std::string(), std::string("<<<>>>&&&"), std::string("\xff\xfe\x00x", 4),
                           std::string("<html><body></body></html>")}) {
    Article a = extract_article(html, "https://e.example/x");
    EXPECT_EQ(a.url, "https://e.example/x");
  }
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  deep += "<p>底层的段落，足够长，有逗号，也有句号。</p>";
  Article a = extract_article(deep, "https://e.example/deep");
  EXPECT_EQ(a.body, "底层的段落，足够长，有逗号，也有句号。");
}

}  // namespace
}  // namespace headlined::parse
