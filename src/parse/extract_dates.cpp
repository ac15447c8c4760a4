// Telling the article's printed date from the other dates of its page: a related link's date,
// a copyright year, today's date in the top bar, a comment's time.

#include <algorithm>
#include <array>

#include "extract_internal.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

// Whether `node` is `ancestor` or below it.
bool is_inside(const GumboNode* node, const GumboNode* ancestor) {
  for (const GumboNode* n = node; n; n = n->parent)
    if (n == ancestor) return true;
  return false;
}

bool is_inside_any(const GumboNode* node, const std::vector<const GumboNode*>& ancestors) {
  return std::any_of(ancestors.begin(), ancestors.end(),
                     [&](const GumboNode* a) { return is_inside(node, a); });
}

// A short list item that holds a link: an entry of a list of other pages. Only the few
// elements around the line are looked at: some pages lay out their columns as list items.
bool in_linked_list_item(const GumboNode* node) {
  int depth = 0;
  for (const GumboNode* n = node; n && depth < 3; n = n->parent, ++depth) {
    // An entry is short; a list item holding a page's column (a layout list) is not one.
    if (has_tag(n, GUMBO_TAG_LI) || has_tag(n, GUMBO_TAG_DD))
      return !elements_by_tag(n, GUMBO_TAG_A).empty() && !visible_length_exceeds(node_text(n), 150);
    if (has_tag(n, GUMBO_TAG_BODY)) break;
  }
  return false;
}

}  // namespace

std::string labelled_short_year_date(std::string_view line) {
  // Platforms print "发布时间：18-03-08 23:16": a two-digit year, but only after a label that
  // says what the date is (a bare "18-03-08" may be a day-month-year or a code).
  for (std::string_view label :
       {"发布时间：", "发布时间:", "发布于", "发表于", "时间：", "时间:"}) {
    std::size_t at = line.find(label);
    if (at == std::string_view::npos) continue;
    std::string_view rest = line.substr(at + label.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.size() < 8 || !is_ascii_digit(rest[0]) || !is_ascii_digit(rest[1]) || rest[2] != '-')
      return "";
    // The time may follow in an element of its own with no space between ("18-03-0823:16").
    std::string_view day = rest.substr(0, 8);
    std::string_view time = rest.substr(8);
    while (!time.empty() && time.front() == ' ') time.remove_prefix(1);
    return parse_date("20" + std::string(day) + " " + std::string(time.substr(0, 8)));
  }
  return "";
}

bool is_furniture_date_line(const Line& line) {
  // A date in a list entry with a link is the linked page's: "Headline 2019-09-01" in a
  // related list. (A dateline has links too: the outlet, comment counts, font buttons.)
  if (line.link_chars > 0 && in_linked_list_item(line.owner)) return true;
  // "© 2019 Some Site", "Copyright 2005-2019", "版权所有", "京ICP备…": the site's years.
  for (std::string_view mark : {"©", "Copyright", "copyright", "COPYRIGHT", "版权所有", "ICP"})
    if (line.text.find(mark) != std::string::npos) return true;
  return false;
}

std::string printed_article_date(const std::vector<Line>& lines, std::size_t title_line,
                                 const std::vector<const GumboNode*>& content) {
  // Where the body's lines start and end in `lines`.
  std::size_t body_start = lines.size();
  std::size_t body_end = lines.size();
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (is_inside_any(lines[i].owner, content)) {
      if (body_start == lines.size()) body_start = i;
      body_end = i;
    }
  // The article's date sits between its headline and its text; then in the text or just after
  // it (a notice's "发布日期" under the text); a date above the headline is the site's (today's
  // date in the top bar). A label ("发布时间：") marks the article's date within each place.
  auto place_of = [&](std::size_t i) {
    bool titled = title_line < lines.size();
    if (titled && i > title_line && i < body_start) return 0;
    if (!titled && i < body_start) return 0;
    if (i >= body_start && i <= body_end && body_start < lines.size()) return 1;
    if (i > body_end && body_start < lines.size()) return 2;
    return 3;  // above the headline
  };
  int best_rank = 99;
  std::string best;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& text = lines[i].text;
    if (text.empty()) continue;
    bool labelled = is_labelled_date_line(text);
    std::string date = labelled ? parse_date(text) : labelled_short_year_date(text);
    labelled = labelled || !date.empty();
    if (date.empty() && is_date_line(text)) date = parse_date(text);
    if (date.empty() || is_furniture_date_line(lines[i])) continue;
    int place = place_of(i);
    // Labelled dates of every place before bare ones outside the header; the header's bare
    // dateline before labelled dates elsewhere.
    int rank = place == 0 ? (labelled ? 0 : 1) : labelled ? 1 + place : 5 + place;
    if (rank < best_rank) {
      best_rank = rank;
      best = std::move(date);
    }
  }
  return best;
}

}  // namespace headlined::parse::detail
