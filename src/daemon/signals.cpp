#include "headlined/daemon/signals.hpp"

#include <unistd.h>
#include <csignal>

namespace headlined::daemon {

namespace {

std::atomic<bool> stop_requested{false};
std::atomic<bool> reload_requested{false};

extern "C" void on_stop_signal(int) {
  if (stop_requested.exchange(true)) _exit(130);
  static const char message[] = "headlined: stopping after the work in flight...\n";
  (void)!write(STDERR_FILENO, message, sizeof message - 1);
}

extern "C" void on_reload_signal(int) {
  reload_requested.store(true);
}

void handle(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(signal, &action, nullptr);
}

}  // namespace

SignalFlags install_signal_handlers() {
  handle(SIGTERM, on_stop_signal);
  handle(SIGINT, on_stop_signal);
  handle(SIGHUP, on_reload_signal);
  signal(SIGPIPE, SIG_IGN);
  // A file size limit (LimitFSIZE=, ulimit -f) reached by the database is then a failed
  // write (EFBIG), which the daemon reports and waits out like a full disk, not a kill.
  signal(SIGXFSZ, SIG_IGN);
  return {stop_requested, reload_requested};
}

}  // namespace headlined::daemon
