#pragma once
// Iterative walks and small predicates over gumbo trees, shared by the parse module.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gumbo.h>

namespace headlined::parse::detail {

// These small predicates are inline: every walk calls them for every node.
inline bool is_element(const GumboNode* node) {
  return node && (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE);
}
// The children of an element, template or document; empty for text nodes.
inline const GumboVector* children_of(const GumboNode* node) {
  if (!node) return nullptr;
  if (node->type == GUMBO_NODE_DOCUMENT) return &node->v.document.children;
  if (is_element(node)) return &node->v.element.children;
  return nullptr;
}
// The nearest element ancestor, or nullptr at the document.
inline const GumboNode* parent_element(const GumboNode* node) {
  const GumboNode* p = node ? node->parent : nullptr;
  return is_element(p) ? p : nullptr;
}
// Lower-case tag name; for unknown tags the name as written.
std::string tag_name(const GumboNode* node);
inline bool has_tag(const GumboNode* node, GumboTag tag) {
  return is_element(node) && node->v.element.tag == tag;
}
// The element's attribute named `name` (ASCII case ignored, as gumbo_get_attribute does, but
// without strcasecmp calls or a copy of the name), or nullptr.
const GumboAttribute* find_attribute(const GumboNode* element, std::string_view name);

// Elements that start a new line of text.
bool is_block(const GumboNode* node);
// Elements whose text is never shown (script, style, template, head ...).
bool is_hidden(const GumboNode* node);
// The lower-cased words of class, id and itemprop, split on space, '-' and '_'.
std::vector<std::string> name_tokens(const GumboNode* node);
// Calls visit(word) with each word name_tokens would return, in its order, until visit
// returns true; whether one did. Without allocating per element (it runs over whole trees):
// visit must not itself read name words.
template <class Visit>
bool any_name_token(const GumboNode* node, Visit&& visit) {
  if (!is_element(node)) return false;
  thread_local std::string lowered;
  for (const char* name : {"class", "id", "itemprop"}) {
    const GumboAttribute* a = find_attribute(node, name);
    if (!a) continue;
    lowered.assign(a->value);
    for (char& c : lowered)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    std::string_view rest = lowered;
    while (!rest.empty()) {
      std::size_t end = rest.find_first_of(" \t\n-_");
      if (end != 0 && visit(rest.substr(0, end))) return true;
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  return false;
}
// Page furniture: nav, header, footer, aside, forms, and class/id naming comments, sharing,
// related links, footers, navigation or sidebars.
bool is_boilerplate(const GumboNode* node);
// True when some element ancestor (or the node itself) is boilerplate.
bool inside_boilerplate(const GumboNode* node);

// Depth-first walk without recursion. `enter` returns whether to descend; `leave` runs after
// the children of an element that was descended into.
template <class Enter, class Leave>
void walk(const GumboNode* root, Enter&& enter, Leave&& leave) {
  std::vector<std::pair<const GumboNode*, bool>> stack{{root, false}};
  while (!stack.empty()) {
    auto [node, leaving] = stack.back();
    stack.pop_back();
    if (leaving) {
      leave(node);
      continue;
    }
    if (!enter(node)) continue;
    const GumboVector* kids = children_of(node);
    if (!kids) continue;
    stack.emplace_back(node, true);
    for (unsigned i = kids->length; i > 0; --i)
      stack.emplace_back(static_cast<const GumboNode*>(kids->data[i - 1]), false);
  }
}

template <class Enter>
void walk(const GumboNode* root, Enter&& enter) {
  walk(root, std::forward<Enter>(enter), [](const GumboNode*) {});
}

// Every element below root (root included) with the tag, in document order.
std::vector<const GumboNode*> elements_by_tag(const GumboNode* root, GumboTag tag);

// A line of text: what one block element shows between its child blocks and <br>s.
struct Line {
  std::string text;                  // white space collapsed, trimmed
  const GumboNode* owner;            // the nearest block element around the text
  std::size_t link_chars;            // visible characters inside <a>
  const GumboNode* image = nullptr;  // set (and text empty) for an <img> line
};
// The lines below root, skipping hidden elements and the elements `skip` picks (root itself
// is never skipped). With `images`, each <img> is a line of its own, in document order.
std::vector<Line> text_lines(const GumboNode* root,
                             const std::function<bool(const GumboNode*)>& skip,
                             bool images = false);

}  // namespace headlined::parse::detail
