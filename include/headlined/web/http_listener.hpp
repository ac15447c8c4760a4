#pragma once
// One HTTP listener (cpp-httplib's parser and routing) with its limits set deliberately: a
// bounded pool of worker threads that serve requests, not connections (connections wait for
// their next request in one poller thread, src/web/request_server.hpp), a deadline for each
// whole request so a slow client cannot hold a worker, a cap on open connections and on
// request bodies. It gzips text responses itself, at a cheap level, for clients that accept
// gzip (src/web/content_coding.hpp: httplib's own choice was brotli at its slowest). The web
// front and the metrics endpoint install their routes on it; when both are configured on
// one address they share it.

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
  // Workers run requests, which need CPU and a database connection, never a waiting client:
  // a few per core is enough whatever the number of clients.
  int threads = 8;
  // A request (head and body) must arrive whole within this, counted from its first byte
  // (from the connection's opening for the first request).
  std::chrono::milliseconds read_timeout{5000};
  // A response must be taken by the client within this.
  std::chrono::milliseconds write_timeout{5000};
  // An idle connection is closed after this; it costs a file descriptor meanwhile, not a
  // worker.
  std::chrono::seconds keep_alive{2};
  // Requests on one connection before it is closed.
  std::size_t keep_alive_requests = 100;
  // Connections open at once; more are closed as soon as they are accepted.
  std::size_t max_connections = 1024;
  std::size_t max_body_bytes = 16 * 1024;
};

class HttpListener {
 public:
  // Binds `listen` ("127.0.0.1:8080"; port 0 = a free one) after `install` added the
  // routes (and handlers, except the post-routing one, which the listener's compression
  // uses); an error names the address.
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
