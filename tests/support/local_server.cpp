#include "support/local_server.hpp"

#include <chrono>
#include <stdexcept>

namespace headlined::testing {

int LocalServer::start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // httplib 0.11 has no wait_until_ready(): poll is_running() until listen has begun.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return port_;
}

void LocalServer::stop() {
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

std::string LocalServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace headlined::testing
