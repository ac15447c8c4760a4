#include "headlined/web/atom_feed.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "headlined/core/digest.hpp"
#include "headlined/core/time.hpp"
#include "headlined/text/markup_escape.hpp"
#include "headlined/web/story_format.hpp"

namespace headlined::web {

namespace {

// XML 1.0 allows tab, line feed, carriage return and code points from U+0020 on, except the
// surrogates (never decoded from valid UTF-8) and U+FFFE/U+FFFF.
bool allowed_in_xml(char32_t cp) {
  if (cp < 0x20) return cp == 0x09 || cp == 0x0A || cp == 0x0D;
  return cp != 0xFFFE && cp != 0xFFFF;
}

// Text content or attribute value: markup characters escaped, characters XML forbids
// (control bytes an extracted page may carry) dropped, invalid UTF-8 as U+FFFD.
std::string xml_escape(std::string_view text) {
  return text::escape_markup(text, text::EscapeQuotes::Double, allowed_in_xml);
}

// Percent-encodes everything but unreserved characters, so any subscription name makes a
// valid URI.
std::string uri_component(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

// RFC 3339 needs a zone; the extractor's "published" has one only when the page said so.
bool has_zone(const std::string& iso) {
  if (iso.size() < 20) return false;
  if (iso.back() == 'Z') return true;
  const char sign = iso[iso.size() - 6];
  return (sign == '+' || sign == '-') && iso[iso.size() - 3] == ':';
}

std::string element(std::string_view name, std::string_view text) {
  return "<" + std::string(name) + ">" + xml_escape(text) + "</" + std::string(name) + ">";
}

}  // namespace

std::string render_atom(const ExportedFeed& feed) {
  UnixTime updated = feed.generated_at;
  if (!feed.articles.empty()) {
    updated = std::ranges::max(feed.articles, {}, [](const store::MatchedArticle& a) {
                return a.snapshot.fetched_at;
              }).snapshot.fetched_at;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out +=
      "  " + element("id", "urn:headlined:subscription:" + uri_component(feed.subscription)) + "\n";
  out += "  " + element("title", "headlined: " + feed.subscription) + "\n";
  if (!feed.query.empty()) out += "  " + element("subtitle", feed.query) + "\n";
  out += "  " + element("updated", format_utc_iso(updated)) + "\n";
  out += "  <author><name>headlined</name></author>\n";
  out += "  <generator>headlined</generator>\n";
  for (const store::MatchedArticle& item : feed.articles) {
    const Snapshot& s = item.snapshot;
    out += "  <entry>\n";
    // The canonical URL is the article's lasting identity (the dedupe key).
    out += "    " + element("id", s.article.url) + "\n";
    out +=
        "    " + element("title", s.article.title.empty() ? s.article.url : s.article.title) + "\n";
    out += "    <link rel=\"alternate\" href=\"" +
           xml_escape(s.original_url.empty() ? s.article.url : s.original_url) + "\"/>\n";
    if (!feed.snapshot_link_base.empty()) {
      out += "    <link rel=\"related\" type=\"text/html\" href=\"" +
             xml_escape(feed.snapshot_link_base + "/a/" + url_hash(s.article.url)) + "\"/>\n";
    }
    if (auto copies = feed.story_copies.find(s.id); copies != feed.story_copies.end()) {
      // "also published by": each other copy of the story, titled with its source.
      for (const store::StoryCopy& c : copies->second)
        out += "    <link rel=\"via\" href=\"" + xml_escape(c.url) + "\" title=\"" +
               xml_escape(c.source_name) + "\"/>\n";
    }
    out += "    " + element("updated", format_utc_iso(s.fetched_at)) + "\n";
    if (has_zone(s.article.published)) {
      out += "    " + element("published", s.article.published) + "\n";
    }
    if (!s.article.byline.empty()) {
      out += "    <author>" + element("name", s.article.byline) + "</author>\n";
    }
    out += "    " + element("summary", item.match.snippet) + "\n";
    out += "    <content type=\"text\">" + xml_escape(s.article.body) + "</content>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string render_export_json(const ExportedFeed& feed) {
  nlohmann::json articles = nlohmann::json::array();
  for (const store::MatchedArticle& item : feed.articles) {
    const Snapshot& s = item.snapshot;
    articles.push_back({{"id", s.id},
                        {"url", s.article.url},
                        {"original_url", s.original_url},
                        {"title", s.article.title},
                        {"subtitle", s.article.subtitle},
                        {"byline", s.article.byline},
                        {"attribution", s.article.attribution},
                        {"published", s.article.published},
                        {"source", s.article.source_name},
                        {"fetched_at", format_utc_iso(s.fetched_at)},
                        {"terms", item.match.terms},
                        {"snippet", item.match.snippet}});
    if (auto copies = feed.story_copies.find(s.id); copies != feed.story_copies.end())
      articles.back()["story"] = story_json(s.article.attribution, copies->second);
  }
  nlohmann::json out = {{"subscription", feed.subscription},
                        {"generated_at", format_utc_iso(feed.generated_at)},
                        {"articles", std::move(articles)}};
  if (!feed.query.empty()) out["query"] = feed.query;
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace headlined::web
