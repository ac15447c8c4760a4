// Slow and idle clients cannot hold the workers: requests, not connections, go to workers,
// so clients that stall or trickle their headers, and idle keep-alive connections, leave
// every worker free for a normal request; a request that does not arrive whole within the
// read timeout loses its connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>
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

// True once the server closed `fd` (the end of the stream, or a reset), false when nothing
// came within `wait`.
bool closed_by_server(int fd, std::chrono::milliseconds wait) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
  char buffer[512];
  ssize_t got;
  while ((got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT)) > 0) {
  }
  return got == 0 || errno == ECONNRESET;
}

// Everything the server sends on `fd` until it closes it (at most `wait` between reads).
std::string read_until_closed(int fd, std::chrono::milliseconds wait) {
  std::string out;
  char buffer[4096];
  while (true) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait.count())) <= 0) return out;
    const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
    if (got <= 0) return out;
    out.append(buffer, static_cast<std::size_t>(got));
  }
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class SlowClients : public WebTest {
 protected:
  // A GET that fails the test unless answered within 3 s: far less than the timeouts the
  // tests below give the slow clients, so only a worker that is free can answer it.
  void expect_prompt_answer() {
    httplib::Client c("127.0.0.1", port());
    c.set_connection_timeout(std::chrono::seconds(3));
    c.set_read_timeout(std::chrono::seconds(3));
    auto res = c.Get("/");
    ASSERT_TRUE(res) << "no answer while the slow clients were connected";
    EXPECT_EQ(res->status, 200);
  }
};

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

TEST_F(SlowClients, TricklingMoreClientsThanWorkersHoldNone) {
  ListenerLimits limits;
  limits.threads = 2;
  limits.read_timeout = std::chrono::seconds(30);  // the tricklers are not cut off meanwhile
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); }, {},
        limits);

  // Three times as many clients as workers, each sending its headers a byte at a time, every
  // 10 ms, which resets any per-read timeout; they keep trickling during the normal request.
  std::vector<int> tricklers;
  for (int i = 0; i < 6; ++i) {
    const int fd = connect_to(port());
    ASSERT_GE(fd, 0);
    tricklers.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    const std::string head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for (std::size_t i = 0; !done; ++i) {
      for (int fd : tricklers) {
        const char c = i < head.size() ? head[i] : 'a';
        ::send(fd, &c, 1, MSG_NOSIGNAL);
      }
      // The pace of the trickle, not a wait for an event.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
  expect_prompt_answer();
  done = true;
  trickle.join();
  for (int fd : tricklers) ::close(fd);
}

TEST_F(SlowClients, TricklerLosesItsConnectionAtTheRequestDeadline) {
  ListenerLimits limits;
  limits.read_timeout = std::chrono::milliseconds(300);
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); }, {},
        limits);

  // A byte every 20 ms never lets a read time out; the request as a whole must still arrive
  // within 300 ms, so the server closes the connection then (10 s is the test's limit).
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  bool closed = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (std::size_t i = 0; !closed && std::chrono::steady_clock::now() < give_up; ++i) {
    const char c = i < head.size() ? head[i] : 'a';
    ::send(fd, &c, 1, MSG_NOSIGNAL);
    closed = closed_by_server(fd, std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(closed) << "still open after 10 s of trickling";
  ::close(fd);
}

TEST_F(SlowClients, IdleKeepAliveConnectionsHoldNoWorker) {
  ListenerLimits limits;
  limits.threads = 1;
  limits.keep_alive = std::chrono::seconds(30);
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); }, {},
        limits);

  // Four clients each get a page and keep their connection open, idle; the one worker is
  // still free for a fifth.
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 4; ++i) {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port());
    c->set_keep_alive(true);
    c->set_read_timeout(std::chrono::seconds(3));
    auto res = c->Get("/");
    ASSERT_TRUE(res) << "client " << i;
    EXPECT_EQ(res->status, 200);
    idle.push_back(std::move(c));
  }
  expect_prompt_answer();
  // The kept-alive connections still work: their next request is served too.
  for (auto& c : idle) {
    auto res = c->Get("/style.css");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

TEST_F(SlowClients, PipelinedRequestsAreAnsweredInOrder) {
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); });
  const int fd = connect_to(port());
  ASSERT_GE(fd, 0);
  const std::string requests =
      "GET /style.css HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /no-such-page HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, requests.data(), requests.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(requests.size()));
  const std::string answers = read_until_closed(fd, std::chrono::seconds(10));
  ::close(fd);
  EXPECT_EQ(count_of(answers, "HTTP/1.1 "), 3u) << answers.substr(0, 400);
  const std::size_t ok = answers.find("HTTP/1.1 200");
  const std::size_t missing = answers.find("HTTP/1.1 404");
  const std::size_t last = answers.rfind("HTTP/1.1 200");
  EXPECT_LT(ok, missing);
  EXPECT_LT(missing, last);
}

TEST_F(SlowClients, ConnectionsOverTheCapAreClosed) {
  ListenerLimits limits;
  limits.max_connections = 2;
  start([](store::Store& s) { add(s, seed_snapshot("https://zibo.example/a.html", 1000)); }, {},
        limits);
  const int first = connect_to(port());
  const int second = connect_to(port());
  const int third = connect_to(port());
  ASSERT_GE(first, 0);
  ASSERT_GE(second, 0);
  ASSERT_GE(third, 0);
  EXPECT_TRUE(closed_by_server(third, std::chrono::seconds(10)));
  EXPECT_FALSE(closed_by_server(first, std::chrono::milliseconds(0)));
  // Once one closes, a new connection is served.
  ::close(first);
  ::close(second);
  ::close(third);
  bool served = false;
  // The server notices the closes when the poller reads their end of stream, a moment after
  // they happen: retry until then (10 s is the test's limit).
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!served && std::chrono::steady_clock::now() < give_up) {
    httplib::Client c("127.0.0.1", port());
    c.set_read_timeout(std::chrono::seconds(3));
    auto res = c.Get("/");
    served = res && res->status == 200;
  }
  EXPECT_TRUE(served);
}

}  // namespace
}  // namespace headlined::web::testing
