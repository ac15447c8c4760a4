// TLS verification stays on: a server with a self-signed certificate is refused, and only
// an explicit verify_tls = false (a source's "tls_verify": false) fetches from it.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "headlined/fetch/fetcher.hpp"
#include "support/child_process.hpp"
#include "support/temp_dir.hpp"

namespace headlined::fetch {
namespace {

using namespace std::chrono_literals;
using headlined::testing::ChildProcess;
using headlined::testing::read_file;
using headlined::testing::TempDir;
using headlined::testing::wait_until;
using headlined::testing::write_file;

// An HTTPS server on 127.0.0.1 (Python's http.server behind ssl), printing its port.
constexpr const char* kServer = R"(import http.server, ssl, sys
class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body><p>served over TLS</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
)";

TEST(TlsVerify, ASelfSignedServerIsRefusedUnlessVerificationIsTurnedOff) {
  TempDir dir;
  const std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  const std::string make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key +
                                " -out " + cert + " -subj /CN=127.0.0.1 -days 1 >/dev/null 2>&1";
  if (std::system(make_cert.c_str()) != 0) GTEST_SKIP() << "openssl cannot make a certificate";
  write_file(dir.file("server.py"), kServer);
  const std::string log = dir.file("server.log");
  ChildProcess server;
  server.start({"/usr/bin/python3", dir.file("server.py"), cert, key}, log);
  ASSERT_TRUE(wait_until([&] { return read_file(log).find('\n') != std::string::npos; }, 10s))
      << read_file(log);
  const std::string url =
      "https://127.0.0.1:" + read_file(log).substr(0, read_file(log).find('\n')) + "/";

  CrawlPolicy policy;
  policy.robots = false;
  Fetcher fetcher(FetchOptions{}, policy);
  FetchOptions verified;
  verified.max_retries = 0;
  const auto refused = fetcher.get(url, verified);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().what.find("TLS failure"), std::string::npos)
      << refused.error().to_string();

  FetchOptions insecure = verified;
  insecure.verify_tls = false;
  const auto fetched = fetcher.get(url, insecure);
  ASSERT_TRUE(fetched.has_value()) << fetched.error().to_string();
  EXPECT_NE(fetched->body.find("served over TLS"), std::string::npos);

  // The unverified connection is not reused for a verified fetch afterwards.
  const auto again = fetcher.get(url, verified);
  EXPECT_FALSE(again.has_value());
}

}  // namespace
}  // namespace headlined::fetch
