// An SMTP server that refuses the login, or relaying to the recipient, as the SMTP standards
// say (535, 550): every message through the channel would be refused the same way, so the
// channel's failure asks the dispatcher to pause it. A tiny scripted server (Python's
// standard library only), since aiosmtpd cannot be told to refuse relaying.
#include <gtest/gtest.h>

#include <csignal>

#include "headlined/notify/channels.hpp"
#include "notify_fixture.hpp"
#include "support/child_process.hpp"
#include "support/log_number.hpp"
#include "support/temp_dir.hpp"

namespace headlined::notify::testing {
namespace {

using namespace std::chrono_literals;

// argv[1]: "auth" refuses AUTH with 535; "relay" takes MAIL FROM and refuses RCPT TO with 550.
constexpr const char* kRefusingServer = R"py(
import socket, sys
mode = sys.argv[1]
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.listen()
print('ready', s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    f = c.makefile('rwb')
    f.write(b'220 refusing.test ESMTP\r\n'); f.flush()
    for line in f:
        cmd = line.decode('ascii', 'replace').strip().upper()
        if cmd.startswith('EHLO'):
            f.write(b'250-refusing.test\r\n250 AUTH PLAIN LOGIN\r\n')
        elif cmd.startswith('AUTH'):
            f.write(b'535 5.7.8 Authentication credentials invalid\r\n')
        elif cmd.startswith('MAIL'):
            f.write(b'250 2.1.0 Ok\r\n')
        elif cmd.startswith('RCPT'):
            f.write(b'550 5.7.1 Relaying denied\r\n')
        elif cmd.startswith('QUIT'):
            f.write(b'221 Bye\r\n'); f.flush(); break
        else:
            f.write(b'502 5.5.2 Not here\r\n')
        f.flush()
    c.close()
)py";

class SmtpRefusalTest : public ::testing::Test {
 protected:
  int start(const std::string& mode) {
    headlined::testing::write_file(dir_.file("server.py"), kRefusingServer);
    server_.start({"/usr/bin/python3", dir_.file("server.py"), mode}, dir_.file("server.log"));
    auto bound = [&] {
      return headlined::testing::number_after(
          headlined::testing::read_file(dir_.file("server.log")), "ready ");
    };
    EXPECT_TRUE(headlined::testing::wait_until([&] { return bound() > 0; }, 15s))
        << headlined::testing::read_file(dir_.file("server.log"));
    return bound();
  }
  void TearDown() override {
    server_.signal(SIGKILL);
    server_.wait(5s);
  }

  ChannelSpec spec(int port, bool login) {
    ChannelSpec s;
    s.name = "mail";
    s.type = ChannelType::Email;
    s.smtp_url = "smtp://127.0.0.1:" + std::to_string(port);
    if (login) {
      s.username = "reader";
      s.password = "wrong";
    }
    s.tls = "none";
    s.from = "alerts@headlined.test";
    s.to = {"reader@elsewhere.example"};
    s.timeout = 10s;
    return s;
  }

  headlined::testing::TempDir dir_;
  headlined::testing::ChildProcess server_;
};

TEST_F(SmtpRefusalTest, ARefusedLoginPausesTheChannel) {
  EmailChannel channel(spec(start("auth"), true));
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().pause) << result.error().reason;
  EXPECT_NE(result.error().reason.find("username and password"), std::string::npos)
      << result.error().reason;
  EXPECT_EQ(channel.last_answer().rfind("SMTP 535", 0), 0u) << channel.last_answer();
}

TEST_F(SmtpRefusalTest, ARefusedRecipientPausesTheChannel) {
  EmailChannel channel(spec(start("relay"), false));
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);
  EXPECT_TRUE(result.error().pause) << result.error().reason;
  EXPECT_NE(result.error().reason.find("relaying denied"), std::string::npos)
      << result.error().reason;
  EXPECT_EQ(channel.last_answer().rfind("SMTP 550", 0), 0u) << channel.last_answer();
}

}  // namespace
}  // namespace headlined::notify::testing
