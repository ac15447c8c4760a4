#include "headlined/parse/html.hpp"

#include "dom.hpp"
#include "parse_arena.hpp"
#include "text_util.hpp"

namespace headlined::parse {

HtmlDocument::HtmlDocument(std::string_view utf8_html, Attributes attributes)
    : arena_(std::make_unique<detail::ParseArena>()),
      output_(nullptr),
      html_(prepare_html(utf8_html, attributes)) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not used; recording them only costs memory
  options.allocator = detail::ParseArena::gumbo_allocate;
  options.deallocator = detail::ParseArena::gumbo_deallocate;
  options.userdata = arena_.get();
  output_ = gumbo_parse_with_options(&options, html_.data(), html_.size());
}

// The tree lives in the arena, which frees it at once: no gumbo_destroy_output walk.
HtmlDocument::~HtmlDocument() = default;

const GumboNode* HtmlDocument::root() const {
  return output_ ? output_->document : nullptr;
}

std::string node_text(const GumboNode* node) {
  std::string out;
  detail::walk(
      node,
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
          out += n->v.text.text;
          return false;
        }
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!detail::is_element(n) || (n != node && detail::is_hidden(n))) return false;
        if (detail::is_block(n)) out += ' ';  // blocks never run into each other
        return true;
      },
      [&](const GumboNode* n) {
        if (detail::is_block(n)) out += ' ';
      });
  return detail::collapse_whitespace(out);
}

std::string attribute(const GumboNode* node, std::string_view name) {
  if (!detail::is_element(node)) return "";
  const GumboAttribute* a = detail::find_attribute(node, name);
  return a ? a->value : "";
}

}  // namespace headlined::parse
