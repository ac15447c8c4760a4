#pragma once
// One HTTP listener (cpp-httplib) on its own thread, with its limits set deliberately: a
// bounded pool of worker threads, read and write timeouts so a slow client cannot hold a
// worker for long, and a cap on request bodies. The web front and the metrics endpoint
// install their routes on it; when both are configured on one address they share it.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "headlined/core/error.hpp"

namespace httplib {
class Server;
}

namespace headlined::web {

struct ListenerLimits {
  int threads = 8;
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};
  std::chrono::seconds keep_alive{2};
  std::size_t max_body_bytes = 16 * 1024;
};

class HttpListener {
 public:
  // Binds `listen` ("127.0.0.1:8080"; port 0 = a free one) after `install` added the
  // routes; an error names the address.
  static Result<std::unique_ptr<HttpListener>> start(
      const std::string& listen, const ListenerLimits& limits,
      const std::function<void(httplib::Server&)>& install);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  int port() const;

 private:
  struct Impl;
  explicit HttpListener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headlined::web
