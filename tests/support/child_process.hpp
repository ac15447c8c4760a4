#pragma once
// A child process (the real `headlined` binary, usually) with extra environment variables
// and its output captured to a file; killed at the end of the test if still running.

#include <sys/types.h>

#include <chrono>
#include <cstdlib>
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

// Waits until `condition` holds, polling every 20 ms; false when `timeout` passed first.
template <class F>
bool wait_until(F condition, std::chrono::milliseconds timeout);

// How many times slower than a normal build the binary under test runs (at least 1): the
// sanitizer builds set HEADLINED_TEST_TIME_SCALE (scripts/test-sanitizers), so a test that
// aims at a moment of the daemon's work (a kill mid-crawl) can stretch its aim to match.
inline double time_scale() {
  const char* value = std::getenv("HEADLINED_TEST_TIME_SCALE");
  const double scale = value ? std::atof(value) : 1.0;
  return scale > 1.0 ? scale : 1.0;
}

}  // namespace headlined::testing

#include <thread>

namespace headlined::testing {

template <class F>
bool wait_until(F condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace headlined::testing
