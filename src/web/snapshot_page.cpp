// /s/ID and /a/HASH: one snapshot laid out like the original news-snapshot service's page:
// 本文转自, sub-title, title, byline, body paragraphs, the statement, 快照生成时间, the takedown
// line and the original address as a link. A snapshot taken down answers 410 Gone.
#include <charconv>

#include "content_coding.hpp"
#include "headlined/core/time.hpp"
#include "headlined/web/html.hpp"
#include "headlined/web/snapshot_format.hpp"
#include "site.hpp"

namespace headlined::web {

namespace {

// A cached page is compressed once and sent many times: worth zlib's default level.
constexpr int kCachedGzipLevel = 6;

std::string paragraphs(const std::string& body) {
  std::string out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string_view line = std::string_view(body).substr(start, end - start);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos)
      out += "<p>" + escape_html(line) + "</p>\n";
    start = end + 1;
  }
  return out;
}

// The story's other copies (docs/stories.md), after the article's own original address.
std::string story_html(const std::string& language, const Snapshot& s,
                       const std::vector<store::StoryCopy>& copies) {
  if (copies.empty()) return "";
  const bool zh = language == "zh";
  std::string out = "<div class=\"story\">\n";
  const std::string outlet = store::original_outlet(s.article.attribution, copies);
  if (!outlet.empty())
    out += "<p>" + escape_html((zh ? "原始来源:" : "Original outlet: ") + outlet) + "</p>\n";
  out += "<p>" + escape_html(zh ? "同一报道另见:" : "Also published by:") + "</p>\n<ul>\n";
  for (const store::StoryCopy& c : copies) {
    const std::string target = safe_link_target(c.url);
    const std::string& text = c.title.empty() ? c.url : c.title;
    out += "<li>" + escape_html(c.source_name) + " ";
    out += target.empty()
               ? escape_html(c.url)
               : "<a href=\"" + escape_html(target) + "\" rel=\"nofollow noopener noreferrer\">" +
                     escape_html(text) + "</a>";
    out += "</li>\n";
  }
  return out + "</ul>\n</div>\n";
}

std::string snapshot_html(const Site& site, const Snapshot& s,
                          const std::vector<store::StoryCopy>& copies) {
  const Article& a = s.article;
  const config::WebSettings& settings = site.options.settings;
  const SnapshotWording words = snapshot_wording(settings.language, settings.site_name);
  std::string out = "<article class=\"snapshot\">\n";
  if (!a.attribution.empty())
    out += "<p class=\"reprint\">" + escape_html(words.reprinted_from + a.attribution) + "</p>\n";
  if (!a.subtitle.empty()) out += "<p class=\"kicker\">" + escape_html(a.subtitle) + "</p>\n";
  out += "<h1>" + escape_html(a.title.empty() ? a.url : a.title) + "</h1>\n";
  if (!a.byline.empty()) out += "<p class=\"byline\">" + escape_html(a.byline) + "</p>\n";
  out += "<div class=\"body\">\n" + paragraphs(a.body) + "</div>\n";
  out += "<div class=\"about\">\n";
  out += "<p>" + escape_html(words.statement) + "</p>\n";
  out += "<p>" + escape_html(words.fetched_at + format_local_time(s.fetched_at)) + "</p>\n";
  out += "<p>" + escape_html(words.takedown);
  if (!settings.contact.empty()) out += " " + escape_html(words.contact + settings.contact);
  out += "</p>\n";
  const std::string& original = original_address(s);
  const std::string target = safe_link_target(original);
  out += "<p>" + escape_html(words.original);
  // An address that is not plain http(s) (javascript:, data:) is shown, never linked.
  if (target.empty())
    out += escape_html(original);
  else
    out += "<a href=\"" + escape_html(target) + "\" rel=\"nofollow noopener noreferrer\">" +
           escape_html(original) + "</a>";
  out += "</p>\n</div>\n";
  out += story_html(settings.language, s, copies);
  out += "</article>\n";
  return out;
}

// The page of a snapshot that was read (or the 410/404 when it was not). `keep` may put a
// rendered page (with its ETag) into the page cache; the answer is then the cached form, so
// this request and the next send the same bytes.
using KeepPage =
    std::function<std::shared_ptr<const CachedPage>(const std::string&, const std::string&)>;

void serve_found(Site& site, const httplib::Request& req, httplib::Response& res,
                 const Result<std::optional<Snapshot>>& found,
                 const std::function<Result<bool>()>& taken_down, const store::Store& reader,
                 const KeepPage& keep = {}) {
  if (!found) return send_error(site, res, 503, site.labels.unavailable);
  if (!*found) {
    auto gone = taken_down();
    if (!gone) return send_error(site, res, 503, site.labels.unavailable);
    if (*gone) {
      const SnapshotWording words =
          snapshot_wording(site.options.settings.language, site.options.settings.site_name);
      std::string text = std::string(site.labels.gone) + " " + words.takedown;
      if (!site.options.settings.contact.empty())
        text += " " + words.contact + site.options.settings.contact;
      return send_error(site, res, 410, text);
    }
    return send_error(site, res, 404, site.labels.not_found);
  }
  const Snapshot& s = **found;
  // A failed read of the story shows the page without it rather than no page.
  auto copies = reader.story_copies(s.id);
  std::string html =
      render_page(site, s.article.title.empty() ? s.article.url : s.article.title,
                  snapshot_html(site, s, copies ? *copies : std::vector<store::StoryCopy>{}));
  const std::string etag = page_etag(html);
  if (keep && copies) {
    if (auto page = keep(html, etag)) return send_cached_page(req, res, *page);
  }
  send_cacheable_page(req, res, std::move(html), etag);
}

}  // namespace

void serve_snapshot_by_id(Site& site, const httplib::Request& req, httplib::Response& res) {
  const std::string& digits = req.matches[1].str();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size())
    return send_error(site, res, 404, site.labels.not_found);
  auto reader = site.readers->lease();
  // The cached page serves only while the store says the snapshot is there with the same
  // story copies: a takedown or purge is seen by the next request.
  std::optional<store::SnapshotPageState> state;
  if (site.pages.enabled()) {
    auto looked = reader->snapshot_page_state(id);
    if (looked && *looked) {
      state = **looked;
      if (auto page = site.pages.find(id, *state)) return send_cached_page(req, res, *page);
    } else if (looked) {
      site.pages.erase(id);
    }
  }
  // The cache keeps gzipped pages, so only a request that takes gzip pays for filling it.
  auto keep = [&](const std::string& html,
                  const std::string& etag) -> std::shared_ptr<const CachedPage> {
    if (!state || !client_takes_gzip(req)) return nullptr;
    auto page =
        std::make_shared<const CachedPage>(CachedPage{*state, etag, gzip(html, kCachedGzipLevel)});
    if (page->gzipped.empty()) return nullptr;
    site.pages.put(id, page);
    return page;
  };
  serve_found(
      site, req, res, reader->snapshot_text_by_id(id), [&] { return reader->taken_down_id(id); },
      *reader, keep);
}

void serve_snapshot_by_hash(Site& site, const httplib::Request& req, httplib::Response& res) {
  const std::string hash = req.matches[1].str();
  auto reader = site.readers->lease();
  serve_found(
      site, req, res, reader->snapshot_by_url_hash(hash),
      [&] { return reader->taken_down_hash(hash); }, *reader);
}

}  // namespace headlined::web
