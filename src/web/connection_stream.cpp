#include "connection_stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace headlined::web {

namespace {

using Clock = Connection::Clock;

// Waits until `fd` is ready for `events` or `deadline` passes.
bool wait_until(int fd, short events, Clock::time_point deadline) {
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return false;
  }
}

}  // namespace

bool ConnectionStream::receive_more() const {
  char buffer[16 * 1024];
  while (true) {
    const ssize_t got = ::recv(connection_.fd, buffer, sizeof buffer, MSG_DONTWAIT);
    if (got > 0) {
      connection_.input.append(buffer, static_cast<std::size_t>(got));
      return true;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
    if (!wait_until(connection_.fd, POLLIN, connection_.deadline)) return false;
  }
}

bool ConnectionStream::is_readable() const {
  return !connection_.pending().empty() || receive_more();
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (connection_.pending().empty()) {
    connection_.compact();
    // What was written goes out before waiting on the client, which may be waiting for it
    // (a "100 Continue" before a body).
    if (!output_.empty() && !flush()) return -1;
    if (!receive_more()) return -1;
  }
  const std::string_view pending = connection_.pending();
  const std::size_t n = std::min(size, pending.size());
  std::memcpy(ptr, pending.data(), n);
  connection_.consumed += n;
  return static_cast<ssize_t>(n);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  output_.append(ptr, size);
  // A large body goes out as it comes rather than all in memory first.
  if (output_.size() >= 256 * 1024 && !flush()) return -1;
  return static_cast<ssize_t>(size);
}

bool ConnectionStream::flush() {
  const Clock::time_point deadline = Clock::now() + write_timeout_;
  std::size_t sent = 0;
  while (sent < output_.size()) {
    const ssize_t n = ::send(connection_.fd, output_.data() + sent, output_.size() - sent,
                             MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
        wait_until(connection_.fd, POLLOUT, deadline))
      continue;
    return false;
  }
  output_.clear();
  return true;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.remote_ip;
  port = connection_.remote_port;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = connection_.local_ip;
  port = connection_.local_port;
}

}  // namespace headlined::web
