// /search?q=…&page=N: full-text search, newest first, 20 a page, snippets with the hits
// marked. The work is bounded: the query's length and words are capped (400 beyond), at
// most 50 pages deep, and the store stops a search that runs past its budget (503).
#include <charconv>

#include "headlined/core/time.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/web/html.hpp"
#include "search_query.hpp"
#include "site.hpp"

namespace headlined::web {

namespace {

constexpr int kHitsPerPage = 20;
constexpr int kMaxPage = 50;
// A query beyond plain words is checked on candidates; at most this many per shown result.
constexpr int kCandidatesPerResult = 5;
// The store marks hits with these; stored text keeps no control characters, and escape_html
// would drop any, so brackets in a title stay brackets.
constexpr std::string_view kOpen = "\x01";
constexpr std::string_view kClose = "\x02";

std::string marked_snippet(const std::string& snippet) {
  std::string out;
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= snippet.size(); ++i) {
    const bool end = i == snippet.size();
    if (!end && snippet[i] != kOpen[0] && snippet[i] != kClose[0]) continue;
    out += escape_html(std::string_view(snippet).substr(start, i - start));
    if (!end && snippet[i] == kOpen[0] && !open) {
      out += "<mark>";
      open = true;
    } else if ((end || snippet[i] == kClose[0]) && open) {
      out += "</mark>";
      open = false;
    }
    start = i + 1;
  }
  return out;
}

bool satisfies(const match::Query& query, const Snapshot& s) {
  const std::string title = match::normalize(s.article.title);
  const std::string body = match::normalize(s.article.body);
  const std::string source = match::normalize(s.article.attribution + "\n" + s.article.source_name);
  const std::string author = match::normalize(s.article.byline);
  return query.matches(match::FieldTexts{title, body, source, author});
}

std::string page_link(const std::string& query, int page, std::string_view label) {
  return "<a href=\"/search?q=" + percent_encode(query) + "&amp;page=" + std::to_string(page) +
         "\">" + std::string(label) + "</a> ";
}

}  // namespace

void serve_search(Site& site, const httplib::Request& req, httplib::Response& res) {
  const Labels& l = site.labels;
  const std::string text = req.get_param_value("q");
  int page = 1;
  if (req.has_param("page")) {
    const std::string p = req.get_param_value("page");
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), page);
    if (ec != std::errc() || end != p.data() + p.size() || page < 1 || page > kMaxPage)
      return send_error(
          site, res, 400,
          std::string(l.bad_request) + "page must be 1 to " + std::to_string(kMaxPage));
  }
  if (text.find_first_not_of(" \t") == std::string::npos) {
    send_page(res, 200, render_page(site, l.search, "<h1>" + std::string(l.search) + "</h1>\n"));
    return;
  }
  auto parsed = parse_search_query(text);
  if (!parsed) return send_error(site, res, 400, std::string(l.bad_request) + parsed.error());

  std::string words;
  for (const std::string& w : parsed->words) words += (words.empty() ? "" : " ") + w;
  const int wanted = page * kHitsPerPage + 1;  // one more: is there a next page?
  const int fetch = parsed->query ? wanted * kCandidatesPerResult : wanted;
  auto reader = site.readers->lease();
  auto hits = reader->search(words, fetch, kOpen, kClose);
  if (!hits) return send_error(site, res, 503, l.unavailable);
  if (parsed->query) {
    std::vector<store::SearchHit> kept;
    for (store::SearchHit& hit : *hits) {
      if (static_cast<int>(kept.size()) >= wanted) break;
      auto snapshot = reader->snapshot_text_by_id(hit.id);
      if (snapshot && *snapshot && satisfies(*parsed->query, **snapshot))
        kept.push_back(std::move(hit));
    }
    *hits = std::move(kept);
  }

  std::string main = "<h1>" + std::string(l.results_for) + escape_html(text) + "</h1>\n";
  const std::size_t first = static_cast<std::size_t>((page - 1) * kHitsPerPage);
  if (hits->size() <= first) {
    main += "<p>" + std::string(l.no_results) + "</p>\n";
  } else {
    main += "<ol class=\"results\" start=\"" + std::to_string(first + 1) + "\">\n";
    const std::size_t last = std::min(hits->size(), first + kHitsPerPage);
    for (std::size_t i = first; i < last; ++i) {
      const store::SearchHit& hit = (*hits)[i];
      main += "<li><a href=\"/s/" + std::to_string(hit.id) + "\">" +
              escape_html(hit.title.empty() ? hit.url : hit.title) + "</a>";
      main += "<span class=\"meta\">" + escape_html(hit.source_name) + " · " +
              escape_html(format_local_time(hit.fetched_at)) + "</span>";
      main += "<p class=\"snippet\">" + marked_snippet(hit.snippet) + "</p></li>\n";
    }
    main += "</ol>\n";
  }
  main += "<nav class=\"pages\">";
  if (page > 1) main += page_link(text, page - 1, l.newer);
  if (static_cast<int>(hits->size()) > page * kHitsPerPage && page < kMaxPage)
    main += page_link(text, page + 1, l.older);
  main += "</nav>\n";
  res.set_header("Cache-Control", "no-cache");
  send_page(res, 200, render_page(site, text, main, text));
}

}  // namespace headlined::web
