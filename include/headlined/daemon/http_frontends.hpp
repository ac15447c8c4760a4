#pragma once
// The daemon's HTTP listeners: the metrics endpoint ("metrics_listen") and the web front
// ("web": {"listen": …}). Each gets a listener of its own, or both share one when their
// addresses are equal. Started once with the daemon; a reload does not change them.

#include <memory>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/error.hpp"
#include "headlined/daemon/metrics.hpp"
#include "headlined/daemon/websub_subscriber.hpp"
#include "headlined/web/front.hpp"
#include "headlined/web/http_listener.hpp"

namespace headlined::daemon {

struct HttpFrontends {
  std::unique_ptr<web::Front> front;  // before the listeners: they serve its routes
  std::vector<std::unique_ptr<web::HttpListener>> listeners;
  int metrics_port = 0;  // the ports bound (port 0 in the config: the system's choice)
  int web_port = 0;
  int websub_port = 0;
};

// Starts what the config asks for (nothing when neither is set); an error names the
// address or the database.
// `websub` (the daemon's subscriber, null when the config has no "websub") gets its callback
// routes on the listener of "websub": {"listen"}, shared with the web front or the metrics
// when the addresses are equal.
Result<HttpFrontends> start_http_frontends(const config::Config& config, Metrics& metrics,
                                           WebSubSubscriber* websub = nullptr);

}  // namespace headlined::daemon
