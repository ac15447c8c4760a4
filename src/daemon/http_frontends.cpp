#include "headlined/daemon/http_frontends.hpp"

#include <httplib.h>

#include "headlined/daemon/metrics_server.hpp"

namespace headlined::daemon {

namespace {

web::FrontOptions front_options(const config::Config& config) {
  web::FrontOptions options;
  options.database = config.database;
  options.settings = *config.web;
  for (const config::SubscriptionEntry& entry : config.subscriptions)
    options.subscriptions.push_back(entry.subscription);
  return options;
}

}  // namespace

Result<HttpFrontends> start_http_frontends(const config::Config& config, Metrics& metrics) {
  HttpFrontends out;
  const bool want_metrics = !config.metrics_listen.empty();
  const bool want_web = config.web.has_value();
  // Port 0 means "any free port" for each: two zeros are two listeners, not one.
  const bool shared = want_metrics && want_web && config.metrics_listen == config.web->listen &&
                      !config.metrics_listen.ends_with(":0");
  web::ListenerLimits limits;
  if (want_web) {
    const web::FrontOptions options = front_options(config);
    auto front = web::Front::open(options);
    if (!front) return std::unexpected(front.error());
    out.front = std::move(*front);
    // One read-only connection per worker thread: no request waits for a connection.
    limits.threads = options.readers;
    web::Front* front_ptr = out.front.get();
    auto listener =
        web::HttpListener::start(config.web->listen, limits, [&](httplib::Server& server) {
          front_ptr->install(server);
          if (shared) install_metrics_routes(server, metrics);
        });
    if (!listener)
      return std::unexpected(Error{listener.error().what, "web listen " + config.web->listen});
    out.web_port = (*listener)->port();
    if (shared) out.metrics_port = out.web_port;
    out.listeners.push_back(std::move(*listener));
  }
  if (want_metrics && !shared) {
    web::ListenerLimits metrics_limits;
    metrics_limits.threads = 2;  // a scraper or two
    auto listener = web::HttpListener::start(
        config.metrics_listen, metrics_limits,
        [&](httplib::Server& server) { install_metrics_routes(server, metrics); });
    if (!listener)
      return std::unexpected(
          Error{listener.error().what, "metrics_listen " + config.metrics_listen});
    out.metrics_port = (*listener)->port();
    out.listeners.push_back(std::move(*listener));
  }
  return out;
}

}  // namespace headlined::daemon
