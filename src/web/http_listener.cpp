#include "headlined/web/http_listener.hpp"

#include <httplib.h>

#include <thread>

#include "request_server.hpp"

namespace headlined::web {

struct HttpListener::Impl {
  explicit Impl(const ListenerLimits& limits) : server(limits) {}
  RequestServer server;
  std::thread thread;  // httplib's accept loop
  int port = 0;
};

HttpListener::HttpListener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpListener::~HttpListener() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->server.shut_down();
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

  // The worker threads, timeouts and keep-alive are RequestServer's (it reads `limits`);
  // httplib keeps the body cap.
  auto impl = std::make_unique<Impl>(limits);
  RequestServer& server = impl->server;
  server.set_payload_max_length(limits.max_body_bytes);
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
