// Fetches that must fail, each with an error naming the URL and a reason a user can act on,
// and within the limits the options set.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "headlined/fetch/fetcher.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::fetch {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::read_fixture;
using namespace std::chrono_literals;

// The error must say where (the URL asked for) and why (containing reason).
void expect_error(const Result<Response>& r, const std::string& url, const std::string& reason) {
  ASSERT_FALSE(r.has_value()) << "unexpected success, status " << r->status;
  EXPECT_EQ(r.error().where, url);
  EXPECT_NE(r.error().what.find(reason), std::string::npos) << r.error().to_string();
}

// Streams `byte_count` bytes in small pieces `interval` apart, stopping as soon as the client
// has gone so that the server can shut down promptly.
void serve_slowly(httplib::Response& res, int byte_count, std::chrono::milliseconds interval) {
  res.set_chunked_content_provider(
      "application/rss+xml", [byte_count, interval](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= static_cast<std::size_t>(byte_count)) {
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(interval);
        return sink.write("0123456789", 10);
      });
}

TEST(FetcherErrors, NotFoundAndServerErrorNameTheStatus) {
  LocalServer server;
  server.server().Get("/gone", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content("not here", "text/plain");
  });
  server.server().Get("/broken",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  server.start();

  Fetcher fetcher;
  expect_error(fetcher.get(server.url("/gone")), server.url("/gone"), "HTTP 404");
  expect_error(fetcher.get(server.url("/broken")), server.url("/broken"), "HTTP 500");
}

TEST(FetcherErrors, StatusAfterRedirectNamesWhereItHappened) {
  LocalServer server;
  server.server().Get("/old", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/unavailable");
  });
  server.server().Get("/unavailable",
                      [](const httplib::Request&, httplib::Response& res) { res.status = 503; });
  server.start();

  const auto r = Fetcher().get(server.url("/old"));
  expect_error(r, server.url("/old"), "HTTP 503");
  EXPECT_NE(r.error().what.find("/unavailable"), std::string::npos);
}

TEST(FetcherErrors, RedirectLoopIsTooManyRedirects) {
  LocalServer server;
  server.server().Get(
      "/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/b"); });
  server.server().Get(
      "/b", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/a"); });
  server.start();

  FetchOptions options;
  options.max_redirects = 3;
  expect_error(Fetcher(options).get(server.url("/a")), server.url("/a"), "too many redirects");
}

TEST(FetcherErrors, NoRedirectsAllowedMeansOneIsTooMany) {
  LocalServer server;
  server.server().Get(
      "/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/b"); });
  server.server().Get("/b", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("b", "text/plain");
  });
  server.start();

  FetchOptions options;
  options.max_redirects = 0;
  expect_error(Fetcher(options).get(server.url("/a")), server.url("/a"), "too many redirects");
}

TEST(FetcherErrors, RedirectToANonHttpSchemeIsRefused) {
  LocalServer server;
  server.server().Get("/sneaky", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd");
  });
  server.start();

  const auto r = Fetcher().get(server.url("/sneaky"));
  expect_error(r, server.url("/sneaky"), "protocol");
}

TEST(FetcherErrors, NonHttpUrlIsRefused) {
  expect_error(Fetcher().get("file:///etc/passwd"), "file:///etc/passwd", "unsupported protocol");
}

TEST(FetcherErrors, SlowResponseTimesOutWithinTheTotalTimeout) {
  LocalServer server;
  server.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    serve_slowly(res, 1000, 50ms);  // would take 5 s
  });
  server.start();

  FetchOptions options;
  options.total_timeout = 300ms;
  options.max_retries = 0;  // a timeout is retried; this test is about one attempt's limit
  const auto started = std::chrono::steady_clock::now();
  const auto r = Fetcher(options).get(server.url("/slow"), options);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  expect_error(r, server.url("/slow"), "timed out after 300 ms");
  EXPECT_LT(elapsed, 1500ms);
}

TEST(FetcherErrors, ACancelledTransferEndsPromptly) {
  LocalServer server;
  server.server().Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    serve_slowly(res, 1000, 50ms);  // would take 5 s
  });
  server.start();

  std::atomic<bool> cancel{false};
  FetchOptions options;
  options.cancel = &cancel;
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    cancel = true;
  });
  const auto started = std::chrono::steady_clock::now();
  const auto r = Fetcher(options).get(server.url("/slow"), options);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  stopper.join();
  expect_error(r, server.url("/slow"), "cancelled");
  EXPECT_LT(elapsed, 5s);
}

TEST(FetcherErrors, StalledTransferIsAbandonedByTheLowSpeedLimit) {
  LocalServer server;
  server.server().Get("/trickle", [](const httplib::Request&, httplib::Response& res) {
    serve_slowly(res, 1000, 100ms);  // 100 bytes/s for 10 s
  });
  server.start();

  FetchOptions options;
  options.total_timeout = 10s;
  options.low_speed_bytes_per_second = 1000;
  options.low_speed_time = 1s;
  options.max_retries = 0;
  const auto started = std::chrono::steady_clock::now();
  const auto r = Fetcher().get(server.url("/trickle"), options);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  expect_error(r, server.url("/trickle"), "too slow");
  EXPECT_LT(elapsed, 4s);
}

TEST(FetcherErrors, OversizedBodyIsCutOff) {
  LocalServer server;
  server.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(100 * 1024, 'x'), "application/rss+xml");
  });
  server.start();

  FetchOptions options;
  options.max_body_bytes = 10 * 1024;
  expect_error(Fetcher().get(server.url("/big"), options), server.url("/big"),
               "body larger than 10240 bytes");
}

TEST(FetcherErrors, BodyLimitCountsDecompressedBytes) {
  LocalServer server;
  server.server().Get("/bomb", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(read_fixture("fetch/one-megabyte.txt.gz"), "application/rss+xml");
  });
  server.start();

  FetchOptions options;
  options.max_body_bytes = 64 * 1024;  // ~1 KB on the wire, 1 MB once inflated
  expect_error(Fetcher().get(server.url("/bomb"), options), server.url("/bomb"),
               "body larger than 65536 bytes");
}

TEST(FetcherErrors, ClosedPortIsConnectionRefused) {
  // A socket bound but not listening keeps the port ours and refuses connections to it.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/";

  const auto r = Fetcher().get(url);
  ::close(fd);
  expect_error(r, url, "connection refused");
}

}  // namespace
}  // namespace headlined::fetch
