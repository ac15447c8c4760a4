// /: the newest snapshots, 20 a page, optionally of one source (?source=NAME); the "older"
// link carries a cursor (?before=FETCHED_AT.ID) so every page costs one index range scan.
#include <charconv>

#include "headlined/core/time.hpp"
#include "headlined/web/html.hpp"
#include "site.hpp"

namespace headlined::web {

namespace {

constexpr int kSnapshotsPerPage = 20;

std::optional<std::pair<UnixTime, std::int64_t>> parse_cursor(const std::string& text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string::npos) return std::nullopt;
  UnixTime at = 0;
  std::int64_t id = 0;
  auto [e1, c1] = std::from_chars(text.data(), text.data() + dot, at);
  auto [e2, c2] = std::from_chars(text.data() + dot + 1, text.data() + text.size(), id);
  if (c1 != std::errc() || c2 != std::errc() || e1 != text.data() + dot ||
      e2 != text.data() + text.size())
    return std::nullopt;
  return std::pair{at, id};
}

std::string snapshot_list_item(const store::SnapshotSummary& s) {
  std::string out = "<li><a href=\"/a/" + escape_html(s.url_hash) + "\">" +
                    escape_html(s.title.empty() ? s.url : s.title) + "</a>";
  out += "<span class=\"meta\">" + escape_html(s.source_name) + " · " +
         escape_html(format_local_time(s.fetched_at)) + "</span></li>\n";
  return out;
}

}  // namespace

void serve_index(Site& site, const httplib::Request& req, httplib::Response& res) {
  const Labels& l = site.labels;
  store::SnapshotPageQuery query;
  query.limit = kSnapshotsPerPage;
  query.source = req.get_param_value("source");
  if (query.source.size() > 200)
    return send_error(site, res, 400, std::string(l.bad_request) + "source");
  if (req.has_param("before")) {
    query.before = parse_cursor(req.get_param_value("before"));
    if (!query.before) return send_error(site, res, 400, std::string(l.bad_request) + "before");
  }
  auto reader = site.readers->lease();
  auto page = reader->snapshot_page(query);
  auto sources = reader->snapshot_sources();
  if (!page || !sources) return send_error(site, res, 503, l.unavailable);

  std::string main = "<h1>" + std::string(l.latest) + "</h1>\n";
  main +=
      "<form class=\"filter\" action=\"/\" method=\"get\"><select name=\"source\" aria-label=\"" +
      std::string(l.filter) + "\"><option value=\"\">" + std::string(l.all_sources) + "</option>";
  for (const std::string& name : *sources) {
    main += "<option value=\"" + escape_html(name) + "\"" +
            (name == query.source ? " selected" : "") + ">" + escape_html(name) + "</option>";
  }
  main += "</select><button type=\"submit\">" + std::string(l.filter) + "</button></form>\n";
  if (page->empty()) {
    main += "<p>" + std::string(l.no_snapshots) + "</p>\n";
  } else {
    main += "<ol class=\"snapshots\">\n";
    for (const store::SnapshotSummary& s : *page) main += snapshot_list_item(s);
    main += "</ol>\n";
  }
  main += "<nav class=\"pages\">";
  if (query.before) {
    main += "<a href=\"/" +
            (query.source.empty() ? std::string() : "?source=" + percent_encode(query.source)) +
            "\">" + std::string(l.newer) + "</a> ";
  }
  if (static_cast<int>(page->size()) == kSnapshotsPerPage) {
    const store::SnapshotSummary& last = page->back();
    std::string next = "/?";
    if (!query.source.empty()) next += "source=" + percent_encode(query.source) + "&amp;";
    next += "before=" + std::to_string(last.fetched_at) + "." + std::to_string(last.id);
    main += "<a rel=\"next\" href=\"" + next + "\">" + std::string(l.older) + "</a>";
  }
  main += "</nav>\n";
  res.set_header("Cache-Control", "no-cache");
  send_page(res, 200, render_page(site, l.latest, main));
}

}  // namespace headlined::web
