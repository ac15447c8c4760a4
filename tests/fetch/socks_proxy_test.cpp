// A SOCKS5 proxy carries the crawler's requests: a real one (Debian's microsocks) started on
// loopback, with socks5h:// (the proxy resolves the name, as for a news site reachable only
// through it) and socks5:// (the proxy is given an address). The proxy's
// own log shows what it was asked to connect to, so the request cannot have gone direct.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>

#include "headlined/fetch/fetcher.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::fetch {
namespace {

using namespace std::chrono_literals;
using headlined::testing::ChildProcess;
using headlined::testing::LocalServer;
using headlined::testing::read_file;
using headlined::testing::TempDir;
using headlined::testing::wait_until;

// A port free on 127.0.0.1 a moment ago (the proxy takes it next).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return ok;
}

class SocksProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get("/a.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("<p>经代理取回</p>", "text/html; charset=utf-8");
    });
    site.start();
    port = free_port();
    proxy.start({"/usr/bin/microsocks", "-i", "127.0.0.1", "-p", std::to_string(port)}, log_path);
    ASSERT_TRUE(wait_until([&] { return accepts_connections(port); }, 10s))
        << "microsocks did not start: " << read_file(log_path);
  }
  void TearDown() override { proxy.signal(SIGTERM); }

  Result<Response> get_through(const std::string& scheme, const std::string& url) {
    FetchOptions options;
    options.proxy = scheme + "://127.0.0.1:" + std::to_string(port);
    CrawlPolicy policy;
    policy.host_delay = 0ms;
    return Fetcher(options, policy).get(url);
  }

  TempDir dir;
  const std::string log_path = dir.file("microsocks.log");
  LocalServer site;
  ChildProcess proxy;
  int port = 0;
};

TEST_F(SocksProxy, Socks5hLetsTheProxyResolveTheName) {
  const std::string target = "localhost:" + std::to_string(site.port());
  const auto r = get_through("socks5h", "http://" + target + "/a.html");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->body, "<p>经代理取回</p>");
  EXPECT_NE(read_file(log_path).find("connected to " + target), std::string::npos)
      << read_file(log_path);
}

TEST_F(SocksProxy, Socks5CarriesARequestToAnAddress) {
  const std::string target = "127.0.0.1:" + std::to_string(site.port());
  const auto r =
      get_through("socks5", "http://localhost:" + std::to_string(site.port()) + "/a.html");
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(r->body, "<p>经代理取回</p>");
  EXPECT_NE(read_file(log_path).find("connected to " + target), std::string::npos)
      << read_file(log_path);
}

TEST_F(SocksProxy, AProxyThatIsDownIsAClearError) {
  proxy.signal(SIGTERM);
  ASSERT_TRUE(proxy.wait(5s).has_value());
  const auto r = get_through("socks5h", site.url("/a.html"));
  ASSERT_FALSE(r);
  // The proxy, not the site, refused; its credentials are not repeated in the message.
  EXPECT_NE(r.error().what.find("proxy socks5h://127.0.0.1:" + std::to_string(port) +
                                ": connection refused"),
            std::string::npos)
      << r.error().to_string();
}

TEST_F(SocksProxy, AProxyRefusingOurPasswordIsNamedWithoutThePassword) {
  const int auth_port = free_port();
  ChildProcess strict;  // a second proxy that wants a user and password
  strict.start({"/usr/bin/microsocks", "-i", "127.0.0.1", "-p", std::to_string(auth_port), "-u",
                "reader", "-P", "right"},
               dir.file("strict.log"));
  ASSERT_TRUE(wait_until([&] { return accepts_connections(auth_port); }, 10s));
  FetchOptions options;
  options.max_retries = 0;
  CrawlPolicy policy;
  policy.host_delay = 0ms;
  options.proxy = "socks5h://reader:wrong@127.0.0.1:" + std::to_string(auth_port);
  const auto refused = Fetcher(options, policy).get(site.url("/a.html"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().what.find("proxy socks5h://127.0.0.1:" + std::to_string(auth_port)),
            std::string::npos)
      << refused.error().to_string();
  EXPECT_EQ(refused.error().to_string().find("wrong"), std::string::npos)
      << refused.error().to_string();

  options.proxy = "socks5h://reader:right@127.0.0.1:" + std::to_string(auth_port);
  const auto accepted = Fetcher(options, policy).get(site.url("/a.html"));
  EXPECT_TRUE(accepted) << accepted.error().to_string();
  strict.signal(SIGTERM);
}

}  // namespace
}  // namespace headlined::fetch
