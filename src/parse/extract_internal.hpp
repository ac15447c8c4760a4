#pragma once
// The steps of article extraction, shared between the files that implement them.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "dom.hpp"

namespace headlined::parse::detail {

// Page chrome for metadata lookups: like is_boilerplate, but an article's own <header>
// (which holds its title, byline and date) is kept.
bool is_chrome(const GumboNode* node);

// What a page's schema.org JSON-LD says about its article: publishers write it for search
// engines, so it names the article's own date and author apart from the dates and names of
// comments and related links (read_linked_data in json_ld.hpp).
struct LinkedData {
  std::string date_published;  // as written ("2019-09-07T13:43:00+08:00")
  std::string author;          // the names, ", "-joined
  std::string article_body;    // the text as given, line breaks kept, when the page gives it
};

// The elements the field finders look up by tag, collected in one walk of the tree (a walk
// per lookup was eight walks a page), in document order.
struct Page {
  struct Meta {
    std::string keys[3];  // property, name and itemprop, lower-cased
    const GumboNode* node;
  };
  const GumboNode* root = nullptr;
  std::vector<Meta> metas;
  std::vector<const GumboNode*> titles;
  std::vector<const GumboNode*> h1s;
  std::vector<const GumboNode*> scripts;
  const GumboNode* body = nullptr;  // the first <body>
  LinkedData linked;
};
Page index_page(const GumboNode* root);

// The content of the first <meta> whose property, name or itemprop is one of `keys`
// (case-insensitive), or "".
std::string meta_content(const Page& page, std::initializer_list<std::string_view> keys);

struct Title {
  std::string text;
  const GumboNode* h1 = nullptr;  // the <h1> it came from or matches, if any
};
// `lines`: the page's lines outside chrome, for the headline printed without an <h1>.
Title find_title(const Page& page, const std::vector<Line>& lines);
std::string find_subtitle(const GumboNode* root, const Title& title);
// The index of the headline's line in `lines`, or lines.size().
std::size_t find_title_line(const std::vector<Line>& lines, const std::string& title);
// The dateline printed just under the headline ("2019-09-26 10:56:28 证券时报网"), or "".
std::string find_dateline(const std::vector<Line>& lines, const std::string& title);
std::string find_byline(const Page& page, const std::vector<Line>& lines, const std::string& title,
                        const std::string& dateline, const std::string& attribution);
std::string find_attribution(const std::vector<Line>& lines, const std::string& title,
                             const std::string& dateline);
// Whether a text where a page names its author can be a person's or an outlet's name: 2 to
// 100 characters, no markup or id characters, no punctuation run, not a date, not a label,
// button or placeholder word ("赞赏", "网络整理", "admin").
bool is_plausible_author(std::string_view name);
// The name after "作者" in a short line ("作者：李在山", "《棱镜》作者 周纯"), or "".
std::string labelled_author(std::string_view line);
// The outlet named right after a dateline's date and time, or "".
std::string outlet_after_date(std::string_view line);
// The account named right before a dateline's date and time, as platforms print who posted
// a piece ("华夏人文 2020-03-09 18:14:21", "原创 某某日报 2019-09-09 16:01"), or "".
std::string name_before_date(std::string_view line);
// "a/b／c" -> {"a", "b", "c"}, each trimmed (half- and full-width slashes).
std::vector<std::string> split_at_slashes(std::string_view text);
// A news outlet's name: one word ending like one ("新华社", "中国青年报", "长江网", "澎湃新闻").
bool is_outlet_name(std::string_view name);
// The line between the headline and its dateline that names the source, alone or after the
// writers ("新华社", "石佳/中国青年报"), split at the slashes; empty when there is none.
std::vector<std::string> source_line_under_headline(const std::vector<Line>& lines,
                                                    const std::string& title);
// `content`: the body's elements, which tell the header (between the headline and the body)
// from the text and what follows it.
std::string find_published(const Page& page, const std::vector<Line>& lines,
                           const std::string& dateline, const std::string& title,
                           const std::vector<const GumboNode*>& content);
// The date the page prints for the article, "" when none: a date between the headline and
// the body first, then labelled ones ("发布时间："), never a link's, a list entry's or a
// copyright notice's date.
std::string printed_article_date(const std::vector<Line>& lines, std::size_t title_line,
                                 const std::vector<const GumboNode*>& content);
// A date beside a link or in a linked list entry (a related page's), or in a copyright line.
bool is_furniture_date_line(const Line& line);
// "发布时间：18-03-08 23:16": a two-digit year after a publication label, as 2018; else "".
std::string labelled_short_year_date(std::string_view line);

// Line classifiers, used both to find the fields and to keep their lines out of the body.
bool is_byline_line(std::string_view line);
// The source named after "本文转自:", "来源：", "Source:" ... in the line, or "".
std::string attribution_in(std::string_view line);
// "发布时间：2024-04-14 08:30" and other dates with a label.
bool is_labelled_date_line(std::string_view line);
// A labelled date line, or a short line that is mostly a date.
bool is_date_line(std::string_view line);
bool is_editor_line(std::string_view line);
// "（记者 陆一夫）" near the start of a paragraph: the reporter named in the dateline, or "".
std::string parenthesised_reporter(std::string_view line);
// The writers credited in brackets at the end of a story's last sentence, Chinese papers'
// way of signing a piece ("…举行。（张巨峰）", "…。(文/图 刘玺东 易赛楠)"), or "".
std::string closing_credit(std::string_view line);
// Photo captions and credits written as text: "…（视频截图）", "城市摄影队 周斌 摄", "图片来源：…".
bool is_caption_line(std::string_view line);
// "（原标题：…）": the headline the piece first ran under.
bool is_original_title_line(std::string_view line);
// The site's disclaimer or copyright notice under a story: "【免责声明】本文仅代表作者本人观点…",
// "版权声明：…", "声明：本文…".
bool is_disclaimer_line(std::string_view line);
// A short line of credits: who supplied, photographed and edited the piece
// ("医技药剂党支部供稿 摄影/张艳 编辑/苏芳").
bool is_credits_line(std::string_view line);
// "最后更新: ..." and other modification times, which are not the publication time.
bool is_update_line(std::string_view line);
// A short line opening with a date and time: "2019-09-26 10:56:28 证券时报网".
bool starts_with_date(std::string_view line);

// The elements holding the article's paragraphs, in document order: the best-scoring one and
// the siblings that continue it (never empty for a parsed document).
std::vector<const GumboNode*> find_content(const Page& page);

}  // namespace headlined::parse::detail
