// Title, subtitle, byline, attribution and publication time of an article page.

#include <algorithm>
#include <array>
#include <optional>

#include "extract_internal.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/extract.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

// The first element, in document order, that `pick` accepts, skipping page chrome.
template <class Pick>
const GumboNode* first_element(const GumboNode* root, Pick&& pick) {
  const GumboNode* found = nullptr;
  walk(root, [&](const GumboNode* n) {
    if (found) return false;
    if (n->type == GUMBO_NODE_DOCUMENT) return true;
    if (!is_element(n) || is_chrome(n)) return false;
    if (pick(n)) {
      found = n;
      return false;
    }
    return true;
  });
  return found;
}

// "Headline - Site | Section" -> the longest part, which is the headline on news sites.
std::string strip_site_name(const std::string& title) {
  static constexpr std::array<std::string_view, 6> kSeparators = {" - ", " | ", "_",
                                                                  "—",   " – ", "｜"};
  std::vector<std::string> parts{title};
  for (std::string_view sep : kSeparators) {
    std::vector<std::string> next;
    for (const std::string& part : parts) {
      std::size_t pos = 0;
      for (;;) {
        std::size_t at = part.find(sep, pos);
        next.push_back(part.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
        if (at == std::string::npos) break;
        pos = at + sep.size();
      }
    }
    parts = std::move(next);
  }
  std::string best;
  for (const std::string& part : parts) {
    std::string t = trim(part);
    if (visible_length(t) > visible_length(best)) best = t;
  }
  return best;
}

bool has_token(const GumboNode* n, std::initializer_list<std::string_view> words) {
  return any_name_token(n, [&](std::string_view token) {
    for (std::string_view w : words)
      if (token == w) return true;
    return false;
  });
}

// class / id / itemprop values that name a sub-title or deck.
bool names_subtitle(const GumboNode* n) {
  thread_local std::string value;  // reused: this runs for every element of the page
  for (const char* attr : {"class", "id", "itemprop"}) {
    const GumboAttribute* a = find_attribute(n, attr);
    if (!a) continue;
    value.assign(a->value);
    for (char& c : value)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    for (std::string_view word : {"subtitle", "sub-title", "sub_title", "title-sub", "title_sub",
                                  "subhead", "alternativeheadline"})
      if (value.find(word) != std::string::npos) return true;
  }
  return has_token(n, {"deck"});
}

const GumboNode* next_element_sibling(const GumboNode* n) {
  const GumboNode* parent = n->parent;
  const GumboVector* kids = children_of(parent);
  if (!kids) return nullptr;
  for (unsigned i = n->index_within_parent + 1; i < kids->length; ++i) {
    auto* k = static_cast<const GumboNode*>(kids->data[i]);
    if (is_element(k)) return k;
    if (k->type == GUMBO_NODE_TEXT) return nullptr;  // text between them: not a heading pair
  }
  return nullptr;
}

// The string value of "key": "value" in JSON-LD, found without a JSON parser because only
// this one field is wanted and pages often carry invalid JSON.
std::string json_string_after(std::string_view json, std::string_view key) {
  std::size_t at = json.find(key);
  if (at == std::string_view::npos) return "";
  std::size_t colon = json.find(':', at + key.size());
  if (colon == std::string_view::npos) return "";
  std::size_t open = json.find('"', colon);
  if (open == std::string_view::npos) return "";
  std::size_t close = json.find('"', open + 1);
  if (close == std::string_view::npos || close - open > 64) return "";
  return std::string(json.substr(open + 1, close - open - 1));
}

// <a rel="author" href="/people/jane-doe">: rel is a list of words, one of them "author".
bool rel_says_author(const GumboNode* n) {
  const GumboAttribute* rel = find_attribute(n, "rel");
  if (!rel) return false;
  std::string_view words = rel->value;
  while (!words.empty()) {
    std::size_t end = words.find_first_of(" \t\n");
    std::string_view word = words.substr(0, end);
    if (word.size() == 6 && to_lower_ascii(word) == "author") return true;
    if (end == std::string_view::npos) break;
    words.remove_prefix(end + 1);
  }
  return false;
}

// A date an element gives as microdata: itemprop="datePublished" with a datetime or content
// attribute, or its text.
std::string microdata_date(const Page& page) {
  const GumboNode* marked = first_element(page.root, [](const GumboNode* n) {
    return !has_tag(n, GUMBO_TAG_META) &&
           any_name_token(n, [](std::string_view token) { return token == "datepublished"; });
  });
  if (!marked) return "";
  for (const char* attr : {"datetime", "content"})
    if (std::string d = parse_date(attribute(marked, attr)); !d.empty()) return d;
  return parse_date(node_text(marked));
}

}  // namespace

bool is_chrome(const GumboNode* node) {
  if (has_tag(node, GUMBO_TAG_HEADER)) {
    for (const GumboNode* p = parent_element(node); p; p = parent_element(p))
      if (has_tag(p, GUMBO_TAG_ARTICLE) || has_tag(p, GUMBO_TAG_MAIN)) return false;
  }
  return is_boilerplate(node);
}

std::string meta_content(const Page& page, std::initializer_list<std::string_view> keys) {
  for (const Page::Meta& meta : page.metas) {
    for (const std::string& key : meta.keys) {
      for (std::string_view k : keys)
        if (key == to_lower_ascii(k)) {
          std::string value = collapse_whitespace(attribute(meta.node, "content"));
          if (!value.empty()) return value;
        }
    }
  }
  return "";
}

Title find_title(const Page& page, const std::vector<Line>& lines) {
  std::string page_title;
  if (!page.titles.empty()) page_title = node_text(page.titles.front());

  // The <h1> that <title> without its site name contains (a site logo may be an <h1> too, and
  // <title> names the site), else the longest <h1> outside navigation.
  std::string headline_part = strip_site_name(page_title);
  Title from_h1;
  std::size_t best = 0;
  bool best_in_title = false;
  for (const GumboNode* h1 : page.h1s) {
    bool chrome = false;
    for (const GumboNode* p = h1; p && !chrome; p = parent_element(p)) chrome = is_chrome(p);
    std::string text = node_text(h1);
    if (text.empty()) continue;
    bool in_title = page_title.find(text) != std::string::npos;
    std::size_t len = visible_length(text);
    // An <h1> in page chrome is a logo or a section name, unless <title> repeats it at
    // headline length: then it is the headline in a header outside the article.
    if (chrome && !(in_title && len >= 8)) continue;
    if ((in_title && !best_in_title) || (in_title == best_in_title && len > best)) {
      from_h1 = Title{text, h1};
      best = len;
      best_in_title = in_title;
    }
  }

  std::string og = meta_content(page, {"og:title", "twitter:title"});
  if (!og.empty()) {
    // The <h1> wins when the share title is a cut-off copy of it (an unescaped quote ends
    // the attribute early) or the <h1> plus a site or column name.
    std::size_t h1_len = visible_length(from_h1.text);
    bool h1_better =
        h1_len > 0 && from_h1.text != og &&
        ((starts_with(from_h1.text, og) && h1_len > visible_length(og)) ||
         (og.find(from_h1.text) != std::string::npos && h1_len * 10 >= visible_length(og) * 6));
    if (h1_better) return from_h1;
    if (from_h1.text != og) from_h1.h1 = nullptr;
    return Title{og, from_h1.h1};
  }
  if (!from_h1.text.empty()) return from_h1;
  // No headline element: the headline as the page prints it, a line that <title> contains
  // without the column or site name around it ("栏目--Headline", "Headline 某办事处_某网").
  std::string printed;
  for (const Line& line : lines) {
    std::size_t len = visible_length(line.text);
    if (len >= 8 && len * 2 >= visible_length(headline_part) && len > visible_length(printed) &&
        page_title.find(line.text) != std::string::npos)
      printed = line.text;
  }
  return Title{printed.empty() ? headline_part : printed, nullptr};
}

std::string find_subtitle(const GumboNode* root, const Title& title) {
  const GumboNode* marked = first_element(root, [&](const GumboNode* n) {
    if (!names_subtitle(n)) return false;
    std::string text = node_text(n);
    return !text.empty() && text != title.text && !visible_length_exceeds(text, 200);
  });
  if (marked) return node_text(marked);
  if (title.h1) {
    const GumboNode* next = next_element_sibling(title.h1);
    if (has_tag(next, GUMBO_TAG_H2)) {
      std::string text = node_text(next);
      if (!visible_length_exceeds(text, 120)) return text;
    }
  }
  return "";
}

namespace {

// A meta author that names the site rather than a person: the publisher, which <title>
// carries after the headline ("..._网易财经" for author "网易").
bool names_the_site(const Page& page, const std::string& author) {
  if (page.titles.empty()) return false;
  std::string page_title = node_text(page.titles.front());
  std::string headline = strip_site_name(page_title);
  std::size_t at = page_title.find(headline);
  std::string rest = at == std::string::npos
                         ? page_title
                         : page_title.substr(0, at) + " " + page_title.substr(at + headline.size());
  return rest.find(author) != std::string::npos;
}

// A byline element often holds more than the byline: "IT之家 发布时间：09-30 22:46 ...".
std::string cut_at_next_label(std::string text) {
  for (std::string_view stop : {"责任编辑", "发布时间", "发布日期", "发表于"})
    if (std::size_t at = text.find(stop); at != std::string::npos) text.resize(at);
  return trim(text);  // "" when the element starts with another label: an editor, not a byline
}

// An account box prints a follow button after the name: "中国广州发布 关注".
std::string without_follow_button(std::string text) {
  for (std::string_view button : {"+关注", "已关注", "关注", "订阅", "Follow"})
    if (text.ends_with(button)) {
      text.resize(text.size() - button.size());
      return trim(text);
    }
  return text;
}

// The addresses the site's navigation (its menus) links to, without a trailing slash; the
// home page and links to other sites are left out.
std::vector<std::string> menu_hrefs(const GumboNode* root) {
  std::vector<std::string> hrefs;
  walk(root, [&](const GumboNode* n) {
    if (!is_element(n)) return n->type == GUMBO_NODE_DOCUMENT;
    if (!has_tag(n, GUMBO_TAG_NAV) && !has_token(n, {"nav", "navbar", "navigation", "menu"}))
      return true;
    for (const GumboNode* link : elements_by_tag(n, GUMBO_TAG_A)) {
      std::string href = trim(attribute(link, "href"));
      while (!href.empty() && href.back() == '/') href.pop_back();
      if (!href.empty() && href != "#" && href.find("//") == std::string::npos)
        hrefs.push_back(href);
    }
    return false;  // a menu's links are all read; nested menus would repeat them
  });
  return hrefs;
}

// An element named author that links to a section of the site (a page the menu links to,
// such as a column "股市行情"): it names the section, not a writer. (Menu texts are not
// compared: personal sites list their author's name in the menu.)
bool links_to_a_section(const GumboNode* n, const std::vector<std::string>& menu) {
  std::vector<const GumboNode*> links = elements_by_tag(n, GUMBO_TAG_A);
  for (const GumboNode* link : links) {
    std::string href = trim(attribute(link, "href"));
    while (!href.empty() && href.back() == '/') href.pop_back();
    if (!href.empty() && std::find(menu.begin(), menu.end(), href) != menu.end()) return true;
  }
  return false;
}

// The text of an element named author without the writer's profile beside the name: a
// biography ("暂无简介"), a description, a count of pieces.
std::string author_text(const GumboNode* n) {
  auto profile = [](const GumboNode* e) {
    return has_token(e,
                     {"bio", "intro", "desc", "description", "summary", "count", "title", "posts"});
  };
  if (profile(n)) return "";
  std::string text;
  for (const Line& line : text_lines(n, profile)) {
    if (!text.empty()) text += ' ';
    text += line.text;
  }
  return text;
}

}  // namespace

std::string find_byline(const Page& page, const std::vector<Line>& lines, const std::string& title,
                        const std::string& dateline, const std::string& attribution) {
  // A name the page prints after "作者" is the author, whatever the meta tags say.
  for (const Line& line : lines)
    if (std::string name = labelled_author(line.text); is_plausible_author(name)) return name;
  const GumboNode* root = page.root;
  std::string author = meta_content(page, {"author", "article:author", "dc.creator"});
  // A meta author that is the outlet the page names as its source is not a person.
  // Names carry no digits: "104363" is a user id of the site's editing system.
  if (!author.empty() && author.find("://") == std::string::npos &&
      author.find('@') == std::string::npos &&
      author.find_first_of("0123456789") == std::string::npos && !names_the_site(page, author) &&
      author != attribution && is_plausible_author(author))
    return author;
  // The article's author as its JSON-LD names it, under the same tests as a meta author.
  if (const std::string& named = page.linked.author;
      !named.empty() && named.find('@') == std::string::npos &&
      named.find_first_of("0123456789") == std::string::npos && !names_the_site(page, named) &&
      named != attribution && !visible_length_exceeds(named, 100) && is_plausible_author(named))
    return named;
  std::optional<std::vector<std::string>> menu;  // read when a candidate needs it
  const GumboNode* marked = first_element(root, [&](const GumboNode* n) {
    // "author", "authors", "authorname"; not "authorized" or "authority" (a permission).
    bool named = any_name_token(n, [](std::string_view token) {
      return token == "byline" || (starts_with(token, "author") && !starts_with(token, "authori"));
    });
    // A link to the writer's page: <a rel="author">.
    named = named || rel_says_author(n);
    if (!named) return false;
    std::string text = author_text(n);
    std::size_t len = visible_length(text);
    // Names carry no digits and do not end in a colon: that is a profile box or a label.
    bool label = text.ends_with("：") || text.ends_with(":");
    return len > 0 && len <= 100 && !label &&
           text.find_first_of("0123456789") == std::string::npos &&
           !links_to_a_section(n, menu ? *menu : *(menu = menu_hrefs(root)));
  });
  if (marked)
    if (std::string text = without_follow_button(cut_at_next_label(author_text(marked)));
        is_plausible_author(byline_names(text)))
      return text;
  // "石佳/中国青年报" under the headline: the writer, then the outlet.
  if (std::vector<std::string> parts = source_line_under_headline(lines, title); parts.size() > 1)
    for (const Line& line : lines)
      if (split_at_slashes(line.text) == parts) return line.text;
  for (const Line& line : lines)
    if (is_byline_line(line.text) && is_plausible_author(byline_names(line.text))) return line.text;
  for (const Line& line : lines)
    if (std::string reporter = parenthesised_reporter(line.text); !reporter.empty())
      return reporter;
  // The writers signed in brackets after the story's last sentence.
  for (auto it = lines.rbegin(); it != lines.rend(); ++it)
    if (std::string credit = closing_credit(it->text); !credit.empty()) return credit;
  // The account that posted the piece, named before the dateline's time, when the page names
  // another source: then the account is the one who wrote or compiled it.
  if (std::string poster = name_before_date(dateline);
      !poster.empty() && !attribution.empty() && poster != attribution)
    return poster;
  return "";
}

std::string find_attribution(const std::vector<Line>& lines, const std::string& title,
                             const std::string& dateline) {
  for (const Line& line : lines)
    if (std::string source = attribution_in(line.text); !source.empty()) return source;
  // An outlet alone, or after its writers, between the headline and the dateline.
  if (std::vector<std::string> parts = source_line_under_headline(lines, title); !parts.empty())
    return parts.back();
  // Chinese datelines name the outlet after the time: "2019-09-26 10:56:28 证券时报网".
  if (starts_with_date(dateline)) return outlet_after_date(dateline);
  // Platforms name the account that posted the piece before it: "金融市场棱镜 2019-09-23 07:48".
  return name_before_date(dateline);
}

std::size_t find_title_line(const std::vector<Line>& lines, const std::string& title) {
  for (std::size_t i = 0; i < lines.size() && !title.empty(); ++i)
    if (lines[i].text == title || (lines[i].text.size() > 8 && title.find(lines[i].text) == 0))
      return i;
  return lines.size();
}

std::string find_dateline(const std::vector<Line>& lines, const std::string& title) {
  std::size_t title_line = find_title_line(lines, title);
  for (std::size_t i = title_line + 1; i < lines.size() && i <= title_line + 6; ++i)
    if ((is_date_line(lines[i].text) || starts_with_date(lines[i].text)) &&
        !is_furniture_date_line(lines[i]))
      return lines[i].text;
  return "";
}

std::string find_published(const Page& page, const std::vector<Line>& lines,
                           const std::string& dateline, const std::string& title,
                           const std::vector<const GumboNode*>& content) {
  std::string printed = parse_date(dateline);
  std::string meta =
      meta_content(page, {"article:published_time", "og:published_time", "pubdate", "publishdate",
                          "publish_date", "datePublished", "dc.date", "date"});
  if (std::string d = parse_date(meta); !d.empty()) {
    // The time printed under the headline on the meta date's day is what readers see; a meta
    // time that differs is often when the page was generated or last edited, and a meta date
    // without a time of day has none to give.
    if (printed.size() >= 19 && !printed.ends_with("T00:00:00") &&
        printed.compare(0, 10, d, 0, 10) == 0)
      return printed;
    return d;
  }
  if (std::string d = parse_date(page.linked.date_published); !d.empty()) return d;
  // JSON-LD that does not parse (pages often carry it): its first "datePublished" string.
  for (const GumboNode* script : page.scripts) {
    if (to_lower_ascii(attribute(script, "type")) != "application/ld+json") continue;
    std::string json;
    const GumboVector& kids = script->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      auto* k = static_cast<const GumboNode*>(kids.data[i]);
      if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) json += k->v.text.text;
    }
    if (std::string d = parse_date(json_string_after(json, "\"datePublished\"")); !d.empty())
      return d;
  }
  if (std::string d = microdata_date(page); !d.empty()) return d;
  // The dateline printed just under the headline.
  if (!printed.empty()) return printed;
  // A <time> element, unless it dates a link (a related page's or a comment's permalink).
  const GumboNode* time = first_element(page.root, [](const GumboNode* n) {
    if (!has_tag(n, GUMBO_TAG_TIME)) return false;
    for (const GumboNode* p = n; p; p = p->parent)
      if (has_tag(p, GUMBO_TAG_A)) return false;
    return !parse_date(attribute(n, "datetime") + " " + node_text(n)).empty();
  });
  if (time) return parse_date(attribute(time, "datetime") + " " + node_text(time));
  return printed_article_date(lines, find_title_line(lines, title), content);
}

}  // namespace headlined::parse::detail
