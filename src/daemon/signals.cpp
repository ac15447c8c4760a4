#include "headlined/daemon/signals.hpp"

#include <unistd.h>
#include <csignal>

namespace headlined::daemon {

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
  if (stop_requested.exchange(true)) _exit(130);
  static const char message[] = "headlined: stopping after the work in flight...\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

}  // namespace

std::atomic<bool>& install_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return stop_requested;
}

}  // namespace headlined::daemon
