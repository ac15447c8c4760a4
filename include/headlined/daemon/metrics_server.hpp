#pragma once
// The optional HTTP listener: GET /metrics (Prometheus text) and GET /healthz. Its routes can
// also be installed on the web front's listener when both are configured on one address
// (http_frontends.hpp).

#include <memory>
#include <string>

#include "headlined/core/error.hpp"
#include "headlined/daemon/metrics.hpp"

namespace httplib {
class Server;
}

namespace headlined::daemon {

// Adds GET /metrics and GET /healthz to `server`.
void install_metrics_routes(httplib::Server& server, Metrics& metrics);

}  // namespace headlined::daemon
