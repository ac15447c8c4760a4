#pragma once
// cpp-httplib's view of a Connection while a worker serves one request on it: reads come
// from the bytes the poller already received, then from the socket until the request's
// deadline (a client that trickles a body cannot stretch it); writes are gathered and sent
// in one go by flush(), so a response leaves in one segment rather than headers and body
// apart.

#include <httplib.h>

#include <chrono>
#include <string>

#include "connection.hpp"

namespace headlined::web {

class ConnectionStream : public httplib::Stream {
 public:
  ConnectionStream(Connection& connection, std::chrono::milliseconds write_timeout)
      : connection_(connection), write_timeout_(write_timeout) {}

  bool is_readable() const override;
  bool is_writable() const override { return true; }  // gathered until flush()
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return connection_.fd; }

  // Sends what was written; false when the client did not take it within the write timeout.
  bool flush();

 private:
  // Waits for more bytes until the deadline and appends them; false at the end of the
  // stream, on an error or past the deadline.
  bool receive_more() const;

  Connection& connection_;
  std::chrono::milliseconds write_timeout_;
  std::string output_;
};

}  // namespace headlined::web
