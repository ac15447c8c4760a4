#pragma once
// A child process (the real `headlined` binary, usually) with extra environment variables
// and its output captured to a file; killed at the end of the test if still running.

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace headlined::testing {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Starts `argv` with the current environment plus `env`; stdout and stderr go to `log`.
  void start(const std::vector<std::string>& argv, const std::string& log,
             const std::map<std::string, std::string>& env = {});
  void signal(int sig) const;
  // The exit status once exited within `timeout`; nothing if still running (or killed by a
  // signal: -signal number is returned then).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Waits until `condition` holds, polling every 20 ms; false when `timeout` passed first. The
// timeout is an upper bound, so it stretches with time_scale() in the slower sanitizer builds
// (a TSan daemon on a busy 2-core machine stored 16 articles in 40 s, not 30).
template <class F>
bool wait_until(F condition, std::chrono::milliseconds timeout);

}  // namespace headlined::testing

#include <thread>

#include "support/time_scale.hpp"

namespace headlined::testing {

template <class F>
bool wait_until(F condition, std::chrono::milliseconds timeout) {
  const auto deadline =
      std::chrono::steady_clock::now() +
      std::chrono::duration_cast<std::chrono::milliseconds>(timeout * time_scale());
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace headlined::testing
