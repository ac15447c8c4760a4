#include "feed_json.hpp"

#include <nlohmann/json.hpp>

#include "headlined/core/url.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/html.hpp"
#include "json_nesting.hpp"
#include "text_util.hpp"

namespace headlined::parse::detail {

namespace {

std::string string_at(const nlohmann::json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string html_as_text(const std::string& html) {
  if (html.find_first_of("<&") == std::string::npos) return collapse_whitespace(html);
  HtmlDocument doc(html);
  return node_text(doc.root());
}

// 1.1 has "authors": [{"name": ...}], 1.0 had "author": {"name": ...}.
std::string author_of(const nlohmann::json& item) {
  if (auto it = item.find("authors"); it != item.end() && it->is_array())
    for (const auto& a : *it)
      if (a.is_object() && !string_at(a, "name").empty()) return string_at(a, "name");
  if (auto it = item.find("author"); it != item.end() && it->is_object())
    return string_at(*it, "name");
  return "";
}

// A JSON Feed names its version as a jsonfeed.org URL; feeds written by hand often put a bare
// "1.0" there, which is still a JSON Feed when it has the items list too. Other JSON (an API
// error, a different schema) is not.
bool is_json_feed(const nlohmann::json& doc) {
  if (!doc.is_object()) return false;
  if (starts_with(string_at(doc, "version"), "https://jsonfeed.org/version/")) return true;
  auto items = doc.find("items");
  return !string_at(doc, "version").empty() && items != doc.end() && items->is_array();
}

FeedItem read_item(const nlohmann::json& item, const std::string& base) {
  FeedItem out;
  out.guid = string_at(item, "id");
  if (out.guid.empty())
    if (auto it = item.find("id"); it != item.end() && it->is_number()) out.guid = it->dump();
  std::string link = string_at(item, "url");
  if (link.empty() && (starts_with(out.guid, "http://") || starts_with(out.guid, "https://")))
    link = out.guid;
  out.url = link.empty() ? "" : resolve_url(base, trim(link));
  out.title = collapse_whitespace(string_at(item, "title"));
  out.published = parse_date_utc(string_at(item, "date_published"));
  if (out.published.empty()) out.published = parse_date_utc(string_at(item, "date_modified"));
  out.content_html = string_at(item, "content_html");
  out.summary = collapse_whitespace(string_at(item, "summary"));
  if (out.summary.empty()) out.summary = html_as_text(out.content_html);
  if (out.summary.empty()) out.summary = collapse_whitespace(string_at(item, "content_text"));
  out.author = author_of(item);
  if (auto it = item.find("attachments"); it != item.end() && it->is_array())
    for (const auto& a : *it) {
      if (!a.is_object()) continue;
      std::string url = resolve_url(base, trim(string_at(a, "url")));
      if (url.empty()) continue;
      std::string length;
      if (auto n = a.find("size_in_bytes"); n != a.end() && n->is_number_integer())
        length = n->dump();
      out.enclosures.push_back({url, string_at(a, "mime_type"), length});
    }
  return out;
}

}  // namespace

Result<Feed> parse_json_feed(std::string_view utf8_json, const std::string& feed_url) {
  if (!json_nesting_within(utf8_json, kMaxJsonDepth))
    return fail("JSON feed nested too deeply", feed_url);
  nlohmann::json doc = nlohmann::json::parse(utf8_json, nullptr, false);
  if (doc.is_discarded()) return fail("JSON feed is not valid JSON", feed_url);
  if (!is_json_feed(doc))
    return fail("JSON document is not a JSON Feed (no jsonfeed.org version, no items)", feed_url);
  Feed feed;
  feed.format = FeedFormat::Json;
  feed.title = collapse_whitespace(string_at(doc, "title"));
  // Relative item URLs resolve against the feed's home page, as the spec's examples assume.
  std::string base = resolve_url(feed_url, string_at(doc, "home_page_url"));
  if (base.empty()) base = feed_url;
  auto items = doc.find("items");
  if (items == doc.end() || !items->is_array()) return fail("JSON Feed without items", feed_url);
  for (const auto& item : *items)
    if (item.is_object()) feed.items.push_back(read_item(item, base));
  return feed;
}

}  // namespace headlined::parse::detail
