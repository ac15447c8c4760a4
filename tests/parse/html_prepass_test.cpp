// The pre-pass that spares gumbo the bytes nothing reads: where it says a script, style or
// comment ends must be where the HTML tokenizer (WHATWG HTML, "Tokenization") ends it, or it
// would cut text out of the page or leave markup in a script; and the tree gumbo builds from
// its output must be the tree of the page itself but for what was taken out.

#include <gtest/gtest.h>
#include <gumbo.h>

#include <string>
#include <string_view>

#include "headlined/parse/extract.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/html_prepass.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

// --- where scripts end ---

TEST(HtmlPrepass, ScriptBodyIsEmptiedAndPartOfAnEndTagInAStringDoesNotEndIt) {
  EXPECT_EQ(prepare_html("<p>a</p><script>var s = \"</scr\" + \"ipt>\"; f(s);</script><p>b</p>"),
            "<p>a</p><script></script><p>b</p>");
}

TEST(HtmlPrepass, WholeEndTagInAStringEndsTheScript) {
  // The tokenizer does not know JavaScript strings: the first "</script>" ends the element,
  // and what follows it is text of the page.
  EXPECT_EQ(prepare_html("<script>x = \"</script>\"; y();</script>"),
            "<script></script>\"; y();</script>");
}

TEST(HtmlPrepass, EndTagMatchesInAnyCaseWithSpaceBeforeTheBracket) {
  EXPECT_EQ(prepare_html("<SCRIPT>a()</SCRIPT ><p>x</p>"), "<SCRIPT></SCRIPT ><p>x</p>");
  EXPECT_EQ(prepare_html("<script>a()</Script/><p>x</p>"), "<script></Script/><p>x</p>");
}

TEST(HtmlPrepass, LongerTagNameIsNotTheEndTag) {
  EXPECT_EQ(prepare_html("<script>a = '</scripts>'; b = '</script-x>';</script>z"),
            "<script></script>z");
}

TEST(HtmlPrepass, EscapedScriptEndsOnlyAfterItsDoubleEscapeCloses) {
  // "<!--" then "<script>" inside a script "double-escape" it: the first "</script>" only
  // ends that, the next one (or a "-->" first) ends the element.
  EXPECT_EQ(prepare_html("<script><!-- document.write('<script>f()</script>'); --></script>"
                         "<p>after</p>"),
            "<script></script><p>after</p>");
  EXPECT_EQ(prepare_html("<script><!-- w('<script>'); </script> x</script><p>after</p>"),
            "<script></script><p>after</p>");
  // Escaped but not double-escaped: the first end tag ends it.
  EXPECT_EQ(prepare_html("<script><!-- f() </script><p>after</p>"),
            "<script></script><p>after</p>");
  // "-->" closes the escape before the `<script` would double-escape it.
  EXPECT_EQ(prepare_html("<script><!-- a --> '<script>' </script><p>after</p>"),
            "<script></script><p>after</p>");
}

TEST(HtmlPrepass, UnterminatedScriptRunsToTheEnd) {
  EXPECT_EQ(prepare_html("<p>a</p><script>var a = 1; <p>never text"), "<p>a</p><script>");
  EXPECT_EQ(prepare_html("<p>a</p><script>x</script"), "<p>a</p><script>");
}

TEST(HtmlPrepass, JsonLdIsKeptByteForByte) {
  const std::string ld =
      "<script type=\"application/ld+json\">{\"headline\": \"a  b\",\n  \"x\": \"<!--\"}"
      "</script>";
  EXPECT_EQ(prepare_html(ld), ld);
  const std::string upper = "<SCRIPT TYPE='Application/LD+JSON'>{\"a\":  1}</SCRIPT>";
  EXPECT_EQ(prepare_html(upper), upper);
  // Other types are not read.
  EXPECT_EQ(prepare_html("<script type=\"text/template\"><p>x</p></script>"),
            "<script type=\"text/template\"></script>");
}

// --- styles and other raw text ---

TEST(HtmlPrepass, StyleInTheBodyIsEmptied) {
  EXPECT_EQ(prepare_html("<body><p>x</p><style>p > a { content: '</p>' }</style><p>y</p>"),
            "<body><p>x</p><style></style><p>y</p>");
  EXPECT_EQ(prepare_html("<style>a{}</STYLE\n>b"), "<style></STYLE\n>b");
}

TEST(HtmlPrepass, TitleAndTextareaTextStayAsWritten) {
  const std::string page = "<title>A  <b>bold</b>\n\ntitle</title><textarea>  x\n\n y</textarea>";
  EXPECT_EQ(prepare_html(page), page);
}

TEST(HtmlPrepass, SvgAndMathAreKeptAsTheyAre) {
  // In foreign content a <style> holds markup and comments are nodes; nothing there is cut.
  const std::string svg =
      "<svg viewBox='0 0 1 1'><style>.a{}</style><!-- c -->  <path d='M0  0'/></svg>";
  EXPECT_EQ(prepare_html(svg + "<p>a  b</p>"), svg + "<p>a b</p>");
  const std::string math = "<math><mi>x</mi>  <mo>+</mo><!-- c --></math>";
  EXPECT_EQ(prepare_html(math), math);
}

// --- comments ---

TEST(HtmlPrepass, CommentsAreTakenOutWhereTheTokenizerEndsThem) {
  EXPECT_EQ(prepare_html("a<!-- x -->b"), "ab");
  EXPECT_EQ(prepare_html("a<!-- x --!>b"), "ab");                      // "--!>" ends one
  EXPECT_EQ(prepare_html("a<!-->b"), "ab");                            // an empty comment
  EXPECT_EQ(prepare_html("a<!--->b"), "ab");                           // likewise
  EXPECT_EQ(prepare_html("a<!-- -- > - -> --->b"), "ab");              // dashes that do not end it
  EXPECT_EQ(prepare_html("a<!-- <script> --><p>b</p>"), "a<p>b</p>");  // no tag inside
  EXPECT_EQ(prepare_html("a<!-- --! x -->b"), "ab");                   // "--!" then more text
}

TEST(HtmlPrepass, UnterminatedCommentRunsToTheEnd) {
  EXPECT_EQ(prepare_html("<p>a</p><!-- note <p>b</p>"), "<p>a</p>");
}

TEST(HtmlPrepass, DeclarationsAndBogusCommentsStay) {
  const std::string page = "<!DOCTYPE html><?xml version='1.0'?><![if IE]><p>x</p></ p>";
  EXPECT_EQ(prepare_html(page), page);
}

// --- white space ---

TEST(HtmlPrepass, WhiteSpaceRunsInTextKeepTheirFirstCharacter) {
  EXPECT_EQ(prepare_html("<p>a \n\t b</p>\n\n  <p>c</p>"), "<p>a b</p>\n<p>c</p>");
  EXPECT_EQ(prepare_html("<p>单 个</p>"), "<p>单 个</p>");
}

TEST(HtmlPrepass, AttributesAreNotTouched) {
  // Quotes delimit a value only where one starts: the '>' in a quoted title does not end the
  // tag, the apostrophe in an unquoted value opens no quote.
  EXPECT_EQ(prepare_html("<a title='>  x' href=y>t  t</a>"), "<a title='>  x' href=y>t t</a>");
  EXPECT_EQ(prepare_html("<div class=a'b>  x  </div>"), "<div class=a'b> x </div>");
  EXPECT_EQ(prepare_html("<img alt=\"a  b\"/>  c"), "<img alt=\"a  b\"/> c");
}

TEST(HtmlPrepass, PageEndingInsideATagIsKept) {
  EXPECT_EQ(prepare_html("<p>a  b</p><a href='x  y"), "<p>a b</p><a href='x  y");
}

TEST(HtmlPrepass, TextLessThanSignsStay) {
  EXPECT_EQ(prepare_html("<p>1 < 2  and </ 3 <</p>"), "<p>1 < 2 and </ 3 <</p>");
}

// --- attributes ---

TEST(HtmlPrepass, ExtractionKeepsOnlyTheAttributesItReads) {
  EXPECT_EQ(prepare_html("<div class=a style='color: red' data-x=1 onclick=\"f('>')\" ID=b>"
                         "<img data-src=p.png srcset='a.png 1x' ALT=\"x  y\"/>t",
                         Attributes::ReadByExtraction),
            "<div class=a ID=b><img data-src=p.png ALT=\"x  y\"/>t");
  // A tag whose attributes are all read is copied as written.
  EXPECT_EQ(prepare_html("<a  href = '/x'\ttitle=t>", Attributes::ReadByExtraction),
            "<a  href = '/x'\ttitle=t>");
  // Inside <svg> nothing changes; by default every attribute stays.
  const std::string svg = "<svg><path d='M0 0' style='x'/></svg>";
  EXPECT_EQ(prepare_html(svg, Attributes::ReadByExtraction), svg);
  const std::string div = "<div data-x=1 style='x'>";
  EXPECT_EQ(prepare_html(div), div);
}

// The list of attributes extraction reads (html_prepass.cpp) is kept by hand: a finder that
// starts reading one not on it would see it as absent. Extraction without an override (only
// the listed attributes) must give what extraction with an override that drops nothing (every
// attribute) gives, on every article page the repository has.
TEST(HtmlPrepass, TheReadAttributesGiveTheSameArticleAsAllOfThem) {
  Source::Overrides keep_all;
  keep_all.drop = ".no-element-has-this-class";
  for (const char* fixture :
       {"parse/seed-article.html", "parse/english-article.html", "fetch/article.html",
        "fetch/big5-page.utf8.html", "text/gbk-page.utf8.html", "parse/list-page.html"}) {
    const std::string html = testing::read_fixture(fixture);
    const Article read = extract_article(html, "https://example.com/a");
    const Article all = extract_article(html, "https://example.com/a", keep_all);
    EXPECT_EQ(read.title, all.title) << fixture;
    EXPECT_EQ(read.subtitle, all.subtitle) << fixture;
    EXPECT_EQ(read.byline, all.byline) << fixture;
    EXPECT_EQ(read.published, all.published) << fixture;
    EXPECT_EQ(read.attribution, all.attribution) << fixture;
    EXPECT_EQ(read.body, all.body) << fixture;
    EXPECT_EQ(read.lead_image, all.lead_image) << fixture;
    EXPECT_EQ(read.body_html, all.body_html) << fixture;
    EXPECT_EQ(read.language, all.language) << fixture;
  }
}

TEST(HtmlPrepass, SelectorOverridesSeeEveryAttribute) {
  // A drop override may name an attribute extraction itself never reads.
  const std::string page =
      "<html><body><article><h1>Title</h1><p>The story's first paragraph, long enough to "
      "count as prose, with a clause, and more.</p><div data-ad=\"1\"><p>Sponsored: buy "
      "things now, today, with a discount, while stocks last.</p></div><p>The story's second "
      "paragraph, also long enough to count, with a clause.</p></article></body></html>";
  EXPECT_NE(extract_article(page, "https://example.com/a").body.find("Sponsored"),
            std::string::npos);
  Source::Overrides overrides;
  overrides.drop = "[data-ad]";
  Article a = extract_article(page, "https://example.com/a", overrides);
  EXPECT_EQ(a.body.find("Sponsored"), std::string::npos);
  EXPECT_NE(a.body.find("second paragraph"), std::string::npos);
}

// --- the tree gumbo builds ---

bool is_script_or_style(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT &&
         (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE);
}

bool is_json_ld(const GumboNode* n) {
  const GumboAttribute* type = gumbo_get_attribute(&n->v.element.attributes, "type");
  return type && std::string_view(type->value).find("ld+json") != std::string_view::npos;
}

// Elements with their attributes, text with white space runs as one space and trimmed (text
// that is only white space left out); comments and the text of scripts (but JSON-LD) and styles
// left out.
void dump(const GumboNode* n, std::string& out, std::string& text) {
  auto flush = [&] {
    std::string collapsed;
    for (char c : text) {
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
      if (!space)
        collapsed += c;
      else if (collapsed.empty() || collapsed.back() != ' ')
        collapsed += ' ';
    }
    // Trimmed: gumbo drops the newline just after <pre>, and a run cut to its first
    // character may leave none there.
    if (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
    if (!collapsed.empty() && collapsed.front() == ' ') collapsed.erase(0, 1);
    if (!collapsed.empty()) out += "\"" + collapsed + "\"";
    text.clear();
  };
  switch (n->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
      text += n->v.text.text;
      return;
    case GUMBO_NODE_COMMENT:
      return;
    case GUMBO_NODE_DOCUMENT:
      for (unsigned i = 0; i < n->v.document.children.length; ++i)
        dump(static_cast<const GumboNode*>(n->v.document.children.data[i]), out, text);
      flush();
      return;
    default:
      break;
  }
  flush();
  const GumboElement& e = n->v.element;
  out += "<" + std::string(gumbo_normalized_tagname(e.tag));
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    out += std::string(" ") + a->name + "=" + a->value;
  }
  out += ">";
  if (!is_script_or_style(n) || is_json_ld(n))
    for (unsigned i = 0; i < e.children.length; ++i)
      dump(static_cast<const GumboNode*>(e.children.data[i]), out, text);
  flush();
  out += "</>";
}

std::string tree_of(std::string_view html) {
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out, text;
  dump(output->document, out, text);
  gumbo_destroy_output(&kGumboDefaultOptions, output);
  return out;
}

TEST(HtmlPrepass, GumboBuildsTheSameTreeFromTheFixturePages) {
  for (const char* fixture :
       {"parse/english-article.html", "parse/seed-article.html", "parse/list-page.html",
        "fetch/article.html", "fetch/big5-page.utf8.html", "text/gbk-page.utf8.html"}) {
    std::string page = testing::read_fixture(fixture);
    std::string prepared = prepare_html(page);
    if (std::string_view(fixture).starts_with("parse/")) {  // the others are a few lines
      EXPECT_LT(prepared.size(), page.size()) << fixture;
    }
    EXPECT_EQ(tree_of(prepared), tree_of(page)) << fixture;
  }
}

TEST(HtmlPrepass, GumboBuildsTheSameTreeFromAwkwardSnippets) {
  for (const char* page : {
           "<table>  <tr>  <td> a  b </td>\n\n</tr> x  y</table>",  // text foster-parented
           "<pre>\n\n  code\n  here</pre><textarea>\n\nx</textarea>",
           "<select><option>a  b<!-- c --></option><script>s()</script></select>",
           "<p>a<!-- c -->b <!-- d -->  c</p><!-- x --!><p>d</p><!--->e",
           "<div title=\"a > b\" data-x='<script>'>t</div><script>if (a<b) x='<div>';</script>",
           "<svg><p>breaks  out</p></svg><p>after  svg</p>",
           "<noscript><img src=x.png> <p>no  script</p></noscript>",
           "<head><script type=application/ld+json>{\"a\":\"b\"}</script>"
           "<style>x{}</style><title>t  t</title></head><body>b</body>",
       }) {
    EXPECT_EQ(tree_of(prepare_html(page)), tree_of(page)) << page;
  }
}

TEST(HtmlPrepass, NestingBeyondTheBoundIsLeftOutButTextStays) {
  std::string allowed;
  for (int i = 0; i < kMaxHtmlDepth; ++i) allowed += "<div>";
  EXPECT_EQ(prepare_html(allowed + "<div><span>deep</span></div>"), allowed + "deep</span></div>");
}

TEST(HtmlPrepass, PageBeyondTheByteBoundIsCut) {
  std::string page(kMaxHtmlBytes + 10, 'x');
  EXPECT_EQ(prepare_html(page).size(), kMaxHtmlBytes);
}

}  // namespace
}  // namespace headlined::parse
