#include "dom.hpp"

#include <algorithm>
#include <array>

#include "text_util.hpp"

namespace headlined::parse::detail {

const GumboAttribute* find_attribute(const GumboNode* element, std::string_view name) {
  const GumboVector& attributes = element->v.element.attributes;
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attributes.data[i]);
    std::size_t k = 0;
    for (; k < name.size(); ++k) {
      char c = a->name[k];  // the terminating '\0' differs from every character of a name
      char want = name[k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (want >= 'A' && want <= 'Z') want = static_cast<char>(want - 'A' + 'a');
      if (c != want) break;
    }
    if (k == name.size() && a->name[k] == '\0') return a;
  }
  return nullptr;
}

std::string tag_name(const GumboNode* node) {
  if (!is_element(node)) return "";
  GumboTag tag = node->v.element.tag;
  if (tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(tag);
  GumboStringPiece piece = node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return to_lower_ascii(std::string_view(piece.data, piece.length));
}

bool is_block(const GumboNode* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_UL:
      return true;
    default:
      return false;
  }
}

bool is_hidden(const GumboNode* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
      return true;
    default:
      return false;
  }
}

std::vector<std::string> name_tokens(const GumboNode* node) {
  std::vector<std::string> out;
  if (!is_element(node)) return out;
  for (const char* name : {"class", "id", "itemprop"}) {
    const GumboAttribute* a = find_attribute(node, name);
    if (!a) continue;
    std::string word;
    for (const char* p = a->value;; ++p) {
      char c = *p;
      if (c == '\0' || c == ' ' || c == '\t' || c == '\n' || c == '-' || c == '_') {
        if (!word.empty()) out.push_back(to_lower_ascii(word));
        word.clear();
        if (c == '\0') break;
      } else {
        word += c;
      }
    }
  }
  return out;
}

namespace {

// Whether `word` is `lower` (lower-case ASCII) in any ASCII case.
bool equals_lower(std::string_view word, std::string_view lower) {
  if (word.size() != lower.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

bool starts_with_lower(std::string_view word, std::string_view lower) {
  return word.size() >= lower.size() && equals_lower(word.substr(0, lower.size()), lower);
}

// A word that says its element holds the page's content.
bool is_content_word(std::string_view w) {
  switch (w.size()) {
    case 4:
      return equals_lower(w, "main") || equals_lower(w, "post") || equals_lower(w, "body");
    case 5:
      return equals_lower(w, "story") || equals_lower(w, "entry");
    case 7:
      return equals_lower(w, "content") || equals_lower(w, "article");
    default:
      return false;
  }
}

// What the words of one class name or id (split at '-' and '_', ASCII case ignored) say,
// read in one pass in place: this runs for every element several times a page, and pages
// carry long lists of utility class names.
struct NameWords {
  std::string_view first;
  std::string_view last;
  bool article_body = false;  // a word is "articlebody"
  bool content = false;       // a word says the element holds the page's content
};

NameWords read_words(std::string_view name) {
  NameWords out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i < name.size() && name[i] != '-' && name[i] != '_') continue;
    std::string_view w = name.substr(start, i - start);
    start = i + 1;
    if (w.empty()) continue;
    if (out.first.empty()) out.first = w;
    out.last = w;
    if (equals_lower(w, "articlebody")) out.article_body = true;
    if (is_content_word(w)) out.content = true;
  }
  return out;
}

// Whether one class name or id ("related-posts", "content-with-sidebar-wrp") names page
// furniture: its head or its last word does ("related-posts", "site-footer"); a word in the
// middle does not, since layout wrappers name what they sit beside ("content-with-sidebar").
bool names_furniture(const NameWords& words) {
  if (words.first.empty() || words.article_body) return false;
  for (std::string_view w : {words.first, words.last}) {
    // By first letter, so that most words ("flex", "px", "text") meet one test or none.
    char first = w[0] >= 'A' && w[0] <= 'Z' ? static_cast<char>(w[0] - 'A' + 'a') : w[0];
    bool named = false;
    switch (first) {
      case 'a':
        named = starts_with_lower(w, "advert");
        break;
      case 'b':
        named = starts_with_lower(w, "breadcrumb");
        break;
      case 'c':
        named = starts_with_lower(w, "comment") || starts_with_lower(w, "copyright") ||
                starts_with_lower(w, "caption") || starts_with_lower(w, "credit");
        break;
      case 'f':
        named = starts_with_lower(w, "footer");
        break;
      case 'm':
        named = starts_with_lower(w, "menu");
        break;
      case 'n':
        named = starts_with_lower(w, "nav");
        break;
      case 'r':
        named = starts_with_lower(w, "related") || starts_with_lower(w, "recommend");
        break;
      case 's':
        named = starts_with_lower(w, "share") || starts_with_lower(w, "sidebar");
        break;
      default:
        break;
    }
    if (named) return true;
  }
  return false;
}

bool separates_class_names(char c) {
  return c == ' ' || c == '\t' || c == '\n';
}

}  // namespace

bool is_boilerplate(const GumboNode* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_FIGCAPTION:  // photo captions and credits are not the story's text
      return true;
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FORM:  // some sites wrap the whole page in one <form>
      return false;
    default:
      break;
  }
  // Furniture when one class name or the id names it and no other says "content": a page
  // wrapper may carry "has-section-nav" beside "main-content-wrap". The tokenizer lower-cases
  // attribute names, so they compare exactly.
  bool furniture = false;
  const GumboVector& attributes = node->v.element.attributes;
  for (unsigned i = 0; i < attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(attributes.data[i]);
    std::string_view attribute_name = a->name;
    if (attribute_name != "class" && attribute_name != "id") continue;
    std::string_view value = a->value;
    std::size_t start = 0;
    for (std::size_t end = 0; end <= value.size(); ++end) {
      if (end < value.size() && !separates_class_names(value[end])) continue;
      NameWords words = read_words(value.substr(start, end - start));
      start = end + 1;
      if (names_furniture(words))
        furniture = true;
      else if (words.content)
        return false;
    }
  }
  return furniture;
}

bool inside_boilerplate(const GumboNode* node) {
  for (const GumboNode* n = node; n; n = parent_element(n))
    if (is_boilerplate(n)) return true;
  return false;
}

std::vector<const GumboNode*> elements_by_tag(const GumboNode* root, GumboTag tag) {
  std::vector<const GumboNode*> out;
  walk(root, [&](const GumboNode* n) {
    if (has_tag(n, tag)) out.push_back(n);
    return children_of(n) != nullptr;
  });
  return out;
}

std::vector<Line> text_lines(const GumboNode* root,
                             const std::function<bool(const GumboNode*)>& skip, bool images) {
  std::vector<Line> lines;
  std::vector<const GumboNode*> blocks;  // open block elements, innermost last
  std::string buffer;
  std::size_t link_chars = 0;
  int link_depth = 0;
  const GumboNode* owner = is_element(root) ? root : nullptr;
  auto flush = [&] {
    std::string text = collapse_whitespace(buffer);
    if (!text.empty()) lines.push_back(Line{std::move(text), owner, link_chars});
    buffer.clear();
    link_chars = 0;
  };
  walk(
      root,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
          buffer += n->v.text.text;
          if (link_depth > 0) link_chars += visible_length(n->v.text.text);
          return false;
        }
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!is_element(n) || is_hidden(n)) return false;
        if (n != root && skip && skip(n)) return false;
        if (images && has_tag(n, GUMBO_TAG_IMG)) {
          flush();
          lines.push_back(Line{"", owner, 0, n});
          return false;
        }
        if (is_block(n)) {
          flush();
          if (has_tag(n, GUMBO_TAG_BR) || has_tag(n, GUMBO_TAG_HR)) return false;
          blocks.push_back(n);
          owner = n;
        }
        if (has_tag(n, GUMBO_TAG_A)) ++link_depth;
        return true;
      },
      [&](const GumboNode* n) {
        if (has_tag(n, GUMBO_TAG_A)) --link_depth;
        if (is_block(n)) {
          flush();
          if (!blocks.empty()) blocks.pop_back();
          owner = blocks.empty() ? (is_element(root) ? root : nullptr) : blocks.back();
        }
      });
  flush();
  return lines;
}

}  // namespace headlined::parse::detail
