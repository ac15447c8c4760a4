#include "request_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <unordered_map>

#include "connection_stream.hpp"
#include "content_coding.hpp"

namespace headlined::web {

namespace {

using Clock = Connection::Clock;

// A request head larger than this goes to a worker as it is, for httplib to refuse (414 or
// 400), rather than being buffered further.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
// How often the poller looks for connections past their deadline.
constexpr auto kSweepInterval = std::chrono::milliseconds(20);

// httplib's accept loop hands each socket to a task queue; this one runs the task on the
// accept thread at once, since the task only passes the socket on to the poller.
class InlineQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

void address_of(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(addr);
    ::inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    port = ntohs(in.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(addr);
    ::inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    port = ntohs(in6.sin6_port);
  }
  ip = text;
}

enum class Received { more, end, error };

// Reads what the socket has without waiting.
Received receive_available(Connection& c) {
  char buffer[16 * 1024];
  while (true) {
    const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0) {
      c.input.append(buffer, static_cast<std::size_t>(got));
      if (c.input.size() >= kMaxHeadBytes) return Received::more;
      continue;
    }
    if (got == 0) return Received::end;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? Received::more : Received::error;
  }
}

}  // namespace

RequestServer::RequestServer(const ListenerLimits& limits) : limits_(limits) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_fd_ < 0 || wake_fd_ < 0) throw std::runtime_error("web listener: no epoll or eventfd");
  epoll_event wake{};
  wake.events = EPOLLIN;
  wake.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake);
  new_task_queue = [] { return new InlineQueue; };
  // Compression is the listener's, not httplib's (content_coding.hpp); install() callers
  // leave the post-routing step alone.
  set_post_routing_handler(encode_response);
  poller_ = std::thread([this] { poll_loop(); });
  for (int i = 0; i < std::max(1, limits_.threads); ++i)
    workers_.emplace_back([this] { work_loop(); });
}

RequestServer::~RequestServer() {
  shut_down();
}

void RequestServer::shut_down() {
  if (shut_down_) return;
  shut_down_ = true;
  stopping_ = true;
  wake_poller();
  { std::lock_guard lock(ready_mutex_); }
  ready_cv_.notify_all();
  poller_.join();
  for (std::thread& worker : workers_) worker.join();
  ready_.clear();
  to_park_.clear();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

bool RequestServer::process_and_close_socket(socket_t sock) {
  if (stopping_ || open_connections_.load() >= limits_.max_connections) {
    // Over the cap a connection is closed at once: a flood costs descriptors up to the cap
    // and no more.
    ::close(sock);
    return false;
  }
  ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK);
  const int on = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  auto connection = std::make_unique<Connection>(sock);
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    address_of(addr, connection->remote_ip, connection->remote_port);
  len = sizeof addr;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    address_of(addr, connection->local_ip, connection->local_port);
  connection->deadline = Clock::now() + limits_.read_timeout;
  ++open_connections_;
  park(std::move(connection));
  return true;
}

void RequestServer::wake_poller() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void RequestServer::park(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(parking_mutex_);
    to_park_.push_back(std::move(connection));
  }
  wake_poller();
}

void RequestServer::hand_out(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(ready_mutex_);
    ready_.push_back(std::move(connection));
  }
  ready_cv_.notify_one();
}

void RequestServer::close_connection(std::unique_ptr<Connection> connection) {
  connection.reset();
  --open_connections_;
}

void RequestServer::poll_loop() {
  std::unordered_map<int, std::unique_ptr<Connection>> parked;
  // Waits for one more readable event on the connection (one-shot, so no two events for one
  // connection are ever handled at once).
  auto watch = [this](int fd, int op) {
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    event.data.fd = fd;
    return ::epoll_ctl(epoll_fd_, op, fd, &event) == 0;
  };
  auto unpark = [&](decltype(parked)::iterator it) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
    auto connection = std::move(it->second);
    parked.erase(it);
    return connection;
  };
  Clock::time_point last_sweep = Clock::now();
  epoll_event events[64];
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_fd_, events, 64, static_cast<int>(kSweepInterval.count()));
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      if (fd == wake_fd_) {
        std::uint64_t count;
        [[maybe_unused]] const ssize_t r = ::read(wake_fd_, &count, sizeof count);
        continue;
      }
      auto it = parked.find(fd);
      if (it == parked.end()) continue;
      Connection& c = *it->second;
      const bool was_idle = c.pending().empty();
      const Received received = receive_available(c);
      // A request's deadline runs from its first byte; until then the keep-alive one holds.
      if (was_idle && !c.pending().empty()) c.deadline = Clock::now() + limits_.read_timeout;
      const bool ready = c.has_request_head() || c.pending().size() >= kMaxHeadBytes;
      if (ready && received != Received::error) {
        hand_out(unpark(it));  // even after the client's end of stream: the answer can go out
      } else if (received != Received::more || !watch(fd, EPOLL_CTL_MOD)) {
        close_connection(unpark(it));
      }
    }

    std::vector<std::unique_ptr<Connection>> arrivals;
    {
      std::lock_guard lock(parking_mutex_);
      arrivals.swap(to_park_);
    }
    for (auto& connection : arrivals) {
      const int fd = connection->fd;
      if (!watch(fd, EPOLL_CTL_ADD)) {
        close_connection(std::move(connection));
        continue;
      }
      parked.emplace(fd, std::move(connection));
    }

    const Clock::time_point now = Clock::now();
    if (now - last_sweep >= kSweepInterval) {
      last_sweep = now;
      for (auto it = parked.begin(); it != parked.end();) {
        auto next = std::next(it);
        if (it->second->deadline <= now) close_connection(unpark(it));
        it = next;
      }
    }
  }
}

void RequestServer::work_loop() {
  while (true) {
    std::unique_ptr<Connection> connection;
    {
      std::unique_lock lock(ready_mutex_);
      ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      connection = std::move(ready_.front());
      ready_.pop_front();
    }
    if (!serve_one(*connection) || stopping_) {
      close_connection(std::move(connection));
      continue;
    }
    connection->compact();
    const bool idle = connection->pending().empty();
    connection->deadline =
        Clock::now() + (idle ? std::chrono::duration_cast<Clock::duration>(limits_.keep_alive)
                             : limits_.read_timeout);
    // A pipelined request already in goes to the back of the line, after the others.
    if (connection->has_request_head())
      hand_out(std::move(connection));
    else
      park(std::move(connection));
  }
}

bool RequestServer::serve_one(Connection& connection) {
  ConnectionStream stream(connection, limits_.write_timeout);
  const bool last = connection.requests_served + 1 >= limits_.keep_alive_requests || stopping_;
  bool closed = false;
  const bool answered = process_request(stream, last, closed, negotiate_encoding);
  const bool sent = stream.flush();
  ++connection.requests_served;
  return answered && sent && !closed && !last;
}

}  // namespace headlined::web
