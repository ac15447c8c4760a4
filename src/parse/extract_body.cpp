// Finding the element that holds an article's paragraphs.
//
// Each line of text scores for the elements around it: a line scores more the longer it is
// and the more clause punctuation it has (prose, not menus). A paragraph's score goes to the
// element holding the paragraphs and half of it one level further out, so the winner is the
// tightest element around the prose. Link-heavy elements lose in proportion to their link
// text, and names that say "article" or "content" win a little.

#include <algorithm>
#include <unordered_map>

#include "extract_internal.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

struct Counts {
  std::size_t chars = 0;
  std::size_t link_chars = 0;
};

std::size_t clause_marks(std::string_view text) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = next_code_point(text, pos);
    if (cp == U'，' || cp == U'。' || cp == U'、' || cp == U'；' || cp == ',' || cp == U'！' ||
        cp == U'？')
      ++n;
  }
  return n;
}

bool is_paragraph_like(const GumboNode* n) {
  switch (is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
      return true;
    default:
      return false;
  }
}

double name_bonus(const GumboNode* n) {
  double bonus = 0;
  if (has_tag(n, GUMBO_TAG_ARTICLE)) bonus += 5;
  if (has_tag(n, GUMBO_TAG_MAIN)) bonus += 2;
  for (const std::string& token : name_tokens(n)) {
    if (token == "articlebody") bonus += 30;
    for (std::string_view w :
         {"content", "article", "text", "body", "post", "entry", "detail", "story", "zw", "正文"})
      if (token == w) bonus += 5;
  }
  return bonus;
}

double link_density(const Counts& c) {
  return c.chars ? static_cast<double>(c.link_chars) / static_cast<double>(c.chars) : 0.0;
}

}  // namespace

std::vector<const GumboNode*> find_content(const Page& page) {
  const GumboNode* root = page.root;
  std::vector<Line> lines = text_lines(root, is_boilerplate);
  std::unordered_map<const GumboNode*, double> score;
  std::unordered_map<const GumboNode*, Counts> counts;
  std::vector<const GumboNode*> candidates;  // in the order they first scored
  auto add = [&](const GumboNode* n, double s) {
    auto [it, fresh] = score.try_emplace(n, 0.0);
    if (fresh) candidates.push_back(n);
    it->second += s;
  };
  for (const Line& line : lines) {
    std::size_t len = visible_length(line.text);
    Counts& c = counts[line.owner];
    c.chars += len;
    c.link_chars += line.link_chars;
    if (len < 10 || !line.owner) continue;
    double s = 1.0 + static_cast<double>(clause_marks(line.text)) +
               std::min(static_cast<double>(len) / 40.0, 3.0);
    const GumboNode* holder =
        is_paragraph_like(line.owner) ? parent_element(line.owner) : line.owner;
    if (!holder) continue;
    add(holder, s);
    if (const GumboNode* outer = parent_element(holder)) add(outer, s / 2);
  }
  // Character counts of every element, summed up the tree after the children are done.
  walk(
      root,
      [](const GumboNode* n) {
        return n->type == GUMBO_NODE_DOCUMENT ||
               (is_element(n) && !is_hidden(n) && !is_boilerplate(n));
      },
      [&](const GumboNode* n) {
        const GumboNode* p = parent_element(n);
        if (!p) return;
        auto it = counts.find(n);
        if (it == counts.end()) return;
        Counts& up = counts[p];
        up.chars += it->second.chars;
        up.link_chars += it->second.link_chars;
      });

  auto prose_score = [&](const GumboNode* node) {
    auto it = score.find(node);
    return it == score.end() ? 0.0 : it->second * (1.0 - link_density(counts[node]));
  };
  const GumboNode* best = nullptr;
  double best_score = 0;
  for (const GumboNode* node : candidates) {
    double total = prose_score(node) + name_bonus(node);
    if (!best || total > best_score) {  // ties go to the element that scored first
      best = node;
      best_score = total;
    }
  }
  if (!best) return {page.body ? page.body : root};
  return {best};
}

}  // namespace headlined::parse::detail
