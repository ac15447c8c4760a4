#pragma once
// A real SMTP server for tests: aiosmtpd (python3-aiosmtpd) storing every message it accepts
// in a maildir. Header-only because the test suites glob only *_test.cpp sources.
//
//   SmtpServer smtp;
//   smtp.start();                      // throws std::runtime_error when it cannot start
//   ... send to smtp.url() ...
//   smtp.messages();                   // the raw messages received so far

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/temp_dir.hpp"

extern char** environ;

namespace headlined::testing {

class SmtpServer {
 public:
  SmtpServer() = default;
  ~SmtpServer() { stop(); }
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  // Starts aiosmtpd on 127.0.0.1 and waits until it accepts connections; returns the port.
  // `port` 0 picks a free one; a stopped server can be started again on its old port()
  // (a mail server back from an outage), keeping the messages it stored.
  int start(int port = 0) {
    port_ = port != 0 ? port : free_port();
    const std::string listen = "127.0.0.1:" + std::to_string(port_);
    const std::string maildir = maildir_path().string();
    const std::string log = dir_.file("aiosmtpd.log");
    // -c CLASSPATH and its arguments (the maildir) must come last on the command line.
    std::vector<std::string> args = {
        "/usr/bin/python3",          "-m",   "aiosmtpd", "-n", "-l", listen, "-c",
        "aiosmtpd.handlers.Mailbox", maildir};
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
    while (!accepts_connections()) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("aiosmtpd exited: " + read_file(log));
      }
      if (std::chrono::steady_clock::now() > deadline) {
        stop();
        throw std::runtime_error("aiosmtpd did not start listening on " + listen);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
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
  static int free_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      if (fd >= 0) close(fd);
      throw std::runtime_error("cannot find a free port on 127.0.0.1");
    }
    close(fd);
    return ntohs(addr.sin_port);
  }

  bool accepts_connections() const {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
  }

  TempDir dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace headlined::testing
