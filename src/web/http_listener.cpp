#include "headlined/web/http_listener.hpp"

#include <httplib.h>

#include <thread>

namespace headlined::web {

struct HttpListener::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

HttpListener::HttpListener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpListener::~HttpListener() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int HttpListener::port() const {
  return impl_->port;
}

Result<std::unique_ptr<HttpListener>> HttpListener::start(
    const std::string& listen, const ListenerLimits& limits,
    const std::function<void(httplib::Server&)>& install) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return fail("expected HOST:PORT", listen);
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = -1;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (const std::exception&) {
  }
  if (port < 0 || port > 65535) return fail("expected HOST:PORT", listen);

  auto impl = std::make_unique<Impl>();
  httplib::Server& server = impl->server;
  const std::size_t threads = static_cast<std::size_t>(std::max(1, limits.threads));
  // Bounded: a flood of connections queues for a worker instead of starting threads. Each
  // connection holds its worker while it is open, which the timeouts below bound: a client
  // that stops sending is cut off after read_timeout, an idle keep-alive after keep_alive.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_read_timeout(limits.read_timeout);
  server.set_write_timeout(limits.write_timeout);
  server.set_keep_alive_timeout(limits.keep_alive.count());
  server.set_keep_alive_max_count(100);
  server.set_payload_max_length(limits.max_body_bytes);
  // Headers and body go out in separate writes; with Nagle's algorithm the body then waits
  // for the client's delayed ACK, 40 ms on Linux, for every response on a kept-alive
  // connection (every page measured 44 ms at p50 before this).
  server.set_tcp_nodelay(true);
  install(server);

  if (port == 0) {
    impl->port = server.bind_to_any_port(host);
  } else if (server.bind_to_port(host, port)) {
    impl->port = port;
  }
  if (impl->port <= 0) return fail("cannot listen there", listen);
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<HttpListener>(new HttpListener(std::move(impl)));
}

}  // namespace headlined::web
