#pragma once
// cpp-httplib's Server, handing out requests rather than connections. httplib's own model
// gives each connection a worker thread for as long as it stays open, so a few kept-alive
// clients (or slow ones) hold every worker while the other connections wait in a queue: 50
// keep-alive clients on 8 workers put 985 ms on the p99 of a 1 ms page. Here one poller
// thread (epoll) owns every connection between requests and reads what arrives; a
// connection goes to a worker only once a whole request head is in, for that one request,
// and comes back to the poller afterwards. Idle keep-alive connections and clients that
// trickle their headers cost a file descriptor, never a worker, and are closed at their
// deadline (keep-alive, or the whole request's read timeout).

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "connection.hpp"
#include "headlined/web/http_listener.hpp"

namespace headlined::web {

class RequestServer : public httplib::Server {
 public:
  explicit RequestServer(const ListenerLimits& limits);
  ~RequestServer() override;
  RequestServer(const RequestServer&) = delete;
  RequestServer& operator=(const RequestServer&) = delete;

  // After stop() and the end of listen_after_bind(): ends the poller and the workers and
  // closes every connection. Also done by the destructor.
  void shut_down();

 private:
  // Called by httplib's accept loop for each accepted socket (on the accept thread: see the
  // inline task queue in the constructor).
  bool process_and_close_socket(socket_t sock) override;

  void poll_loop();
  void work_loop();
  // Serves the request at the head of `connection`; true when the connection stays open.
  bool serve_one(Connection& connection);
  // Back to the poller, to wait for the next request.
  void park(std::unique_ptr<Connection> connection);
  // To the workers, with a request head ready.
  void hand_out(std::unique_ptr<Connection> connection);
  void close_connection(std::unique_ptr<Connection> connection);
  void wake_poller();

  const ListenerLimits limits_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: new connections to park, or stopping
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> open_connections_{0};

  std::mutex parking_mutex_;
  std::vector<std::unique_ptr<Connection>> to_park_;

  std::mutex ready_mutex_;
  std::condition_variable ready_cv_;
  std::deque<std::unique_ptr<Connection>> ready_;

  std::thread poller_;
  std::vector<std::thread> workers_;
  bool shut_down_ = false;
};

}  // namespace headlined::web
