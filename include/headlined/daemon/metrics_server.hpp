#pragma once
// The optional HTTP listener: GET /metrics (Prometheus text) and GET /healthz.

#include <memory>
#include <string>

#include "headlined/core/error.hpp"
#include "headlined/daemon/metrics.hpp"

namespace headlined::daemon {

class MetricsServer {
 public:
  // Binds `listen` ("127.0.0.1:9464"); an error names the address.
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& listen, Metrics& metrics);
  ~MetricsServer();

  int port() const;

 private:
  struct Impl;
  explicit MetricsServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headlined::daemon
