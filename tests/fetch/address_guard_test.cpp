// The address policy enforced by the fetcher against real servers on loopback: a policed
// fetch reaches no loopback address however the URL spells it, not through a redirect and
// not over a pooled connection; the trusted origin and unpoliced fetches go through.

#include <gtest/gtest.h>
#include <netdb.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "headlined/fetch/fetcher.hpp"
#include "support/local_server.hpp"

namespace headlined::fetch {
namespace {

using headlined::testing::LocalServer;

// Counts every request it gets (robots.txt included) and answers each with a small page.
class CountingServer {
 public:
  CountingServer() {
    local.server().Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++requests;
      res.set_content("<html><body><p>inside</p></body></html>", "text/html");
    });
    local.start();
  }
  std::string port() const { return std::to_string(local.port()); }
  LocalServer local;
  std::atomic<int> requests{0};
};

FetchOptions policed(const std::string& trusted_url = {}) {
  FetchOptions options;
  options.max_retries = 0;
  options.address_policy.enforce = true;
  options.address_policy.trusted_url = trusted_url;
  options.address_policy.what = "discovered URL";
  options.address_policy.hint =
      "set \"allow_private_addresses\": true on source 'test' to allow it";
  return options;
}

// A host name of this machine other than "localhost" that resolves to 127.0.0.1 (the
// sandbox's /etc/hosts has one), or "".
std::string other_loopback_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || std::string(name) == "localhost") return {};
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  if (getaddrinfo(name, nullptr, &hints, &found) != 0 || !found) return {};
  const auto* in = reinterpret_cast<const sockaddr_in*>(found->ai_addr);
  const bool loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
  freeaddrinfo(found);
  return loopback ? name : "";
}

TEST(AddressGuard, LoopbackInEverySpellingIsRefusedBeforeAnyRequest) {
  CountingServer inside;
  const std::string q = inside.port();
  std::vector<std::pair<std::string, std::string>> cases = {
      {"http://127.0.0.1:" + q + "/a", "127.0.0.1"},
      {"http://0177.0.0.1:" + q + "/a", "127.0.0.1"},                 // octal
      {"http://2130706433:" + q + "/a", "127.0.0.1"},                 // one decimal number
      {"http://0x7f000001:" + q + "/a", "127.0.0.1"},                 // one hexadecimal number
      {"http://127.1:" + q + "/a", "127.0.0.1"},                      // short form
      {"http://[::ffff:127.0.0.1]:" + q + "/a", "::ffff:127.0.0.1"},  // IPv4-mapped IPv6
      // Either address of the name ("" = 127.0.0.1 or ::1, whichever libcurl tries first).
      {"http://localhost:" + q + "/a", ""},
      {"http://LOCALHOST:" + q + "/a", ""},
  };
  if (const std::string name = other_loopback_name(); !name.empty())
    cases.push_back({"http://" + name + ":" + q + "/a", "127.0.0.1"});
  Fetcher fetcher;
  for (const auto& [url, address] : cases) {
    const auto r = fetcher.get(url, policed());
    ASSERT_FALSE(r.has_value()) << url << " was fetched";
    const std::string e = r.error().to_string();
    if (address.empty()) {
      EXPECT_TRUE(e.find("discovered URL " + url + " resolves to 127.0.0.1, a loopback address") !=
                      std::string::npos ||
                  e.find("discovered URL " + url + " resolves to ::1, a loopback address") !=
                      std::string::npos)
          << e;
    } else {
      EXPECT_NE(
          e.find("discovered URL " + url + " resolves to " + address + ", a loopback address"),
          std::string::npos)
          << e;
    }
    EXPECT_NE(e.find("allow_private_addresses"), std::string::npos) << e;
    EXPECT_EQ(r.error().where, url);
  }
  EXPECT_EQ(inside.requests.load(), 0);

  // The same URLs unpoliced (as a configured URL is) are fetched.
  for (const auto& [url, address] : cases) {
    FetchOptions open;
    const auto r = fetcher.get(url, open);
    EXPECT_TRUE(r.has_value()) << url << ": " << r.error().to_string();
  }
  EXPECT_GE(inside.requests.load(), static_cast<int>(cases.size()));
}

TEST(AddressGuard, Ipv6LoopbackIsRefused) {
  httplib::Server server;
  std::atomic<int> requests{0};
  server.Get(".*", [&](const httplib::Request&, httplib::Response& res) {
    ++requests;
    res.set_content("<p>v6</p>", "text/html");
  });
  const int port = server.bind_to_any_port("::1");
  if (port <= 0) GTEST_SKIP() << "no IPv6 loopback here";
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  const std::string url = "http://[::1]:" + std::to_string(port) + "/a";
  Fetcher fetcher;
  const auto refused = fetcher.get(url, policed());
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().what.find("resolves to ::1, a loopback address"), std::string::npos)
      << refused.error().to_string();
  EXPECT_EQ(requests.load(), 0);
  const auto allowed = fetcher.get(url, FetchOptions{});
  EXPECT_TRUE(allowed.has_value()) << allowed.error().to_string();
  EXPECT_GE(requests.load(), 1);
  server.stop();
  thread.join();
}

TEST(AddressGuard, TheTrustedOriginIsNotPoliced) {
  CountingServer site;
  const std::string feed = site.local.url("/feed.xml");
  Fetcher fetcher;
  const auto r = fetcher.get(site.local.url("/a/1.html"), policed(feed));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  // The same server under another spelling is another origin as written, but libcurl reads
  // 0177.0.0.1 as 127.0.0.1: the origin is compared as libcurl parses it.
  const auto octal = fetcher.get("http://0177.0.0.1:" + site.port() + "/a/2.html", policed(feed));
  EXPECT_TRUE(octal.has_value()) << octal.error().to_string();
  // Another port on the same host is another origin.
  CountingServer other;
  const auto r2 = fetcher.get(other.local.url("/a/1.html"), policed(feed));
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(other.requests.load(), 0);
}

TEST(AddressGuard, ARedirectHopToLoopbackIsRefused) {
  // The first hop is on the trusted origin (in this sandbox the only way to have an allowed
  // first hop); its redirect to another origin on loopback is policed.
  CountingServer inside;
  LocalServer site;
  std::atomic<int> redirects{0};
  const std::string target = "http://127.0.0.1:" + inside.port() + "/secret";
  site.server().Get("/go", [&](const httplib::Request&, httplib::Response& res) {
    ++redirects;
    res.set_redirect(target);
  });
  site.start();
  Fetcher fetcher;
  const std::string url = site.url("/go");
  const auto r = fetcher.get(url, policed(site.url("/feed.xml")));
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().what.find("discovered URL " + url + " (redirected to " + target +
                                ") resolves to 127.0.0.1, a loopback address"),
            std::string::npos)
      << r.error().to_string();
  EXPECT_EQ(redirects.load(), 1);
  EXPECT_EQ(inside.requests.load(), 0);
  EXPECT_EQ(r.error().where, url);
}

TEST(AddressGuard, APooledConnectionDoesNotCarryAPolicedFetch) {
  // A configured (unpoliced) fetch leaves a keep-alive connection to the host in the pool; a
  // policed fetch of the same host and port must not ride on it.
  CountingServer inside;
  CrawlPolicy no_robots;
  no_robots.robots = false;
  Fetcher fetcher(FetchOptions{}, no_robots);
  const std::string url = inside.local.url("/a");
  ASSERT_TRUE(fetcher.get(url, FetchOptions{}).has_value());
  const int before = inside.requests.load();
  const auto r = fetcher.get(url, policed());
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().what.find("resolves to 127.0.0.1, a loopback address"), std::string::npos)
      << r.error().to_string();
  EXPECT_EQ(inside.requests.load(), before);
}

TEST(AddressGuard, ThroughAProxyAnIpLiteralIsCheckedAndANameIsLeftToTheProxy) {
  // The connection goes to the proxy (configured by the admin, on loopback here), which
  // resolves names itself: a target written as an internal IP address is refused before the
  // request is sent; a name is passed on.
  LocalServer proxy;
  std::atomic<int> proxied{0};
  std::string last_target;
  proxy.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    ++proxied;
    last_target = req.target;
    res.set_content("<p>via proxy</p>", "text/html");
  });
  proxy.start();
  CrawlPolicy no_robots;
  no_robots.robots = false;
  Fetcher fetcher(FetchOptions{}, no_robots);
  FetchOptions options = policed();
  options.proxy = proxy.url("");

  const auto refused = fetcher.get("http://10.1.2.3/a", options);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().what.find("resolves to 10.1.2.3, a private address"), std::string::npos)
      << refused.error().to_string();
  // Other spellings of a loopback IP are read as libcurl reads them.
  for (const char* url : {"http://2130706433/a", "http://0177.0.0.1/a", "http://[::1]/a",
                          "http://[::ffff:127.0.0.1]/a"}) {
    const auto r = fetcher.get(url, options);
    ASSERT_FALSE(r.has_value()) << url;
    EXPECT_NE(r.error().what.find("a loopback address"), std::string::npos)
        << r.error().to_string();
  }
  EXPECT_EQ(proxied.load(), 0);

  const auto passed = fetcher.get("http://news.example/a", options);
  ASSERT_TRUE(passed.has_value()) << passed.error().to_string();
  EXPECT_EQ(proxied.load(), 1);
  EXPECT_EQ(last_target, "http://news.example/a");
}

TEST(AddressGuard, ARefusedFetchIsNotRetried) {
  CountingServer inside;
  FetchOptions options = policed();
  options.max_retries = 3;
  options.retry_base = std::chrono::milliseconds(2000);
  const auto started = std::chrono::steady_clock::now();
  const auto r = Fetcher().get(inside.local.url("/a"), options);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().what.find("attempts"), std::string::npos) << r.error().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

}  // namespace
}  // namespace headlined::fetch
