// SMTP AUTH and the TLS modes against a real aiosmtpd that requires a login (it runs without
// TLS here, which is also what lets "starttls" be shown to refuse to send in clear).

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>

#include "headlined/notify/channels.hpp"
#include "notify_fixture.hpp"
#include "support/child_process.hpp"
#include "support/log_number.hpp"
#include "support/temp_dir.hpp"

namespace headlined::notify::testing {
namespace {

using namespace std::chrono_literals;

// The server binds port 0 itself and reports the port it got ("ready PORT"): a port picked
// by the test, closed and handed over would race with other tests running at once.
constexpr const char* kAuthServer = R"py(
import asyncio, sys
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
def check(server, session, envelope, mechanism, data):
    return AuthResult(success=isinstance(data, LoginPassword) and
                      data.login == b'reader' and data.password == b's3cret')
async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(Mailbox(sys.argv[1]), hostname='127.0.0.1', authenticator=check,
                     auth_required=True, auth_require_tls=False),
        host='127.0.0.1', port=0)
    print('ready', server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
)py";

class SmtpAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    headlined::testing::write_file(dir_.file("server.py"), kAuthServer);
    server_.start({"/usr/bin/python3", dir_.file("server.py"), dir_.file("maildir")},
                  dir_.file("server.log"));
    auto bound = [&] {
      return headlined::testing::number_after(
          headlined::testing::read_file(dir_.file("server.log")), "ready ");
    };
    ASSERT_TRUE(headlined::testing::wait_until([&] { return bound() > 0; }, 15s))
        << headlined::testing::read_file(dir_.file("server.log"));
    port_ = bound();
  }
  void TearDown() override {
    server_.signal(SIGKILL);
    server_.wait(5s);
  }

  ChannelSpec spec(const std::string& password, const std::string& tls = "try") {
    ChannelSpec s;
    s.name = "mail";
    s.type = ChannelType::Email;
    s.smtp_url = "smtp://127.0.0.1:" + std::to_string(port_);
    s.username = "reader";
    s.password = password;
    s.tls = tls;
    s.from = "alerts@headlined.test";
    s.to = {"reader@example.com"};
    s.timeout = 10s;
    return s;
  }

  std::size_t stored() {
    std::error_code ec;
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path() / "maildir" / "new", ec)) {
      (void)e;
      ++n;
    }
    return n;
  }

  headlined::testing::TempDir dir_;
  headlined::testing::ChildProcess server_;
  int port_ = 0;
};

TEST_F(SmtpAuthTest, LogsInAndDelivers) {
  EmailChannel channel(spec("s3cret"));
  auto result = channel.send(seed_message());
  ASSERT_TRUE(result) << result.error().reason;
  EXPECT_EQ(stored(), 1u);
}

TEST_F(SmtpAuthTest, AWrongPasswordSendsNothing) {
  ChannelSpec wrong = spec("wrong");
  wrong.timeout = 2s;  // aiosmtpd answers 535, then libcurl waits on the connection
  EmailChannel channel(wrong);
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);
  EXPECT_EQ(stored(), 0u);
}

TEST_F(SmtpAuthTest, RequiredStarttlsRefusesAServerWithoutIt) {
  EmailChannel channel(spec("s3cret", "starttls"));
  auto result = channel.send(seed_message());
  ASSERT_FALSE(result);  // the password never goes out in clear
  EXPECT_EQ(stored(), 0u);
}

}  // namespace
}  // namespace headlined::notify::testing
