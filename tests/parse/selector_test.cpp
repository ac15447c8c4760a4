#include <gtest/gtest.h>

#include "headlined/parse/html.hpp"
#include "headlined/parse/selector.hpp"

namespace headlined::parse {
namespace {

const char* const kPage = R"(<html><body>
<div id="main" class="list news">
  <ul><li class="item first"><a href="/a" data-kind="story-big">A</a></li>
      <li class="item"><a href="/b" data-kind="story">B</a></li></ul>
  <p><a href="/c">C</a></p>
</div>
<div class="news"><a href="https://x.example/d" title="D">D</a></div>
</body></html>)";

std::vector<std::string> texts(std::string_view selector) {
  HtmlDocument doc(kPage);
  auto s = Selector::parse(selector);
  EXPECT_TRUE(s) << selector << ": " << s.error().to_string();
  std::vector<std::string> out;
  if (!s) return out;
  for (const GumboNode* n : s->select(doc.root())) out.push_back(node_text(n));
  return out;
}

using V = std::vector<std::string>;

TEST(Selector, TypeIdClassAndAny) {
  EXPECT_EQ(texts("a"), (V{"A", "B", "C", "D"}));
  EXPECT_EQ(texts("#main a"), (V{"A", "B", "C"}));
  EXPECT_EQ(texts("li.item.first"), (V{"A"}));
  EXPECT_EQ(texts(".news > a"), (V{"D"}));
  EXPECT_EQ(texts("div.list.news ul *"), (V{"A", "A", "B", "B"}));
  EXPECT_EQ(texts("LI.item"), (V{"A", "B"}));  // tag names are case-insensitive
}

TEST(Selector, Attributes) {
  EXPECT_EQ(texts("a[title]"), (V{"D"}));
  EXPECT_EQ(texts("a[href=\"/b\"]"), (V{"B"}));
  EXPECT_EQ(texts("a[href='/c']"), (V{"C"}));
  EXPECT_EQ(texts("a[data-kind*=big]"), (V{"A"}));
  EXPECT_EQ(texts("a[data-kind^=story]"), (V{"A", "B"}));
  EXPECT_EQ(texts("a[href^=\"https:\"]"), (V{"D"}));
}

TEST(Selector, CombinatorsAndLists) {
  EXPECT_EQ(texts("div > ul > li > a"), (V{"A", "B"}));
  EXPECT_EQ(texts("div > a"), (V{"D"}));               // not the links nested deeper
  EXPECT_EQ(texts("p a, li.first a"), (V{"A", "C"}));  // document order, not list order
  EXPECT_EQ(texts("  body   div  p>a  "), (V{"C"}));
}

TEST(Selector, MatchesSingleElements) {
  HtmlDocument doc(kPage);
  auto s = Selector::parse("#main li > a");
  ASSERT_TRUE(s);
  auto all = Selector::parse("a")->select(doc.root());
  ASSERT_EQ(all.size(), 4u);
  EXPECT_TRUE(s->matches(all[0]));
  EXPECT_FALSE(s->matches(all[2]));
  EXPECT_FALSE(s->matches(doc.root()));  // the document node is not an element
}

TEST(Selector, ErrorsGiveOffsetAndReason) {
  struct Case {
    const char* text;
    const char* offset;
  };
  for (auto [text, offset] :
       {Case{"", "offset 0"}, Case{"a >", "offset 3"}, Case{"a,,b", "offset 2"},
        Case{"a[href", "offset 6"}, Case{"a[href=\"x]", "offset 7"}, Case{"a[href~=x]", "offset 6"},
        Case{"div!", "offset 3"}, Case{"#", "offset 1"}}) {
    auto s = Selector::parse(text);
    ASSERT_FALSE(s) << text;
    EXPECT_NE(s.error().what.find(offset), std::string::npos)
        << text << " -> " << s.error().to_string();
    EXPECT_NE(s.error().where.find(text), std::string::npos);
  }
}

TEST(Selector, DeepDocumentsDoNotOverflow) {
  // As deep as HtmlDocument lets a page be (deeper start tags are left out before parsing).
  std::string html;
  for (int i = 0; i < 390; ++i) html += "<div class=\"d\">";
  html += "<a href=\"/x\">deep</a>";
  HtmlDocument doc(html);
  auto s = Selector::parse("div.d div.d > a");
  ASSERT_TRUE(s);
  auto found = s->select(doc.root());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(node_text(found[0]), "deep");
}

}  // namespace
}  // namespace headlined::parse
