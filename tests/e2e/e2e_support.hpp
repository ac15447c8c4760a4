#pragma once
// What several end-to-end tests need beside the shared support: systemd's notify socket played
// by the test, and one value read from the daemon's database through a connection of the
// test's own.

#include <httplib.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/local_server.hpp"
#include "support/log_number.hpp"
#include "support/sqlite_query.hpp"

namespace headlined::testing {

// A datagram socket in the role of systemd's notify socket.
class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot bind " + path);
    timeval tv{0, 50 * 1000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~NotifySocket() { close(fd_); }

  // Reads what has arrived (waiting at most 50 ms); each datagram may hold several lines.
  void drain() {
    char buffer[4096];
    ssize_t n;
    while ((n = recv(fd_, buffer, sizeof buffer, 0)) > 0) {
      std::string datagram(buffer, static_cast<std::size_t>(n));
      std::size_t pos = 0;
      while (pos < datagram.size()) {
        std::size_t end = datagram.find('\n', pos);
        if (end == std::string::npos) end = datagram.size();
        messages.push_back(datagram.substr(pos, end - pos));
        pos = end + 1;
      }
    }
  }
  int count(const std::string& prefix) {
    drain();
    int n = 0;
    for (const std::string& m : messages) n += m.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  }
  // The index of the first message at or after `from` starting with `prefix`, or -1.
  int find(const std::string& prefix, std::size_t from = 0) {
    drain();
    for (std::size_t i = from; i < messages.size(); ++i)
      if (messages[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
    return -1;
  }
  // True when a STATUS= message received so far contains `text`.
  bool saw_status(const std::string& text) {
    drain();
    for (const std::string& m : messages)
      if (m.rfind("STATUS=", 0) == 0 && m.find(text) != std::string::npos) return true;
    return false;
  }
  const std::string& path() const { return path_; }

  std::vector<std::string> messages;

 private:
  std::string path_;
  int fd_ = -1;
};

// Serves /feed.xml on `site`: an RSS feed linking /a/1.html to /a/<articles>.html, the
// numbered articles the crash tests then serve and count.
inline void serve_numbered_feed(LocalServer& site, int articles) {
  site.server().Get("/feed.xml", [&site, articles](const httplib::Request&,
                                                   httplib::Response& res) {
    std::string items;
    for (int i = 1; i <= articles; ++i)
      items += "<item><link>" + site.url("/a/" + std::to_string(i) + ".html") + "</link></item>";
    res.set_content("<rss version=\"2.0\"><channel><title>t</title>" + items + "</channel></rss>",
                    "application/rss+xml");
  });
}

// The port of the daemon's metrics endpoint, from its "metrics on http://127.0.0.1:PORT/metrics"
// log line (the config says 127.0.0.1:0: the daemon binds a free port itself); 0 until logged.
inline int metrics_port_from_log(const std::string& log) {
  return number_after(log, "metrics on http://127.0.0.1:");
}

// The value of one metric (a line "NAME VALUE") on the daemon's /metrics at `port`, or a
// parenthesised reason when there is none, which no test expects as a value.
inline std::string metric_value(int port, const std::string& name) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  if (!res) return "(no answer)";
  const std::string line_start = "\n" + name + " ";
  const std::size_t at = res->body.find(line_start);
  if (at == std::string::npos) return "(missing)";
  const std::size_t from = at + line_start.size();
  return res->body.substr(from, res->body.find('\n', from) - from);
}

}  // namespace headlined::testing
