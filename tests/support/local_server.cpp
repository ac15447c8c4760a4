#include "support/local_server.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace headlined::testing {

int LocalServer::start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  // spdlog's default logger is a function-local static inside libspdlog, which is not built
  // with ThreadSanitizer, so TSan cannot see the guard that publishes it: a handler that logs
  // first on this server's thread while the test's thread logs too reads as a race. Creating
  // it here, before the thread starts, orders it for TSan as it is for the program.
  spdlog::default_logger_raw();
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
