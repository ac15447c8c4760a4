#include "json_ld.hpp"

#include <nlohmann/json.hpp>

#include "headlined/parse/html.hpp"
#include "json_nesting.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

using nlohmann::json;

bool is_article_type(const std::string& type) {
  for (std::string_view end : {"Article", "BlogPosting", "Posting", "Report"})
    if (type.ends_with(end)) return true;
  return false;
}

bool is_article(const json& object) {
  if (object.contains("articleBody")) return true;
  auto type = object.find("@type");
  if (type == object.end()) return false;
  if (type->is_string()) return is_article_type(type->get<std::string>());
  if (type->is_array())
    for (const json& t : *type)
      if (t.is_string() && is_article_type(t.get<std::string>())) return true;
  return false;
}

const json* find_article(const json& value) {
  if (value.is_array()) {
    for (const json& item : value)
      if (const json* found = find_article(item)) return found;
    return nullptr;
  }
  if (!value.is_object()) return nullptr;
  if (is_article(value)) return &value;
  if (auto graph = value.find("@graph"); graph != value.end()) return find_article(*graph);
  return nullptr;
}

std::string string_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? collapse_whitespace(it->get<std::string>()) : "";
}

// A name: a string or an object's "name", never an address or an id ("@id" references).
void add_names(const json& author, std::string& out) {
  if (author.is_array()) {
    for (const json& a : author) add_names(a, out);
    return;
  }
  std::string name = author.is_string()   ? collapse_whitespace(author.get<std::string>())
                     : author.is_object() ? string_of(author, "name")
                                          : "";
  if (name.empty() || name.find("://") != std::string::npos || starts_with(name, "/")) return;
  if (!out.empty()) out += ", ";
  out += name;
}

std::string script_text(const GumboNode* script) {
  std::string text;
  const GumboVector& kids = script->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i) {
    auto* k = static_cast<const GumboNode*>(kids.data[i]);
    if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) text += k->v.text.text;
  }
  return text;
}

}  // namespace

LinkedData read_linked_data(const Page& page) {
  LinkedData out;
  for (const GumboNode* script : page.scripts) {
    if (to_lower_ascii(attribute(script, "type")) != "application/ld+json") continue;
    std::string text = script_text(script);
    if (!json_nesting_within(text, kMaxJsonDepth)) continue;
    json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
    const json* article = value.is_discarded() ? nullptr : find_article(value);
    if (!article) continue;
    out.date_published = string_of(*article, "datePublished");
    if (auto author = article->find("author"); author != article->end())
      add_names(*author, out.author);
    if (auto body = article->find("articleBody"); body != article->end() && body->is_string())
      out.article_body = body->get<std::string>();  // its line breaks part the paragraphs
    return out;
  }
  return out;
}

}  // namespace headlined::parse::detail
