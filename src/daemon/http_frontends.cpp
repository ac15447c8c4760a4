#include "headlined/daemon/http_frontends.hpp"

#include <httplib.h>

#include <algorithm>

#include "headlined/daemon/metrics_server.hpp"

namespace headlined::daemon {

namespace {

web::FrontOptions front_options(const config::Config& config) {
  web::FrontOptions options;
  options.database = config.database;
  options.database_password = config.database_password;
  options.settings = *config.web;
  for (const config::SubscriptionEntry& entry : config.subscriptions)
    options.subscriptions.push_back(entry.subscription);
  return options;
}

}  // namespace

Result<HttpFrontends> start_http_frontends(const config::Config& config, Metrics& metrics,
                                           WebSubSubscriber* websub) {
  HttpFrontends out;
  const bool want_metrics = !config.metrics_listen.empty();
  const bool want_web = config.web.has_value();
  const bool want_websub = websub && config.websub.has_value();
  const std::string websub_listen = want_websub ? config.websub->listen : std::string();
  const bool websub_on_web = want_websub && want_web && websub_listen == config.web->listen &&
                             !websub_listen.ends_with(":0");
  const bool websub_on_metrics = want_websub && !websub_on_web && want_metrics &&
                                 websub_listen == config.metrics_listen &&
                                 !websub_listen.ends_with(":0");
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
    // Pushed feeds are larger than the front's forms; the push handler keeps its own limit.
    if (websub_on_web)
      limits.max_body_bytes = std::max<std::size_t>(
          limits.max_body_bytes, static_cast<std::size_t>(config.websub->max_body_bytes) + 1);
    web::Front* front_ptr = out.front.get();
    auto listener =
        web::HttpListener::start(config.web->listen, limits, [&](httplib::Server& server) {
          if (websub_on_web) websub->install(server);  // before the front's catch-all routes
          front_ptr->install(server);
          if (shared) install_metrics_routes(server, metrics);
        });
    if (!listener)
      return std::unexpected(Error{listener.error().what, "web listen " + config.web->listen});
    out.web_port = (*listener)->port();
    if (shared) out.metrics_port = out.web_port;
    if (websub_on_web) out.websub_port = out.web_port;
    out.listeners.push_back(std::move(*listener));
  }
  if (want_metrics && !shared) {
    web::ListenerLimits metrics_limits;
    metrics_limits.threads = 2;  // a scraper or two
    if (websub_on_metrics) {
      metrics_limits.threads = 4;
      metrics_limits.max_body_bytes = static_cast<std::size_t>(config.websub->max_body_bytes) + 1;
    }
    auto listener = web::HttpListener::start(config.metrics_listen, metrics_limits,
                                             [&](httplib::Server& server) {
                                               if (websub_on_metrics) websub->install(server);
                                               install_metrics_routes(server, metrics);
                                             });
    if (!listener)
      return std::unexpected(
          Error{listener.error().what, "metrics_listen " + config.metrics_listen});
    out.metrics_port = (*listener)->port();
    if (websub_on_metrics) out.websub_port = out.metrics_port;
    out.listeners.push_back(std::move(*listener));
  }
  if (want_websub && !websub_on_web && !websub_on_metrics) {
    web::ListenerLimits websub_limits;
    websub_limits.threads = 4;  // hubs verifying and pushing
    // One byte over the push limit reaches the handler, which answers 413 with the limit.
    websub_limits.max_body_bytes = static_cast<std::size_t>(config.websub->max_body_bytes) + 1;
    auto listener = web::HttpListener::start(
        websub_listen, websub_limits, [&](httplib::Server& server) { websub->install(server); });
    if (!listener)
      return std::unexpected(Error{listener.error().what, "websub listen " + websub_listen});
    out.websub_port = (*listener)->port();
    out.listeners.push_back(std::move(*listener));
  }
  return out;
}

}  // namespace headlined::daemon
