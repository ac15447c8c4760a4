#include "headlined/daemon/metrics_server.hpp"

#include <httplib.h>

namespace headlined::daemon {

void install_metrics_routes(httplib::Server& server, Metrics& metrics) {
  server.Get("/metrics", [&metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
}

}  // namespace headlined::daemon
