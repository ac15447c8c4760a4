#pragma once
// A real SMTP server for tests: aiosmtpd (python3-aiosmtpd) storing every message it accepts
// in a maildir. Header-only because the test suites glob only *_test.cpp sources.
//
//   SmtpServer smtp;
//   smtp.start();                      // throws std::runtime_error when it cannot start
//   ... send to smtp.url() ...
//   smtp.messages();                   // the raw messages received so far

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/log_number.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace headlined::testing {

class SmtpServer {
 public:
  SmtpServer() = default;
  ~SmtpServer() { stop(); }
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Starts aiosmtpd on 127.0.0.1 and waits until it listens; returns the port. `port` 0
  // lets the server bind a free port itself and report it (a port picked here, closed and
  // handed over could be taken by another test running at once); a stopped server can be
  // started again on its old port() (a mail server back from an outage), keeping the
  // messages it stored.
  int start(int port = 0) {
    const std::string maildir = maildir_path().string();
    const std::string log = dir_.file("aiosmtpd.log");
    std::vector<std::string> args = {"/usr/bin/python3", "-c", kServerScript, maildir,
                                     std::to_string(port)};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start aiosmtpd");
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    int bound = 0;
    while ((bound = number_after(read_file(log), "listening ")) == 0) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("aiosmtpd exited: " + read_file(log));
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("aiosmtpd did not start listening: " + read_file(log));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    port_ = bound;
    return port_;
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  int port() const { return port_; }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path maildir_path() const { return dir_.path() / "maildir"; }

  // Every message delivered so far, oldest file first, as stored (RFC 5322 text).
  std::vector<std::string> messages() const {
    std::vector<std::filesystem::path> files;
    for (const char* sub : {"new", "cur"}) {
      std::error_code ec;
      for (const auto& entry : std::filesystem::directory_iterator(maildir_path() / sub, ec)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    }
    std::ranges::sort(files, [](const auto& a, const auto& b) {
      return std::filesystem::last_write_time(a) < std::filesystem::last_write_time(b);
    });
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(read_file(f));
    return out;
  }

  // Waits until at least `n` messages are stored (delivery is synchronous in aiosmtpd, the
  // wait only guards against file-system latency).
  std::vector<std::string> wait_for_messages(
      std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto got = messages();
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      got = messages();
    }
    return got;
  }

 private:
  // aiosmtpd's SMTP protocol with its Mailbox handler, served on the port given (0: any
  // free one), announcing "listening PORT" once it accepts connections.
  static constexpr const char* kServerScript = R"py(
import asyncio, sys
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP
async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Mailbox(sys.argv[1]), hostname='127.0.0.1'),
                                      host='127.0.0.1', port=int(sys.argv[2]))
    print('listening', server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()
asyncio.run(main())
)py";

  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace headlined::testing
