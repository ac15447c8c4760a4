// Slow clients cannot hold every worker: with two workers both taken by clients that stall
// halfway through a request, a normal request is still answered once the read timeout
// cuts them off.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <vector>

#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class SlowClients : public WebTest {};

TEST_F(SlowClients, CannotHoldAllWorkers) {
  ListenerLimits limits;
  limits.threads = 2;
  limits.read_timeout = std::chrono::milliseconds(300);
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); }, {},
        limits);

  // Both workers taken by clients that send half a request and then nothing: each must be
  // cut off after the read timeout, which frees the workers for a normal request.
  std::vector<int> stalled;
  for (int i = 0; i < 2; ++i) {
    const int fd = connect_to(port());
    ASSERT_GE(fd, 0);
    const std::string half = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    ASSERT_EQ(::send(fd, half.data(), half.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(half.size()));
    stalled.push_back(fd);
  }
  auto res = get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // The server closed the stalled connections (recv sees the end, or an error after a
  // reset), rather than answering them or keeping them open.
  for (int fd : stalled) {
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buffer[512];
    ssize_t got;
    while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    }
    EXPECT_TRUE(got == 0 || errno == ECONNRESET) << "still open after 10 s";
    ::close(fd);
  }
}

}  // namespace
}  // namespace headlined::web::testing
