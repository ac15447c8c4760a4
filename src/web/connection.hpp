#pragma once
// One client connection of the web listener, owned by whoever is working on it: the poller
// while it waits for a request, a worker while one is served.

#include <chrono>
#include <cstddef>
#include <string>

namespace headlined::web {

struct Connection {
  using Clock = std::chrono::steady_clock;

  explicit Connection(int socket) : fd(socket) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Bytes received and not yet read by the request parser, from `consumed` on.
  std::string_view pending() const { return std::string_view(input).substr(consumed); }
  // A whole request line and header block is in `pending()` (a body may still be on its
  // way; the worker reads it).
  bool has_request_head() const;
  // Drops what the parser has read, so `input` holds only the next request's bytes.
  void compact();

  int fd;
  std::string input;
  std::size_t consumed = 0;
  // The request in progress must have arrived by then; while the connection is idle
  // between requests, the end of its keep-alive.
  Clock::time_point deadline;
  std::size_t requests_served = 0;
  std::string remote_ip;
  int remote_port = 0;
  std::string local_ip;
  int local_port = 0;
};

}  // namespace headlined::web
