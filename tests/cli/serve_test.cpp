// `headlined serve --db FILE --listen ADDR` (the real binary): serves the snapshot pages of a
// database without crawling; a takedown request sent through its form is then listed by
// `headlined takedown-requests`.
#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include "cli_fixture.hpp"
#include "support/child_process.hpp"
#include "support/log_number.hpp"

namespace headlined::cli::testing {
namespace {

using headlined::testing::ChildProcess;
using headlined::testing::number_after;
using headlined::testing::read_file;
using headlined::testing::wait_until;

class ServeTest : public CliTest {};

TEST_F(ServeTest, ServesPagesAndTakesTakedownRequests) {
  store.reset();  // the server opens the file itself
  ChildProcess server;
  const std::string log = dir.file("serve.log");
  server.start({HEADLINED_BINARY, "serve", "--db", db_path, "--listen", "127.0.0.1:0"}, log);
  int port = 0;
  ASSERT_TRUE(wait_until(
      [&] { return (port = number_after(read_file(log), "web front on http://127.0.0.1:")) > 0; },
      std::chrono::seconds(20)))
      << read_file(log);

  httplib::Client client("127.0.0.1", port);
  auto page = client.Get("/s/" + std::to_string(seed_id));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("本文转自:淄博日报"), std::string::npos);
  EXPECT_NE(page->body.find("信息原文地址"), std::string::npos);

  auto form = client.Get("/takedown");
  ASSERT_TRUE(form);
  const std::string marker = "name=\"csrf\" value=\"";
  std::string token = form->body.substr(form->body.find(marker) + marker.size());
  token = token.substr(0, token.find('"'));
  const std::string cookie = form->get_header_value("Set-Cookie");
  auto sent = client.Post("/takedown", {{"Cookie", cookie.substr(0, cookie.find(';'))}},
                          httplib::Params{{"csrf", token},
                                          {"url", kSeedUrl},
                                          {"contact", "author@example.com"},
                                          {"reason", "my article"}});
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->status, 200) << sent->body;

  server.signal(SIGTERM);
  EXPECT_EQ(server.wait(std::chrono::seconds(20)), 0) << read_file(log);

  Output listed = db_command("takedown-requests --json");
  EXPECT_EQ(listed.status, 0);
  auto requests = parse(listed);
  ASSERT_EQ(requests.size(), 1u) << listed.out;
  EXPECT_EQ(requests[0]["url"], kSeedUrl);
  EXPECT_EQ(requests[0]["contact"], "author@example.com");
  EXPECT_EQ(requests[0]["reason"], "my article");
}

// A port free at the moment (the system's choice for a socket bound to port 0, closed again).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST_F(ServeTest, TheDaemonServesWebAndMetricsOnOneSharedListener) {
  store.reset();
  const int port = free_port();
  const std::string listen = "127.0.0.1:" + std::to_string(port);
  const std::string config = dir.file("web.jsonc");
  headlined::testing::write_file(config, R"({"database": "headlined.db", "metrics_listen": ")" +
                                             listen + R"(", "web": {"listen": ")" + listen +
                                             R"(", "site_name": "测试站"}})");
  ChildProcess daemon;
  const std::string log = dir.file("run.log");
  daemon.start({HEADLINED_BINARY, "run", "--config", config}, log);
  ASSERT_TRUE(wait_until([&] { return read_file(log).find("web front on") != std::string::npos; },
                         std::chrono::seconds(20)))
      << read_file(log);
  httplib::Client client("127.0.0.1", port);
  auto page = client.Get("/s/" + std::to_string(seed_id));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("由测试站爬虫进行采集并收录"), std::string::npos);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("# TYPE"), std::string::npos);
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(std::chrono::seconds(20)), 0) << read_file(log);
}

TEST_F(ServeTest, NeedsAListenAddressAndAnExistingDatabase) {
  Output no_listen = headlined("serve --db " + shell_quoted(db_path) + " 2>&1");
  EXPECT_EQ(no_listen.status, 2);
  EXPECT_NE(no_listen.out.find("--listen"), std::string::npos) << no_listen.out;
  Output no_db =
      headlined("serve --db " + shell_quoted(dir.file("none.db")) + " --listen 127.0.0.1:0 2>&1");
  EXPECT_EQ(no_db.status, 1);
  EXPECT_NE(no_db.out.find("no database at"), std::string::npos) << no_db.out;
}

}  // namespace
}  // namespace headlined::cli::testing
