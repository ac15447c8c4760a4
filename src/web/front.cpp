// The web front's routes and the rules every response follows: security headers, only GET
// and HEAD (and the takedown form's POST), error pages for what httplib refuses itself.
#include "headlined/web/front.hpp"

#include <spdlog/spdlog.h>

#include "site.hpp"
#include "style_sheet.hpp"

namespace headlined::web {

struct Front::Impl {
  Impl(FrontOptions options, std::unique_ptr<ReaderPool> readers)
      : site(std::move(options), std::move(readers)) {}
  Site site;
};

Front::Front(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Front::~Front() = default;

Result<std::unique_ptr<Front>> Front::open(const FrontOptions& options) {
  auto readers = ReaderPool::open(options.database, options.database_password, options.readers,
                                  options.search_budget);
  if (!readers) return std::unexpected(readers.error());
  auto impl = std::make_unique<Impl>(options, std::move(*readers));
  return std::unique_ptr<Front>(new Front(std::move(impl)));
}

void Front::install(httplib::Server& server) {
  Site& site = impl_->site;
  // No script runs, styles and forms come from this origin only, no one may frame the pages
  // (a snapshot's text could otherwise be dressed up as someone else's page).
  server.set_default_headers({
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  });

  server.set_pre_routing_handler([&site](const httplib::Request& req, httplib::Response& res) {
    const bool form_post = req.method == "POST" && req.path == "/takedown";
    if (req.method == "GET" || req.method == "HEAD" || form_post)
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("Allow", req.path == "/takedown" ? "GET, HEAD, POST" : "GET, HEAD");
    send_error(site, res, 405, site.labels.method_not_allowed);
    return httplib::Server::HandlerResponse::Handled;
  });
  // Statuses httplib sets itself (no route: 404; body over the limit: 413; a request it
  // cannot parse: 400) get a page like the others.
  server.set_error_handler([&site](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 404) return send_error(site, res, 404, site.labels.not_found);
    if (res.status == 413) return send_error(site, res, 413, site.labels.too_large);
    send_error(site, res, res.status,
               std::string(site.labels.bad_request) + std::to_string(res.status));
  });
  server.set_exception_handler(
      [&site](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        spdlog::error("web: {} {}: {}", req.method, req.path, what);
        send_error(site, res, 500, site.labels.unavailable);
      });

  auto route = [&site](void (*handler)(Site&, const httplib::Request&, httplib::Response&)) {
    return [&site, handler](const httplib::Request& req, httplib::Response& res) {
      handler(site, req, res);
    };
  };
  server.Get("/", route(serve_index));
  server.Get(R"(/s/(\d{1,18}))", route(serve_snapshot_by_id));
  server.Get(R"(/a/([0-9a-f]{16}))", route(serve_snapshot_by_hash));
  server.Get("/search", route(serve_search));
  server.Get(R"(/feeds/([^/]{1,200})\.atom)", route(serve_feed));
  server.Get("/takedown", route(serve_takedown_form));
  server.Post("/takedown", route(accept_takedown_request));
  server.Get("/style.css", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "public, max-age=86400");
    res.set_content(std::string(kStyleSheet), "text/css; charset=utf-8");
  });
}

}  // namespace headlined::web
