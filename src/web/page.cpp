// The frame around every page and the response helpers the handlers share.
#include "content_coding.hpp"
#include "headlined/core/digest.hpp"
#include "headlined/web/html.hpp"
#include "headlined/web/snapshot_format.hpp"
#include "page_cache.hpp"
#include "site.hpp"

namespace headlined::web {

Result<store::Store*> Site::request_writer() {
  std::lock_guard lock(writer_mutex);
  if (!writer) {
    auto opened = store::Store::open(options.database, options.database_password);
    if (!opened) return std::unexpected(opened.error());
    writer = std::move(*opened);
  }
  return writer.get();
}

std::string render_page(const Site& site, std::string_view title, std::string_view main_html,
                        std::string_view query) {
  const Labels& l = site.labels;
  const std::string site_name = escape_html(site.options.settings.site_name);
  std::string out;
  out.reserve(main_html.size() + 2048);
  out += "<!doctype html>\n<html lang=\"" + std::string(l.html_lang) + "\">\n<head>\n";
  out += "<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + escape_html(title) + " - " + site_name + "</title>\n";
  out += "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n";
  out += "<header><a class=\"site\" href=\"/\">" + site_name + "</a>";
  out += "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">";
  out += "<input type=\"search\" name=\"q\" maxlength=\"200\" value=\"" + escape_html(query) +
         "\" placeholder=\"" + std::string(l.search_placeholder) + "\" aria-label=\"" +
         std::string(l.search) + "\">";
  out += "<button type=\"submit\">" + std::string(l.search) + "</button></form></header>\n";
  out += "<main>\n";
  out += main_html;
  out += "</main>\n<footer><p>";
  const SnapshotWording words =
      snapshot_wording(site.options.settings.language, site.options.settings.site_name);
  out += escape_html(words.takedown);
  if (!site.options.settings.contact.empty())
    out += " " + escape_html(words.contact + site.options.settings.contact);
  out += " <a href=\"/takedown\">" + std::string(l.takedown_link) + "</a></p></footer>\n";
  out += "</body>\n</html>\n";
  return out;
}

void send_page(httplib::Response& res, int status, std::string body) {
  res.status = status;
  res.set_content(std::move(body), "text/html; charset=utf-8");
}

void send_error(const Site& site, httplib::Response& res, int status, std::string_view message) {
  const std::string main = "<p class=\"error\">" + escape_html(message) + "</p>\n";
  // Errors are never cached by a proxy: the next request may well succeed.
  res.set_header("Cache-Control", "no-store");
  send_page(res, status, render_page(site, message, main));
}

std::string page_etag(std::string_view body) {
  // Weak: the listener may gzip the body, which changes its bytes but not its meaning.
  return "W/\"" + sha256_hex(body).substr(0, 32) + "\"";
}

namespace {

// Cache headers of a snapshot page; true when the client's copy is current (304 set).
bool answer_not_modified(const httplib::Request& req, httplib::Response& res,
                         const std::string& etag) {
  res.set_header("ETag", etag);
  // Short, and revalidated: a takedown must reach readers within a minute.
  res.set_header("Cache-Control", "public, max-age=60");
  const std::string seen = req.get_header_value("If-None-Match");
  if (!seen.empty() && (seen == etag || seen == "*" || seen.find(etag) != std::string::npos)) {
    res.status = 304;
    return true;
  }
  return false;
}

}  // namespace

void send_cacheable_page(const httplib::Request& req, httplib::Response& res, std::string body,
                         const std::string& etag) {
  if (!answer_not_modified(req, res, etag)) send_page(res, 200, std::move(body));
}

void send_cached_page(const httplib::Request& req, httplib::Response& res, const CachedPage& page) {
  if (answer_not_modified(req, res, page.etag)) return;
  if (client_takes_gzip(req) && req.ranges.empty()) {
    res.status = 200;
    res.set_content(page.gzipped, "text/html; charset=utf-8");
    res.set_header("Content-Encoding", "gzip");
    return;
  }
  // A client that takes no gzip (rare: browsers and proxies all do) gets the plain page.
  std::string plain;
  if (auto unpacked = gunzip(page.gzipped)) plain = std::move(*unpacked);
  send_page(res, 200, std::move(plain));
}

std::string client_address(const httplib::Request& req) {
  return req.remote_addr;
}

}  // namespace headlined::web
