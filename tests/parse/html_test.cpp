#include <gtest/gtest.h>

#include "headlined/parse/html.hpp"
#include "headlined/parse/selector.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

TEST(NodeText, CollapsesWhitespaceAndSeparatesBlocks) {
  HtmlDocument doc(
      "<html><head><title>T</title><style>p{}</style></head><body>"
      "<p>高<b>青</b>县\n  招商</p><p>second&nbsp; para</p><div>a<br>b</div>"
      "<script>var x = 1;</script><span>in</span><span>line</span></body></html>");
  EXPECT_EQ(node_text(doc.root()), "高青县 招商 second para a b inline");
}

TEST(NodeText, DeepNestingIsWalkedIteratively) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<span>";
  html += "bottom";
  HtmlDocument doc(html);
  EXPECT_EQ(node_text(doc.root()), "bottom");
}

TEST(HtmlDocument, NestingBeyondTheBoundKeepsTheText) {
  // 30,000 nested elements would cost gumbo minutes; the tags past the bound are left out
  // before parsing, the text stays, and markup after the deep part is still read.
  std::string html = "<p id=first>before</p>";
  for (int i = 0; i < 30000; ++i) html += i % 2 ? "<div>" : "<b>";
  html += "bottom";
  for (int i = 0; i < 30000; ++i) html += i % 2 ? "</b>" : "</div>";
  html += "<p id=last>after <!-- <div><div> --> <script>if (a<b) x='<div>';</script>end</p>";
  HtmlDocument doc(html);
  EXPECT_EQ(node_text(doc.root()), "before bottom after end");
  auto last = Selector::parse("#last")->select(doc.root());
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(node_text(last[0]), "after end");
}

TEST(Attribute, ValueOrEmpty) {
  HtmlDocument doc("<a href=\"/x\" data-id=\"7\">x</a>");
  auto links = Selector::parse("a")->select(doc.root());
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(attribute(links[0], "href"), "/x");
  EXPECT_EQ(attribute(links[0], "data-id"), "7");
  EXPECT_EQ(attribute(links[0], "title"), "");
  EXPECT_EQ(attribute(doc.root(), "href"), "");  // not an element
}

const std::string kListUrl = "https://news.example.cn/zibo/index.html";

TEST(ArticleLinks, HeuristicKeepsSameSiteHeadlines) {
  auto links = extract_article_links(testing::read_fixture("parse/list-page.html"), kListUrl, "");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].url, "https://news.example.cn/zibo/2024/0414/1234.html");
  EXPECT_EQ(links[0].text, "高青:请进优质合伙人共赢未来");
  // Relative, with a tracking parameter; its duplicate with a fragment is dropped.
  EXPECT_EQ(links[1].url, "https://news.example.cn/zibo/2024/0413/1001.html");
  // A short anchor text, but an article-like path.
  EXPECT_EQ(links[2].url, "https://news.example.cn/zibo/a/778.html");
  for (const Link& l : links) {
    EXPECT_EQ(l.url.find("other.example.com"), std::string::npos);  // another site
    EXPECT_EQ(l.url.find("list_"), std::string::npos);              // pagination
    EXPECT_EQ(l.url.find("0401/0001"), std::string::npos);          // in <header>
    EXPECT_EQ(l.url.find("about"), std::string::npos);              // in <footer>
  }
}

TEST(ArticleLinks, SelectorPicksLinksInsideMatchedElements) {
  auto links = extract_article_links(testing::read_fixture("parse/list-page.html"), kListUrl,
                                     "ul.news-list li");
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[0].url, "https://news.example.cn/zibo/2024/0414/1234.html");
  EXPECT_EQ(links[1].url, "https://news.example.cn/zibo/2024/0413/1001.html");
  EXPECT_EQ(links[2].url, "https://news.example.cn/zibo/a/778.html");
  // A selector is trusted: other sites are kept, javascript: links never are.
  EXPECT_EQ(links[3].url, "https://other.example.com/story/2024/04/12/x.html");
}

TEST(ArticleLinks, SelectorPickingAnchorsDirectly) {
  auto links =
      extract_article_links(testing::read_fixture("parse/list-page.html"), kListUrl, "div.pages a");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "https://news.example.cn/zibo/list_2.html");
  EXPECT_EQ(links[0].text, "下一页");
}

TEST(ArticleLinks, BadSelectorPicksNothing) {
  EXPECT_TRUE(extract_article_links(testing::read_fixture("parse/list-page.html"), kListUrl, "ul[")
                  .empty());
}

}  // namespace
}  // namespace headlined::parse
