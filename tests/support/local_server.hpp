#pragma once
// A real HTTP server on 127.0.0.1 with an ephemeral port, run on its own thread for the
// lifetime of the object. Tests register handlers on `server()` before calling start().

#include <httplib.h>

#include <string>
#include <thread>

namespace headlined::testing {

class LocalServer {
 public:
  LocalServer() = default;
  ~LocalServer() { stop(); }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  httplib::Server& server() { return server_; }

  // Binds 127.0.0.1 on a free port and starts serving; returns the port.
  int start();
  void stop();

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace headlined::testing
